import NeuralEngine

// The AWS DeepComposer GAN lab's models (aws-samples/aws-deepcomposer-samples, gan/GAN.ipynb) on our engine:
// a U-Net generator that turns a melody piano roll plus noise into a multi-track piano roll, and the critic that
// scores (tracks, melody) pairs. Module and parameter names follow the PyTorch port in
// ../shared/anchors/deepcomposer_unet.py ("d2.2.running_mean", "u4.1.weight", "features.6.weight", ...), so
// weights move between the two as safetensors files.

/// Sizes of the lab's models. `.lab` is the lab's own (≈ 8.3 M generator and 2.8 M critic parameters).
public struct DeepComposerLabConfig: Sendable, Equatable {
    /// Channels of the four encoder convolutions (the decoder mirrors them).
    public var widths: [Int]
    /// Channels of the noise concatenated at the bottleneck.
    public var noiseChannels: Int
    /// Time steps and pitches of a piano roll (both multiples of 16: four stride-2 halvings).
    public var steps: Int
    public var pitches: Int
    /// Output tracks.
    public var tracks: Int
    /// Planes of the conditioning input (the lab: 1, the melody roll). The U-Net's encoder reads them; the critic
    /// reads them beside the tracks.
    public var conditionChannels: Int
    /// PyTorch-convention BatchNorm momentum (Keras' 0.8 is PyTorch's 0.2).
    public var batchNormMomentum: Float

    public init(widths: [Int], noiseChannels: Int, steps: Int, pitches: Int, tracks: Int = 4,
                conditionChannels: Int = 1, batchNormMomentum: Float = 0.2) {
        precondition(widths.count == 4 && widths.allSatisfy { $0 > 0 } && noiseChannels > 0 && tracks > 0
                     && conditionChannels > 0,
                     "DeepComposerLabConfig: four positive widths, positive noise channels, tracks and condition channels")
        precondition(steps > 0 && pitches > 0 && steps % 16 == 0 && pitches % 16 == 0,
                     "DeepComposerLabConfig: steps \(steps) and pitches \(pitches) must be positive multiples of 16")
        self.widths = widths
        self.noiseChannels = noiseChannels
        self.steps = steps
        self.pitches = pitches
        self.tracks = tracks
        self.conditionChannels = conditionChannels
        self.batchNormMomentum = batchNormMomentum
    }

    /// The lab's model: 2 bars × 16 steps × 128 pitches, widths 64/128/256/512, noise 512 × 2 × 8, 4 tracks.
    public static let lab = DeepComposerLabConfig(widths: [64, 128, 256, 512], noiseChannels: 512, steps: 32, pitches: 128)

    /// Shape of one melody (condition): [condition channels, steps, pitches].
    public var melodyShape: [Int] { [conditionChannels, steps, pitches] }
    /// Shape of one noise sample: [noise channels, steps / 16, pitches / 16].
    public var noiseShape: [Int] { [noiseChannels, steps / 16, pitches / 16] }
    /// Shape of one generated (or real) multi-track piano roll: [tracks, steps, pitches].
    public var tracksShape: [Int] { [tracks, steps, pitches] }
}

/// Encoder step: conv kernel 4 stride 2 → LeakyReLU 0.2 → BatchNorm (absent in the first block).
/// PyTorch names: `0` the convolution, `2` the batch norm.
public final class LabDownBlock: Module, Layer {
    public let conv: Conv2d
    public let norm: BatchNorm?

    init(_ inChannels: Int, _ outChannels: Int, normalized: Bool, momentum: Float, generator: RandomGenerator) {
        conv = Conv2d(inChannels, outChannels, kernelSize: 4, stride: 2, padding: .symmetric(1), generator: generator)
        norm = normalized ? BatchNorm(outChannels, momentum: momentum) : nil
    }

    override public var namedChildren: [(String, Module)] { [("0", conv)] + (norm.map { [("2", $0)] } ?? []) }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let y = conv(x).leakyRelu(0.2)
        return norm.map { $0(y) } ?? y
    }
}

/// Decoder step: nearest upsample ×2 + conv kernel 4 'same' (fused into one transposed convolution, exactly equal)
/// → BatchNorm → ReLU. PyTorch names: `1` the convolution, `2` the batch norm.
public final class LabUpBlock: Module, Layer {
    public let conv: UpsampleConv2d
    public let norm: BatchNorm

    init(_ inChannels: Int, _ outChannels: Int, momentum: Float, generator: RandomGenerator) {
        conv = UpsampleConv2d(inChannels, outChannels, kernelSize: 4, scale: 2, generator: generator)
        norm = BatchNorm(outChannels, momentum: momentum)
    }

    override public var namedChildren: [(String, Module)] { [("1", conv), ("2", norm)] }

    public func callAsFunction(_ x: Tensor) -> Tensor { norm(conv(x)).relu() }
}

/// Output step: nearest upsample ×2 + conv kernel 4 'same' (fused) → tanh. PyTorch name: `1` the convolution.
public final class LabOutputBlock: Module, Layer {
    public let conv: UpsampleConv2d

