//! The network: a small multilayer perceptron producing one logit, and the deep ensemble.

use crate::rng::SplitMix64;
use burn::module::Param;
use burn::nn::{Linear, Relu};
use burn::prelude::*;

#[derive(Module, Debug)]
pub struct Mlp {
    hidden: Linear,
    activation: Relu,
    output: Linear,
    /// Linear path from the inputs straight to the logit ("wide and deep"): the network is a
    /// logistic regression plus a small non-linear correction.
    skip: Linear,
}

fn linear_from(w: Vec<f32>, b: Vec<f32>, d_in: usize, d_out: usize, device: &Device) -> Linear {
    Linear {
        weight: Param::from_tensor(Tensor::<2>::from_data(
            TensorData::new(w, [d_in, d_out]),
            device,
        )),
        bias: Some(Param::from_tensor(Tensor::<1>::from_data(
            TensorData::new(b, [d_out]),
            device,
        ))),
    }
}

impl Mlp {
    /// Initialised from our own seeded generator (Kaiming-uniform like burn's default,
    /// U(-1/sqrt(fan_in), 1/sqrt(fan_in))), so that training is reproducible without touching
    /// the device's global generator.
    pub fn seeded(inputs: usize, hidden: usize, rng: &mut SplitMix64, device: &Device) -> Self {
        let mut draw = |count: usize, fan_in: usize| -> Vec<f32> {
            let k = 1.0 / (fan_in as f32).sqrt();
            (0..count).map(|_| rng.uniform(-k, k)).collect()
        };
        let w1 = draw(inputs * hidden, inputs);
        let b1 = draw(hidden, inputs);
        let w2 = draw(hidden, hidden);
        let b2 = draw(1, hidden);
        let w3 = draw(inputs, inputs);
        Self {
            hidden: linear_from(w1, b1, inputs, hidden, device),
            activation: Relu::new(),
            output: linear_from(w2, b2, hidden, 1, device),
            skip: linear_from(w3, vec![0.0], inputs, 1, device),
        }
    }

    /// All-zero network of the given shape: the target structure for loading weights.
    pub fn zeros(inputs: usize, hidden: usize, device: &Device) -> Self {
        Self {
            hidden: linear_from(
                vec![0.0; inputs * hidden],
                vec![0.0; hidden],
                inputs,
                hidden,
                device,
            ),
            activation: Relu::new(),
            output: linear_from(vec![0.0; hidden], vec![0.0], hidden, 1, device),
            skip: linear_from(vec![0.0; inputs], vec![0.0], inputs, 1, device),
        }
    }

    /// Logits, shape `[batch, 1]`.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let deep = self
            .output
            .forward(self.activation.forward(self.hidden.forward(x.clone())));
        deep + self.skip.forward(x)
    }
}

/// A deep ensemble: independently initialised and trained MLPs of the same shape.
#[derive(Module, Debug)]
pub struct Ensemble {
    pub members: Vec<Mlp>,
}

impl Ensemble {
    /// All-zero ensemble of the given shape: the target structure for loading weights.
    pub fn zeros(members: usize, inputs: usize, hidden: usize, device: &Device) -> Self {
        Self {
            members: (0..members)
                .map(|_| Mlp::zeros(inputs, hidden, device))
                .collect(),
        }
    }

    /// Member logits for a batch: `result[member][row]`.
    pub fn member_logits(&self, x: Tensor<2>) -> Vec<Vec<f32>> {
        self.members
            .iter()
            .map(|m| {
                m.forward(x.clone())
                    .into_data()
                    .to_vec::<f32>()
                    .expect("f32 logits")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_has_one_logit_per_row() {
        let device = Device::ndarray();
        let net = Mlp::seeded(4, 8, &mut SplitMix64::new(1), &device);
        let x = Tensor::<2>::from_data(TensorData::new(vec![0.5f32; 12], [3, 4]), &device);
        assert_eq!(net.forward(x).dims(), [3, 1]);
        assert_eq!(net.num_params(), 4 * 8 + 8 + 8 + 1 + 4 + 1);
    }

    #[test]
    fn zero_network_gives_zero_logits_and_seeded_does_not() {
        let device = Device::ndarray();
        let x = Tensor::<2>::from_data(TensorData::new(vec![0.5f32; 8], [2, 4]), &device);
        let z = Ensemble::zeros(2, 4, 3, &device).member_logits(x.clone());
        assert!(z.iter().flatten().all(|v| *v == 0.0));
        let s = Mlp::seeded(4, 3, &mut SplitMix64::new(3), &device).forward(x);
        assert!(
            s.into_data()
                .to_vec::<f32>()
                .unwrap()
                .iter()
                .any(|v| *v != 0.0)
        );
    }
}
