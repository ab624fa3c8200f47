/// The U-Net families' sizes (keys of `ModelConfig.sizes`).
struct UNetSizes {
    /// Channels of the first encoder convolution; the next three double it (the decoder mirrors them).
    var width: Int
    /// Noise planes joined at the bottleneck.
    var noiseChannels: Int
    /// Channels of the critic's first convolution, doubled three times.
    var criticWidth: Int

    /// `unet`: the feasibility study's scaled-down lab (32/64/128/256, noise 64). `unet-dc`: the lab's own sizes.
    /// Ranges stop a broken manifest from asking for gigabytes (8× the lab's widths at most).
    static func keys(_ architecture: Architecture) -> [SizeKey] {
        let lab = architecture == .unetDC
        return [
            SizeKey("width", default: lab ? 64 : 32, range: 1...512,
                    "channels of the first encoder convolution (doubled three times; the decoder mirrors them)"),
            SizeKey("noiseChannels", default: lab ? 512 : 64, range: 1...2048,
                    "noise planes joined at the bottleneck (steps/16 × pitches/16 each)"),
            SizeKey("criticWidth", default: lab ? 64 : 32, range: 1...512,
                    "channels of the critic's first convolution (doubled three times)"),
        ]
    }

    /// Why `window` does not fit a U-Net, or nil. `unet-dc` keeps the lab's unpadded pitch axis.
    static func windowProblem(_ window: WindowSpec, _ architecture: Architecture) -> String? {
        if window.steps % 16 != 0 { return "\(architecture) needs window steps divisible by 16, got \(window.steps)" }
        if architecture == .unetDC && window.pitchCount % 16 != 0 {
            return "unet-dc needs a pitch count divisible by 16 (the lab's 128), got \(window.pitchCount)"
        }
        return nil
    }

    init(_ config: ModelConfig) {
        let keys = Self.keys(config.architecture)
        width = config.size("width", in: keys)
        noiseChannels = config.size("noiseChannels", in: keys)
        criticWidth = config.size("criticWidth", in: keys)
    }

    func widths(_ first: Int) -> [Int] { [first, 2 * first, 4 * first, 8 * first] }

    func labConfig(_ window: WindowSpec) -> DeepComposerLabConfig {
        DeepComposerLabConfig(widths: widths(width), noiseChannels: noiseChannels, steps: window.steps,
                              pitches: UNetPitchPadding(window.pitchCount).padded, tracks: window.trackChannels,
                              conditionChannels: window.conditionPlanes.count)
    }
}
