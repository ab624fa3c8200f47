import NeuralEngine

/// The U-Net critic: `DeepComposerCritic` (four conv 4×4 stride 2 + LeakyReLU 0.2, no normalisation, dense → 1)
/// over the tracks and condition planes, padded in pitch as the generator pads them.
public final class UNetCritic: Module, AccompanimentCritic {
    public let net: DeepComposerCritic
    let padding: UNetPitchPadding

    init(_ config: ModelConfig, generator random: RandomGenerator) {
        padding = UNetPitchPadding(config.window.pitchCount)
        let sizes = UNetSizes(config)
        var lab = sizes.labConfig(config.window)
        lab.widths = sizes.widths(sizes.criticWidth)
        net = DeepComposerCritic(lab, generator: random)
    }

    override public var namedChildren: [(String, Module)] { net.namedChildren }

    public func callAsFunction(_ tracks: Tensor, _ condition: Tensor) -> Tensor {
        net(padding.pad(tracks), padding.pad(condition))
    }
}