    init(_ inChannels: Int, _ outChannels: Int, generator: RandomGenerator) {
        conv = UpsampleConv2d(inChannels, outChannels, kernelSize: 4, scale: 2, generator: generator)
    }

    override public var namedChildren: [(String, Module)] { [("1", conv)] }

    public func callAsFunction(_ x: Tensor) -> Tensor { conv(x).tanh() }
}

/// The lab's U-Net generator: melody [N, 1, steps, pitches] and noise [N, noise, steps/16, pitches/16] in,
/// tracks [N, tracks, steps, pitches] in (−1, 1) out.
public final class DeepComposerUNet: Module {
    public let config: DeepComposerLabConfig
    public let d1, d2, d3, d4: LabDownBlock
    public let u4, u5, u6: LabUpBlock
    public let out: LabOutputBlock

    public init(_ config: DeepComposerLabConfig = .lab, generator: RandomGenerator = .current) {
        self.config = config
        let w = config.widths, m = config.batchNormMomentum, g = generator
        d1 = LabDownBlock(config.conditionChannels, w[0], normalized: false, momentum: m, generator: g)
        d2 = LabDownBlock(w[0], w[1], normalized: true, momentum: m, generator: g)
        d3 = LabDownBlock(w[1], w[2], normalized: true, momentum: m, generator: g)
        d4 = LabDownBlock(w[2], w[3], normalized: true, momentum: m, generator: g)
        u4 = LabUpBlock(w[3] + config.noiseChannels, w[2], momentum: m, generator: g)
        u5 = LabUpBlock(2 * w[2], w[1], momentum: m, generator: g)
        u6 = LabUpBlock(2 * w[1], w[0], momentum: m, generator: g)
        out = LabOutputBlock(2 * w[0], config.tracks, generator: g)
    }

    override public var namedChildren: [(String, Module)] {
        [("d1", d1), ("d2", d2), ("d3", d3), ("d4", d4), ("u4", u4), ("u5", u5), ("u6", u6), ("out", out)]
    }

    public func callAsFunction(_ melody: Tensor, _ noise: Tensor) -> Tensor {
        let n = melody.shape.first ?? 0
        precondition(melody.shape == [n] + config.melodyShape,
                     "DeepComposerUNet: melody must be [N] + \(config.melodyShape), got \(melody.shape)")
        precondition(noise.shape == [n] + config.noiseShape,
                     "DeepComposerUNet: noise must be [\(n)] + \(config.noiseShape), got \(noise.shape)")
        let e1 = d1(melody), e2 = d2(e1), e3 = d3(e2), e4 = d4(e3)
        var x = Tensor.cat([e4, noise], axis: 1)
        x = Tensor.cat([u4(x), e3], axis: 1)
        x = Tensor.cat([u5(x), e2], axis: 1)
        x = Tensor.cat([u6(x), e1], axis: 1)
        return out(x)
    }

    /// Noise for `batch` samples: truncated normal (±2σ), as the lab draws it.
    public func sampleNoise(batch: Int, generator: RandomGenerator = .current) -> Tensor {
        Tensor.truncatedNormal([batch] + config.noiseShape, generator: generator)
    }

    /// Inference: evaluation mode (running statistics), no graph recorded.
    public func generate(melody: Tensor, noise: Tensor) -> Tensor {
        let wasTraining = isTraining
        eval()
        defer { train(wasTraining) }
        return withNoGrad { self(melody, noise) }
    }
}

/// The lab's critic: tracks [N, tracks, steps, pitches] and melody [N, 1, steps, pitches] → a score [N, 1].
/// Four conv kernel 4 stride 2 + LeakyReLU 0.2 (no normalisation: the gradient penalty is per sample), a dense layer.
public final class DeepComposerCritic: Module {
    public let config: DeepComposerLabConfig
    public let features: Sequential
    public let dense: Linear

    public init(_ config: DeepComposerLabConfig = .lab, generator: RandomGenerator = .current) {
        self.config = config
        var layers: [any Layer] = []
        for (i, o) in zip([config.tracks + config.conditionChannels] + config.widths.dropLast(), config.widths) {
            layers += [Conv2d(i, o, kernelSize: 4, stride: 2, padding: .symmetric(1), generator: generator), LeakyReLU(0.2)]
        }
        features = Sequential(layers)
        dense = Linear(config.widths[3] * (config.steps / 16) * (config.pitches / 16), 1, generator: generator)
    }

    override public var namedChildren: [(String, Module)] { [("features", features), ("dense", dense)] }

    public func callAsFunction(_ tracks: Tensor, _ melody: Tensor) -> Tensor {
        let n = tracks.shape.first ?? 0
        precondition(tracks.shape == [n] + config.tracksShape && melody.shape == [n] + config.melodyShape,
                     "DeepComposerCritic: needs tracks [N] + \(config.tracksShape) and melody [N] + \(config.melodyShape), got \(tracks.shape) and \(melody.shape)")
        return dense(features(Tensor.cat([tracks, melody], axis: 1)).flatten(from: 1))
    }
}
