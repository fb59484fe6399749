//! The network: a small multilayer perceptron producing one logit.

use burn::nn::{Linear, LinearConfig, Relu};
use burn::prelude::*;

#[derive(Module, Debug)]
pub struct Mlp {
    hidden: Linear,
    activation: Relu,
    output: Linear,
}

impl Mlp {
    /// A freshly initialised network (random weights from the device's generator).
    pub fn new(inputs: usize, hidden: usize, device: &Device) -> Self {
        Self {
            hidden: LinearConfig::new(inputs, hidden).init(device),
            activation: Relu::new(),
            output: LinearConfig::new(hidden, 1).init(device),
        }
    }

    /// Logits, shape `[batch, 1]`.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        self.output.forward(self.activation.forward(self.hidden.forward(x)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_has_one_logit_per_row() {
        let device = Device::ndarray();
        let net = Mlp::new(4, 8, &device);
        let x = Tensor::<2>::from_data(TensorData::new(vec![0.5f32; 12], [3, 4]), &device);
        assert_eq!(net.forward(x).dims(), [3, 1]);
        assert_eq!(net.num_params(), 4 * 8 + 8 + 8 + 1);
    }
}
