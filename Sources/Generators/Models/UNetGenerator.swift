import NeuralEngine

/// The U-Net generators (`unet`, `unet-dc`): the DeepComposer lab's network (`DeepComposerUNet`) over a window.
///
/// The encoder (four conv 4×4 stride 2 + LeakyReLU 0.2, BatchNorm after the first) reads the condition planes;
/// noise joins at the bottleneck as spatial planes (`noiseChannels` × steps/16 × pitches/16, one value per
/// quarter-bar and 16 pitches), so each seed changes the accompaniment locally rather than by one global shift; the
/// decoder (fused nearest-upsample + conv 4×4, BatchNorm, ReLU) takes the encoder's features at each resolution as
/// skips; tanh out. Four halvings need steps and pitches that are multiples of 16: pitches are padded with silence
/// (−1) around the window (84 → 96, 6 each side) and the output is cropped back.
///
/// Parameter names are the lab's PyTorch names (`d1.0.weight`, `u4.2.running_mean`, `out.1.bias`, ...).
public final class UNetGenerator: Module, AccompanimentGenerator {
    public let window: WindowSpec
    public let net: DeepComposerUNet
    let padding: UNetPitchPadding

    /// `config` must have been checked (`ModelFactory.check`).
    init(_ config: ModelConfig, generator random: RandomGenerator) {
        window = config.window
        padding = UNetPitchPadding(window.pitchCount)
        net = DeepComposerUNet(UNetSizes(config).labConfig(window), generator: random)
    }

    override public var namedChildren: [(String, Module)] { net.namedChildren }

    public var noiseShape: [Int] { net.config.noiseShape }

    public func callAsFunction(_ condition: Tensor, _ noise: Tensor) -> Tensor {
        padding.crop(net(padding.pad(condition), noise))
    }
}

/// Silence added on both sides of the pitch axis so it divides by 16, and the crop that removes it.
struct UNetPitchPadding {
    let pitches: Int
    let left: Int
    let right: Int

    init(_ pitches: Int) {
        self.pitches = pitches
        let padded = (pitches + 15) / 16 * 16
        left = (padded - pitches) / 2
        right = padded - pitches - left
    }

    var padded: Int { pitches + left + right }

    /// [N, C, T, pitches] → [N, C, T, padded], new pitches off (−1).
    func pad(_ x: Tensor) -> Tensor { x.pad(before: [0, 0, 0, left], after: [0, 0, 0, right], value: -1) }

    /// [N, C, T, padded] → [N, C, T, pitches].
    func crop(_ x: Tensor) -> Tensor {
        x.crop(start: [0, 0, 0, left], shape: [x.shape[0], x.shape[1], x.shape[2], pitches])
    }
}
