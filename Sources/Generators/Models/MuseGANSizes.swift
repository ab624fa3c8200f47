import NeuralEngine

/// The MuseGAN family's sizes (keys of `ModelConfig.sizes`) and its 3-D view of a window.
///
/// Upstream (salu133445/musegan, src/musegan/presets) uses latent 128, shared widths 512/256/128, private 32/16,
/// encoder 16…256 and a critic from 16 to 512 channels. Our defaults halve the wide layers (latent 64, shared
/// 256/128/64, critic base 8: 8…256) so a WGAN-GP iteration at batch 32 fits the CPU budget; the private branches
/// and the encoder keep upstream's widths (they run at full resolution, where narrower gets noticeably cheaper
/// only in parameters, not in time).
struct MuseGANSizes {
    var latent: Int
    var sharedWidth: Int
    var privateWidth: Int
    var encoderWidth: Int
    var criticWidth: Int

    /// Ranges stop a broken manifest from asking for gigabytes (about 4–8× upstream's widths at most).
    static let keys: [SizeKey] = [
        SizeKey("latent", default: 64, range: 1...1024, "noise vector size (upstream 128)"),
        SizeKey("sharedWidth", default: 256, range: 4...2048,
                "channels of the temporal layer; the two bar layers take 1/2 and 1/4 of it (upstream 512)"),
        SizeKey("privateWidth", default: 32, range: 2...256,
                "channels of each track's first private layers; the second take half (upstream 32)"),
        SizeKey("encoderWidth", default: 16, range: 1...128,
                "channels of the melody encoder's first layers, doubled at each coarser resolution (upstream 16)"),
        SizeKey("criticWidth", default: 8, range: 1...128,
                "critic base width: private streams 1×/2×/4×, shared 8×/16×, chroma and onset to 4×, merged 32× (upstream 16)"),
    ]

    /// Why `window` does not fit MuseGAN, or nil: bars of 16 steps and whole octaves (at least two).
    static func windowProblem(_ window: WindowSpec) -> String? {
        if window.steps % BarView.stepsPerBar != 0 {
            return "musegan needs window steps in whole bars of \(BarView.stepsPerBar), got \(window.steps)"
        }
        if window.pitchCount % 12 != 0 || window.pitchCount < 24 {
            return "musegan needs a pitch count in whole octaves (24, 36, ... 84), got \(window.pitchCount)"
        }
        return nil
    }

    init(_ config: ModelConfig) {
        let keys = Self.keys
        latent = config.size("latent", in: keys)
        sharedWidth = config.size("sharedWidth", in: keys)
        privateWidth = config.size("privateWidth", in: keys)
        encoderWidth = config.size("encoderWidth", in: keys)
        criticWidth = config.size("criticWidth", in: keys)
    }
}

/// A window seen as MuseGAN sees it: [N, C, bars, steps per bar, pitches] (4/4 bars of 16 steps; other meters
/// reach the model through the meter plane), with the pitch axis built from octaves.
struct BarView {
    static let stepsPerBar = 16
    static let stepsPerBeat = 4

    let bars: Int
    let pitches: Int
    /// Octaves on the pitch axis (pitches / 12).
    var octaves: Int { pitches / 12 }
    /// The pitch-axis extents the shared layers pass through: 1 → `midPitch` → `octaves`, the last step a
    /// stride-2 (transposed) convolution of kernel `lastPitchKernel` (upstream, 7 octaves: 1 → 3 → 7, kernel 3).
    var lastPitchKernel: Int { octaves % 2 == 1 ? 3 : 2 }
    var midPitch: Int { (octaves - lastPitchKernel) / 2 + 1 }

    init(_ window: WindowSpec) {
        bars = window.steps / Self.stepsPerBar
        pitches = window.pitchCount
    }

    /// [N, C, T, P] → [N, C, bars, 16, P].
    func split(_ x: Tensor) -> Tensor { x.reshape([x.shape[0], x.shape[1], bars, Self.stepsPerBar, x.shape[3]]) }

    /// [N, C, bars, 16, P] → [N, C, T, P].
    func join(_ x: Tensor) -> Tensor { x.reshape([x.shape[0], x.shape[1], bars * Self.stepsPerBar, x.shape[4]]) }
}
