/// A 2-D or 3-D convolution (PyTorch's Conv2d / Conv3d): weight [out, in, k...], optional bias [out].
public class ConvNd: Module, Layer {
    @Parameter public var weight: Tensor
    @Parameter public var bias: Tensor?
    public let stride: [Int]
    public let padding: Padding

    init(spatial: Int, _ inChannels: Int, _ outChannels: Int, kernelSize: [Int], stride: [Int], padding: Padding,
         bias: Bool, generator: RandomGenerator) {
        precondition(kernelSize.count == spatial && stride.count == spatial,
                     "NeuralEngine: Conv\(spatial)d kernel \(kernelSize) / stride \(stride) need \(spatial) values")
        let shape = [outChannels, inChannels] + kernelSize
        weight = Init.pytorchDefault(shape, generator: generator)
        self.bias = bias ? Init.pytorchDefaultBias(outChannels, fanIn: Init.fans(shape).fanIn, generator: generator) : nil
        self.stride = stride
        self.padding = padding
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.rank == weight.rank, "NeuralEngine: Conv\(weight.rank - 2)d expects rank-\(weight.rank) input, got \(describe(x.shape))")
        let geometry = padding.geometry(input: Array(x.shape.dropFirst(2)), kernel: Array(weight.shape.dropFirst(2)), stride: stride)
        return x.conv(weight, bias: bias, geometry: geometry)
    }
}

public final class Conv2d: ConvNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Padding = .valid,
                bias: Bool = true, generator: RandomGenerator = .current) {
        super.init(spatial: 2, inChannels, outChannels, kernelSize: [kernelSize, kernelSize], stride: [stride, stride],
                   padding: padding, bias: bias, generator: generator)
    }
}

public final class Conv3d: ConvNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: [Int], stride: [Int] = [1, 1, 1],
                padding: Padding = .valid, bias: Bool = true, generator: RandomGenerator = .current) {
        super.init(spatial: 3, inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: padding,
                   bias: bias, generator: generator)
    }
}

/// A transposed convolution (PyTorch's ConvTranspose2d / 3d): weight [in, out, k...]. Output extent per axis:
/// (input − 1)·stride − 2·padding + kernel + outputPadding.
public class ConvTransposeNd: Module, Layer {
    @Parameter public var weight: Tensor
    @Parameter public var bias: Tensor?
    public let stride: [Int]
    public let padding: [Int]
    public let outputPadding: [Int]

    init(spatial: Int, _ inChannels: Int, _ outChannels: Int, kernelSize: [Int], stride: [Int], padding: [Int],
         outputPadding: [Int], bias: Bool, generator: RandomGenerator) {
        precondition([kernelSize, stride, padding, outputPadding].allSatisfy { $0.count == spatial },
                     "NeuralEngine: ConvTranspose\(spatial)d arguments need \(spatial) values each")
        precondition(zip(outputPadding, stride).allSatisfy { $0 < $1 } && outputPadding.allSatisfy { $0 >= 0 },
                     "NeuralEngine: ConvTranspose outputPadding \(outputPadding) must be below stride \(stride)")
        let shape = [inChannels, outChannels] + kernelSize
        weight = Init.pytorchDefault(shape, generator: generator)
        // PyTorch computes the transposed layer's fans from weight [in, out, k...] as well.
        self.bias = bias ? Init.pytorchDefaultBias(outChannels, fanIn: Init.fans(shape).fanIn, generator: generator) : nil
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.rank == weight.rank && x.shape[1] == weight.shape[0],
                     "NeuralEngine: ConvTranspose input \(describe(x.shape)) does not match weight \(describe(weight.shape)) ([in, out, k...])")
        let kernel = Array(weight.shape.dropFirst(2))
        let spatial = Array(x.shape.dropFirst(2))
        // The convolution this is the data-gradient of: right padding p − outputPadding; when that would be
        // negative the extra output rows receive no input and are zero, so they are padded on afterwards.
        let right = zip(padding, outputPadding).map { Swift.max($0 - $1, 0) }
        let extra = zip(padding, outputPadding).map { Swift.max($1 - $0, 0) }
        let geometry = ConvGeometry(stride: stride, padLeft: padding, padRight: right)
        let size = spatial.indices.map { (spatial[$0] - 1) * stride[$0] - padding[$0] - right[$0] + kernel[$0] }
        var y = x.convBackwardData(weight, geometry: geometry, inputSize: size)
        if extra.contains(where: { $0 > 0 }) {
            y = y.pad(before: .init(repeating: 0, count: y.rank), after: [0, 0] + extra)
        }
        if let bias { y = y + bias.reshape([1, bias.count] + [Int](repeating: 1, count: y.rank - 2)) }
        return y
    }
}

public final class ConvTranspose2d: ConvTransposeNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                outputPadding: Int = 0, bias: Bool = true, generator: RandomGenerator = .current) {
        super.init(spatial: 2, inChannels, outChannels, kernelSize: [kernelSize, kernelSize], stride: [stride, stride],
                   padding: [padding, padding], outputPadding: [outputPadding, outputPadding], bias: bias, generator: generator)
    }
}

public final class ConvTranspose3d: ConvTransposeNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: [Int], stride: [Int] = [1, 1, 1],
                padding: [Int] = [0, 0, 0], outputPadding: [Int] = [0, 0, 0], bias: Bool = true,
                generator: RandomGenerator = .current) {
        super.init(spatial: 3, inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: padding,
                   outputPadding: outputPadding, bias: bias, generator: generator)
    }
}

/// Nearest upsampling by `scale` then a stride-1 'same' Conv2d, fused into one transposed convolution
/// (see `upsampleConv2d`). Parameters are exactly Conv2d's (`weight` [out, in, k, k], `bias`), so PyTorch
/// weights of `nn.Sequential(nn.Upsample(scale_factor=2), nn.Conv2d(i, o, 4, padding="same"))` load as is.
public final class UpsampleConv2d: Module, Layer {
    @Parameter public var weight: Tensor
    @Parameter public var bias: Tensor?
    public let plan: UpsampleConvPlan
    /// The transformed weight for no-grad calls, reused until the weight changes.
    private var cached: (id: UInt64, version: UInt64, fused: Tensor)?

    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, scale: Int = 2, bias: Bool = true,
                generator: RandomGenerator = .current) {
        let shape = [outChannels, inChannels, kernelSize, kernelSize]
        weight = Init.pytorchDefault(shape, generator: generator)
        self.bias = bias ? Init.pytorchDefaultBias(outChannels, fanIn: Init.fans(shape).fanIn, generator: generator) : nil
        plan = UpsampleConvPlan(kernel: kernelSize, scale: scale)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.upsampleConv2d(fusedWeight: fusedWeight(), bias: bias, plan: plan)
    }

    private func fusedWeight() -> Tensor {
        if GradMode.isEnabled && weight.requiresGrad { return weight.upsampleConvWeight(plan) }
        if let c = cached, c.id == weight.storage.id, c.version == weight.storage.version { return c.fused }
        let fused = withNoGrad { weight.upsampleConvWeight(plan) }
        cached = (weight.storage.id, weight.storage.version, fused)
        return fused
    }
}
