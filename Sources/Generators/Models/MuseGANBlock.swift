import NeuralEngine

/// A 3-D (transposed) convolution whose kernel tiles its input (stride = kernel, no padding; the last bar layer
/// strides 2 with kernel 2 or 3), then an optional BatchNorm and an activation. Names: `conv`, `norm`. A
/// convolution followed by BatchNorm has no bias (the normalisation subtracts it again).
///
/// Its input is a list of parts that upstream concatenates along channels (features + the encoder's features of
/// the same resolution).
final class MuseGANBlock: Module {
    enum Activation { case relu, leakyRelu }

    let conv: any Layer
    let norm: BatchNorm?
    let activation: Activation

    /// Transposed (upsampling) block, BatchNorm + ReLU: the generator's layers.
    init(up inChannels: Int, _ outChannels: Int, _ kernel: [Int], stride: [Int]? = nil, generator: RandomGenerator) {
        conv = ConvTranspose3d(inChannels, outChannels, kernelSize: kernel, stride: stride ?? kernel, bias: false,
                               generator: generator)
        norm = BatchNorm(outChannels)
        activation = .relu
    }

    /// Downsampling block: BatchNorm + ReLU in the generator's encoder, LeakyReLU 0.2 without normalisation in
    /// the critic (its gradient penalty is per sample).
    init(down inChannels: Int, _ outChannels: Int, _ kernel: [Int], stride: [Int]? = nil, critic: Bool,
         generator: RandomGenerator) {
        conv = Conv3d(inChannels, outChannels, kernelSize: kernel, stride: stride ?? kernel, bias: critic,
                      generator: generator)
        norm = critic ? nil : BatchNorm(outChannels)
        activation = critic ? .leakyRelu : .relu
    }

    override var namedChildren: [(String, Module)] { [("conv", conv)] + (norm.map { [("norm", $0)] } ?? []) }

    /// The block applied to the channel concatenation of `parts`.
    func callAsFunction(_ parts: Tensor...) -> Tensor {
        let x = conv(parts.count == 1 ? parts[0] : Tensor.cat(parts, axis: 1))
        let y = norm.map { $0(x) } ?? x
        switch activation {
        case .relu: return y.relu()
        case .leakyRelu: return y.leakyRelu(0.2)
        }
    }

    /// `c` over the channel concatenation of `parts`, computed as the sum of its weight's input-channel slices
    /// applied to each part (a convolution is linear in its input). For the generator's output layer: its
    /// concatenation, 35 channels per role at full resolution, cost more than the convolution (WGAN-GP iteration
    /// 5.4 → 2.8 s). At lower resolutions one convolution over the concatenation is faster than several over the
    /// parts (measured 2.4–2.7 s against 2.9–3.3 s), so the blocks concatenate.
    static func slicewise(_ c: Conv3d, _ parts: [Tensor]) -> Tensor {
        precondition(c.padding == .valid, "MuseGANBlock: convolutions have no padding")
        var start = 0
        var sum: Tensor?
        for (i, part) in parts.enumerated() {
            let w = c.weight.slice(axis: 1, start..<(start + part.shape[1]))
            start += part.shape[1]
            let geometry = Padding.valid.geometry(input: Array(part.shape.dropFirst(2)), kernel: Array(w.shape.dropFirst(2)),
                                                  stride: c.stride)
            let y = part.conv(w, bias: i == 0 ? c.bias : nil, geometry: geometry)
            sum = sum.map { $0 + y } ?? y
        }
        precondition(start == c.weight.shape[1], "MuseGANBlock: parts have \(start) channels, the layer takes \(c.weight.shape[1])")
        return sum!
    }
}
