import Foundation

/// Weight initialisers (PyTorch's `torch.nn.init` conventions; fan-in = in-channels × kernel elements).
public enum Init {
    /// (fan-in, fan-out) of a weight: [out, in, k...] for convolutions and linear layers.
    public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        guard shape.count >= 2 else { return (shape.first ?? 1, shape.first ?? 1) }
        let receptive = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// PyTorch's default for Conv and Linear weights: kaiming_uniform(a = √5), i.e. U(±1/√fan-in).
    public static func pytorchDefault(_ shape: [Int], generator: RandomGenerator = .current) -> Tensor {
        kaimingUniform(shape, a: 5.0.squareRoot(), generator: generator)
    }

    /// PyTorch's default bias: U(±1/√fan-in) of the weight.
    public static func pytorchDefaultBias(_ count: Int, fanIn: Int, generator: RandomGenerator = .current) -> Tensor {
        let bound = fanIn > 0 ? 1 / Float(fanIn).squareRoot() : 0
        return Tensor.rand([count], low: -bound, high: bound, generator: generator)
    }

    /// He (Kaiming) uniform for leaky-ReLU slope `a`: U(±√(6 / ((1+a²)·fan-in))).
    public static func kaimingUniform(_ shape: [Int], a: Double = 0, generator: RandomGenerator = .current) -> Tensor {
        let bound = Float((6 / ((1 + a * a) * Double(fans(shape).fanIn))).squareRoot())
        return Tensor.rand(shape, low: -bound, high: bound, generator: generator)
    }

    /// He (Kaiming) normal: N(0, 2 / ((1+a²)·fan-in)).
    public static func kaimingNormal(_ shape: [Int], a: Double = 0, generator: RandomGenerator = .current) -> Tensor {
        let std = Float((2 / ((1 + a * a) * Double(fans(shape).fanIn))).squareRoot())
        return Tensor.randn(shape, std: std, generator: generator)
    }

    /// Glorot (Xavier) uniform: U(±√(6 / (fan-in + fan-out))) — Keras' default.
    public static func glorotUniform(_ shape: [Int], generator: RandomGenerator = .current) -> Tensor {
        let f = fans(shape)
        let bound = Float((6 / Double(f.fanIn + f.fanOut)).squareRoot())
        return Tensor.rand(shape, low: -bound, high: bound, generator: generator)
    }

    /// Glorot (Xavier) normal: N(0, 2 / (fan-in + fan-out)).
    public static func glorotNormal(_ shape: [Int], generator: RandomGenerator = .current) -> Tensor {
        let f = fans(shape)
        return Tensor.randn(shape, std: Float((2 / Double(f.fanIn + f.fanOut)).squareRoot()), generator: generator)
    }
}
