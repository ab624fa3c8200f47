import NeuralEngine

/// The MuseGAN generator (after salu133445/musegan v2, src/musegan/presets/generator/accompaniment.py), made
/// track-conditional on the melody. In the bar view [bars, 16 steps, pitches]:
///
///     noise [latent] ─┐                                      condition planes
///      encoder s3 ────┴ temporal  tconv (bars,1,1)  → [bars, 1, 1]      (one code per bar)
///      encoder s2 ──────bar 0     tconv (1,2,mid)   → [bars, 2, mid]    (half bars × octave groups)
///      encoder s1 ──────bar 1     tconv (1,2,k)/2   → [bars, 4, oct]    (beats × octaves)
///     per role:  pitch→time  (+tp2) tconv (1,1,12) → [bars, 4, P]  (+tp1) tconv (1,4,1) → [bars, 16, P]
///                time→pitch  (+pt2) tconv (1,4,1)  → [bars, 16, oct] (+pt1) tconv (1,1,12) → [bars, 16, P]
///                concat both (+ the condition planes) → conv 1×1×1 → tanh: the role's planes
///
/// "+x" is a channel concatenation of the encoder's feature of the same resolution (see `MuseGANEncoder`); the
/// raw condition planes join the last layer too, so each role sees exactly where the melody's notes start and
/// stop. BatchNorm + ReLU throughout, as upstream. Noise: [latent], truncated normal.
public final class MuseGANGenerator: Module, AccompanimentGenerator {
    public let window: WindowSpec
    let view: BarView
    let latent: Int
    let encoder: MuseGANEncoder
    let temporal: MuseGANBlock
    let bar: [MuseGANBlock]
    let tracks: [MuseGANTrackBranch]

    /// `config` must have been checked (`ModelFactory.check`).
    init(_ config: ModelConfig, generator g: RandomGenerator) {
        let window = config.window
        self.window = window
        let sizes = MuseGANSizes(config)
        view = BarView(window)
        latent = sizes.latent
        let e = MuseGANEncoder.channels(sizes.encoderWidth), w = sizes.sharedWidth
        encoder = MuseGANEncoder(conditionPlanes: window.conditionPlanes.count, width: sizes.encoderWidth, view: view,
                                 generator: g)
        temporal = MuseGANBlock(up: latent + e.s3, w, [view.bars, 1, 1], generator: g)
        bar = [MuseGANBlock(up: w + e.s2, w / 2, [1, 2, view.midPitch], generator: g),
               MuseGANBlock(up: w / 2 + e.s1, w / 4, [1, 2, view.lastPitchKernel], stride: [1, 2, 2], generator: g)]
        tracks = window.roles.map { _ in
            MuseGANTrackBranch(input: w / 4, encoder: e, width: sizes.privateWidth,
                               conditionPlanes: window.conditionPlanes.count, planes: window.trackPlanes.count,
                               generator: g)
        }
    }

    public var noiseShape: [Int] { [latent] }

    public func callAsFunction(_ condition: Tensor, _ noise: Tensor) -> Tensor {
        let n = condition.shape[0]
        precondition(condition.shape == [n] + window.conditionShape && noise.shape == [n] + noiseShape,
                     "MuseGANGenerator: needs condition [N] + \(window.conditionShape) and noise [N] + \(noiseShape), got \(condition.shape) and \(noise.shape)")
        let c = view.split(condition)
        let f = encoder(c)
        var h = temporal(noise.reshape([n, latent, 1, 1, 1]), f.shared3)
        h = bar[0](h, f.shared2)
        h = bar[1](h, f.shared1)
        // Every role's branches start from the same two inputs: joined once, not per role.
        let pitchFirst = Tensor.cat([h, f.timePitch2], axis: 1), timeFirst = Tensor.cat([h, f.pitchTime2], axis: 1)
        return view.join(Tensor.cat(tracks.map { $0(pitchFirst, timeFirst, f, c) }, axis: 1))
    }
}

/// One role's private branches: pitch→time and time→pitch, each joined by the encoder's features of its
/// resolution, merged into the role's planes (sustain, onset). Names: `pitch_time.0/1`, `time_pitch.0/1`, `merge`.
///
/// The merge is a 1×1×1 convolution with a bias and no BatchNorm before the tanh (upstream normalises there):
/// DCGAN practice for an output layer, and BatchNorm over two channels fell to oneDNN's reference kernel (24 ms
/// per call at batch 32, a tenth of a training iteration).
final class MuseGANTrackBranch: Module {
    let pitchTime: [MuseGANBlock]
    let timePitch: [MuseGANBlock]
    let merge: Conv3d

    init(input: Int, encoder e: (pt1: Int, pt2: Int, tp1: Int, tp2: Int, s1: Int, s2: Int, s3: Int), width p: Int,
         conditionPlanes: Int, planes: Int, generator g: RandomGenerator) {
        let beat = BarView.stepsPerBeat
        pitchTime = [MuseGANBlock(up: input + e.tp2, p, [1, 1, 12], generator: g),
                     MuseGANBlock(up: p + e.tp1, p / 2, [1, beat, 1], generator: g)]
        timePitch = [MuseGANBlock(up: input + e.pt2, p, [1, beat, 1], generator: g),
                     MuseGANBlock(up: p + e.pt1, p / 2, [1, 1, 12], generator: g)]
        merge = Conv3d(2 * (p / 2) + conditionPlanes, planes, kernelSize: [1, 1, 1], generator: g)
    }

    /// `pitchFirst` = shared features + encoder `timePitch2`, `timeFirst` = shared + `pitchTime2` (both
    /// [N, C, bars, 4, octaves]), `condition` [N, planes, bars, 16, P] → [N, track planes, bars, 16, P].
    func callAsFunction(_ pitchFirst: Tensor, _ timeFirst: Tensor, _ f: MuseGANEncoder.Features,
                        _ condition: Tensor) -> Tensor {
        let a = pitchTime[1](pitchTime[0](pitchFirst), f.timePitch1)
        let b = timePitch[1](timePitch[0](timeFirst), f.pitchTime1)
        return MuseGANBlock.slicewise(merge, [a, b, condition]).tanh()
    }
}
