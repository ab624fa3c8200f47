/// A fully connected layer (PyTorch's Linear): y = x·Wᵀ + b with weight [out, in].
public final class Linear: Module, Layer {
    @Parameter public var weight: Tensor
    @Parameter public var bias: Tensor?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: RandomGenerator = .current) {
        weight = Init.pytorchDefault([outFeatures, inFeatures], generator: generator)
        self.bias = bias ? Init.pytorchDefaultBias(outFeatures, fanIn: inFeatures, generator: generator) : nil
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.linear(weight, bias: bias) }
}

/// Keras' name for `Linear`.
public typealias Dense = Linear

/// Batch normalisation over channels (axis 1) for [N, C, ...] inputs: PyTorch's BatchNorm1d/2d/3d.
/// `momentum` follows PyTorch (Keras' momentum m is PyTorch's 1 − m).
public final class BatchNorm: Module, Layer {
    @Parameter public var weight: Tensor?
    @Parameter public var bias: Tensor?
    @Buffer public var runningMean: Tensor
    @Buffer public var runningVar: Tensor
    @Buffer public var numBatchesTracked: Tensor
    public let momentum: Float
    public let eps: Float

    public init(_ numFeatures: Int, eps: Float = 1e-5, momentum: Float = 0.1, affine: Bool = true) {
        weight = affine ? Tensor.ones([numFeatures]) : nil
        bias = affine ? Tensor.zeros([numFeatures]) : nil
        runningMean = Tensor.zeros([numFeatures])
        runningVar = Tensor.ones([numFeatures])
        numBatchesTracked = Tensor(0)
        self.momentum = momentum
        self.eps = eps
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        if isTraining {
            numBatchesTracked.data.pointee += 1
            numBatchesTracked.didMutate()
        }
        return x.batchNorm(weight: weight, bias: bias, runningMean: runningMean, runningVar: runningVar,
                           training: isTraining, momentum: momentum, eps: eps)
    }
}

public typealias BatchNorm2d = BatchNorm
public typealias BatchNorm3d = BatchNorm

/// Layer normalisation over the trailing `normalizedShape` axes (PyTorch's LayerNorm).
public final class LayerNorm: Module, Layer {
    @Parameter public var weight: Tensor?
    @Parameter public var bias: Tensor?
    public let normalizedShape: [Int]
    public let eps: Float

    public init(_ normalizedShape: [Int], eps: Float = 1e-5, elementwiseAffine: Bool = true) {
        weight = elementwiseAffine ? Tensor.ones(normalizedShape) : nil
        bias = elementwiseAffine ? Tensor.zeros(normalizedShape) : nil
        self.normalizedShape = normalizedShape
        self.eps = eps
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.layerNorm(normalizedShape, weight: weight, bias: bias, eps: eps)
    }
}

public final class ReLU: Module, Layer {
    override public init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { x.relu() }
}

public final class LeakyReLU: Module, Layer {
    public let negativeSlope: Float
    public init(_ negativeSlope: Float = 0.01) { self.negativeSlope = negativeSlope }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.leakyRelu(negativeSlope) }
}

public final class Tanh: Module, Layer {
    override public init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { x.tanh() }
}

public final class Sigmoid: Module, Layer {
    override public init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { x.sigmoid() }
}

/// Inverted dropout, active only in training mode, drawing from its own seeded generator.
public final class Dropout: Module, Layer {
    public let p: Float
    public let generator: RandomGenerator
    public init(_ p: Float = 0.5, generator: RandomGenerator = .current) {
        self.p = p
        self.generator = generator
    }
    public func callAsFunction(_ x: Tensor) -> Tensor { isTraining ? x.dropout(p, generator: generator) : x }
}

/// Nearest-neighbour upsampling of the spatial axes by an integer factor.
public final class Upsample: Module, Layer {
    public let scale: Int
    public init(scale: Int = 2) { self.scale = scale }
    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.upsampleNearest(scale: [Int](repeating: scale, count: x.rank - 2))
    }
}

/// Flattens all axes after the first.
public final class Flatten: Module, Layer {
    override public init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { x.flatten(from: 1) }
}
