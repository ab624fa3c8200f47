import Foundation

// Activations. ReLU and LeakyReLU backpropagate through a constant mask (x > 0), so their backward is linear in
// the incoming gradient and its own backward is the same masked scaling: double backward is exact.

extension Tensor {
    public func relu() -> Tensor { leakyRelu(0) }

    /// `x` where positive, `slope·x` elsewhere.
    public func leakyRelu(_ slope: Float = 0.01) -> Tensor {
        mapCompute { $0 > 0 ? $0 : $0 * slope }.recorded(slope == 0 ? "relu" : "leakyRelu", [self]) { g, _, _ in
            [g.leakyReluGrad(self, slope)]
        }
    }

    /// `g` where `x > 0`, `slope·g` elsewhere: the backward of leakyRelu at `x`, differentiable in `g`.
    func leakyReluGrad(_ x: Tensor, _ slope: Float) -> Tensor {
        let y: Tensor
        if shape == x.shape && Shapes.sameLayout(shape, strides, x.strides) {
            y = Tensor(uninitialized: shape, strides: strides)
            Kernels.zip(count, data, x.data, y.data) { g, x in x > 0 ? g : g * slope }
        } else {
            y = Tensor.broadcastCompute("leakyReluGrad", self, x) { g, x in x > 0 ? g : g * slope }
        }
        return y.recorded("leakyReluGrad", [self]) { gg, _, _ in [gg.leakyReluGrad(x, slope)] }
    }

    public func tanh() -> Tensor {
        Eltwise.apply(.tanh, self).recorded("tanh", [self]) { g, y, _ in [g * (1 - y * y)] }
    }

    public func sigmoid() -> Tensor {
        Eltwise.apply(.sigmoid, self).recorded("sigmoid", [self]) { g, y, _ in [g * y * (1 - y)] }
    }

    /// log(1 + eˣ), computed stably (the example of docs/neural-engine.md's "Adding an operation").
    public func softplus() -> Tensor {
        mapCompute { x in x > 20 ? x : Foundation.log1p(Foundation.exp(x)) }
            .recorded("softplus", [self]) { g, _, _ in [g * self.sigmoid()] }
    }

    /// Zeroes each element with probability `p` and scales the rest by 1/(1−p) (inverted dropout).
    public func dropout(_ p: Float, generator: RandomGenerator = .current) -> Tensor {
        precondition(p >= 0 && p < 1, "NeuralEngine: dropout probability \(p) must be in [0, 1)")
        if p == 0 { return self }
        let keep = 1 - p
        let u = generator.uniform(count: count)
        // The mask is drawn in logical order, so the same seed drops the same elements in any layout.
        let mask = Tensor(shape: shape, data: u.map { $0 < keep ? 1 / keep : 0 })
        return self * mask
    }
}
