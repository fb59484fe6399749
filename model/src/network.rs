//! The network: a small multilayer perceptron producing one logit, and the deep ensemble.

use crate::rng::SplitMix64;
use burn::module::Param;
use burn::nn::{Linear, Relu};
use burn::prelude::*;

/// The first bytes of a weight file.
const WEIGHT_MAGIC: &[u8; 4] = b"PTW1";
/// Magic plus three u32: members, inputs, hidden.
const WEIGHT_HEADER_LEN: usize = 16;

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

    /// The parameters in the weight file's order: hidden weight (`[inputs, hidden]`, row
    /// major) and bias, output weight and bias, skip weight and bias.
    fn parameters(&self) -> [&Linear; 3] {
        [&self.hidden, &self.output, &self.skip]
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
    /// The weight file: a header (`PTW1`, then members, inputs and hidden as u32 little
    /// endian) and every parameter as f32 little endian, member after member, in the order of
    /// [`Mlp::parameters`]. Plain numbers: reading them needs no serialisation library in the
    /// browser (burn's own record format brings a CBOR decoder).
    pub fn to_weight_bytes(&self) -> Vec<u8> {
        let (inputs, hidden) = self.members.first().map_or((0, 0), |m| {
            let [d_in, d_out] = m.hidden.weight.val().dims();
            (d_in, d_out)
        });
        let mut out = Vec::with_capacity(WEIGHT_HEADER_LEN + 4 * self.num_params());
        out.extend_from_slice(WEIGHT_MAGIC);
        for n in [self.members.len(), inputs, hidden] {
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        for member in &self.members {
            for linear in member.parameters() {
                let bias = linear.bias.as_ref().map(|b| b.val().into_data());
                for data in std::iter::once(linear.weight.val().into_data()).chain(bias) {
                    for v in data.to_vec::<f32>().expect("f32 parameters") {
                        out.extend_from_slice(&v.to_le_bytes());
                    }
                }
            }
        }
        out
    }

    /// Reads [`Ensemble::to_weight_bytes`], checking the shape against what the metadata says.
    pub fn from_weight_bytes(
        bytes: &[u8],
        members: usize,
        inputs: usize,
        hidden: usize,
        device: &Device,
    ) -> Result<Self, String> {
        let header = bytes
            .get(..WEIGHT_HEADER_LEN)
            .filter(|h| h.starts_with(WEIGHT_MAGIC))
            .ok_or("not a Pediatriage weight file (no PTW1 header)")?;
        let shape: Vec<usize> = header[4..]
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize)
            .collect();
        if shape != [members, inputs, hidden] {
            return Err(format!(
                "weights for members, inputs, hidden = {shape:?}, the metadata says {:?}",
                [members, inputs, hidden]
            ));
        }
        let per_member = inputs * hidden + hidden + hidden + 1 + inputs + 1;
        let body = &bytes[WEIGHT_HEADER_LEN..];
        if body.len() != 4 * members * per_member {
            return Err(format!(
                "{} bytes of parameters, {} expected",
                body.len(),
                4 * members * per_member
            ));
        }
        let mut values = body
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let mut take = |n: usize| values.by_ref().take(n).collect::<Vec<f32>>();
        let members = (0..members)
            .map(|_| {
                let (w1, b1) = (take(inputs * hidden), take(hidden));
                let (w2, b2) = (take(hidden), take(1));
                let (w3, b3) = (take(inputs), take(1));
                Mlp {
                    hidden: linear_from(w1, b1, inputs, hidden, device),
                    activation: Relu::new(),
                    output: linear_from(w2, b2, hidden, 1, device),
                    skip: linear_from(w3, b3, inputs, 1, device),
                }
            })
            .collect();
        Ok(Self { members })
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
    fn weight_bytes_read_back_to_the_same_logits_and_a_wrong_shape_is_refused() {
        let device = Device::ndarray();
        let mut rng = SplitMix64::new(7);
        let ens = Ensemble {
            members: (0..2)
                .map(|_| Mlp::seeded(4, 3, &mut rng, &device))
                .collect(),
        };
        let bytes = ens.to_weight_bytes();
        assert_eq!(bytes.len(), 16 + 4 * 2 * (4 * 3 + 3 + 3 + 1 + 4 + 1));
        let back = Ensemble::from_weight_bytes(&bytes, 2, 4, 3, &device).unwrap();
        let x = Tensor::<2>::from_data(TensorData::new(vec![0.3f32; 8], [2, 4]), &device);
        assert_eq!(back.member_logits(x.clone()), ens.member_logits(x));
        assert!(Ensemble::from_weight_bytes(&bytes, 2, 4, 4, &device).is_err());
        assert!(Ensemble::from_weight_bytes(&bytes[..bytes.len() - 4], 2, 4, 3, &device).is_err());
        assert!(Ensemble::from_weight_bytes(b"CBOR....", 2, 4, 3, &device).is_err());
    }

    #[test]
    fn a_seeded_network_is_not_zero() {
        let device = Device::ndarray();
        let x = Tensor::<2>::from_data(TensorData::new(vec![0.5f32; 8], [2, 4]), &device);
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
