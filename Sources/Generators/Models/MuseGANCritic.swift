import NeuralEngine

/// The MuseGAN critic (after salu133445/musegan v2, src/musegan/presets/discriminator/default.py), conditional on
/// the melody. Four streams in the bar view [bars, 16 steps, pitches], LeakyReLU 0.2, no normalisation:
///
/// - **private**, one per role: the role's planes beside the condition planes, down pitch→time (conv (1,1,12),
///   (1,4,1)) and time→pitch ((1,4,1), (1,1,12)), concatenated, conv 1×1×1 → [bars, 4 beats, octaves];
/// - **shared**: all roles' private features → conv (1,2,k)/(1,2,2) → (1,2,mid) → [bars, 1, 1];
/// - **chroma**: every plane (tracks and condition, mapped to 0…1) folded to pitch classes — pitch p and p + 12
///   add up, summed per beat — conv (1,1,12) → (1,4,1) → [bars, 1, 1]: harmony per beat against the melody's;
/// - **onset**: the step-to-step change of every plane summed over pitch (onsets and offsets), conv (1,4,1) twice
///   → [bars, 1, 1]: rhythm;
///
/// then merged: conv (2,1,1) over neighbouring bars → dense → [N, 1].
public final class MuseGANCritic: Module, AccompanimentCritic {
    public let window: WindowSpec
    let view: BarView
    let tracks: [MuseGANCriticBranch]
    let shared: [MuseGANBlock]
    let chroma: [MuseGANBlock]
    let onset: [MuseGANBlock]
    let merged: MuseGANBlock
    let dense: Linear

    init(_ config: ModelConfig, generator g: RandomGenerator) {
        let window = config.window, view = BarView(window)
        self.window = window
        self.view = view
        let c = MuseGANSizes(config).criticWidth, beat = BarView.stepsPerBeat
        let planes = window.trackPlanes.count, conditions = window.conditionPlanes.count
        let all = window.trackChannels + conditions
        tracks = window.roles.map { _ in MuseGANCriticBranch(input: planes + conditions, width: c, generator: g) }
        shared = [MuseGANBlock(down: window.roles.count * 4 * c, 8 * c, [1, 2, view.lastPitchKernel], stride: [1, 2, 2],
                               critic: true, generator: g),
                  MuseGANBlock(down: 8 * c, 16 * c, [1, 2, view.midPitch], critic: true, generator: g)]
        chroma = [MuseGANBlock(down: all, 2 * c, [1, 1, 12], critic: true, generator: g),
                  MuseGANBlock(down: 2 * c, 4 * c, [1, beat, 1], critic: true, generator: g)]
        onset = [MuseGANBlock(down: all, c, [1, beat, 1], critic: true, generator: g),
                 MuseGANBlock(down: c, 4 * c, [1, beat, 1], critic: true, generator: g)]
        let span = min(2, view.bars)
        merged = MuseGANBlock(down: 24 * c, 32 * c, [span, 1, 1], stride: [1, 1, 1], critic: true, generator: g)
        dense = Linear(32 * c * (view.bars - span + 1), 1, generator: g)
    }

    public func callAsFunction(_ tracksIn: Tensor, _ condition: Tensor) -> Tensor {
        let n = tracksIn.shape[0]
        precondition(tracksIn.shape == [n] + window.tracksShape && condition.shape == [n] + window.conditionShape,
                     "MuseGANCritic: needs tracks [N] + \(window.tracksShape) and condition [N] + \(window.conditionShape), got \(tracksIn.shape) and \(condition.shape)")
        // Channels-last like the convolutions' inputs, so joining a role's planes to it keeps that layout.
        let c = view.split(condition).channelsLast(), planes = window.trackPlanes.count
        let privates = tracks.enumerated().map { k, branch in
            branch(view.split(tracksIn.slice(axis: 1, k * planes..<(k + 1) * planes)).channelsLast(), c)
        }
        let h = shared[1](shared[0](Tensor.cat(privates, axis: 1)))
        let activity = (Tensor.cat([tracksIn, condition], axis: 1) + 1) * 0.5
        let ch = chroma[1](chroma[0](Self.chroma(activity, view)))
        let on = onset[1](onset[0](view.split(Self.changes(activity))))
        return dense(merged(h, ch, on).flatten(from: 1))
    }

    /// [N, C, T, P] → [N, C, bars, beats per bar, 12]: pitch classes (p and p + 12 summed, so the pitch axis must
    /// hold whole octaves) summed over each beat's steps.
    static func chroma(_ x: Tensor, _ view: BarView) -> Tensor {
        let n = x.shape[0], c = x.shape[1], t = x.shape[2], beat = BarView.stepsPerBeat
        let classes = x.reshape([n, c, t, view.octaves, 12]).sum(axes: [3])
        return classes.reshape([n, c, view.bars, BarView.stepsPerBar / beat, beat, 12]).sum(axes: [4])
    }

    /// [N, C, T, P] → [N, C, T, 1]: x[t] − x[t − 1] (x[−1] = 0) summed over pitch.
    static func changes(_ x: Tensor) -> Tensor {
        let t = x.shape[2]
        let previous = x.slice(axis: 2, 0..<(t - 1)).pad(before: [0, 0, 1, 0], after: [0, 0, 0, 0])
        return (x - previous).sum(axes: [3], keepDims: true)
    }
}

/// One role's private critic stream (the generator's branches mirrored): pitch→time and time→pitch, concatenated,
/// conv 1×1×1 to 4× the base width. Names: `pitch_time.0/1`, `time_pitch.0/1`, `merge`.
final class MuseGANCriticBranch: Module {
    let pitchTime: [MuseGANBlock]
    let timePitch: [MuseGANBlock]
    let merge: MuseGANBlock

    init(input: Int, width c: Int, generator g: RandomGenerator) {
        let beat = BarView.stepsPerBeat
        pitchTime = [MuseGANBlock(down: input, c, [1, 1, 12], critic: true, generator: g),
                     MuseGANBlock(down: c, 2 * c, [1, beat, 1], critic: true, generator: g)]
        timePitch = [MuseGANBlock(down: input, c, [1, beat, 1], critic: true, generator: g),
                     MuseGANBlock(down: c, 2 * c, [1, 1, 12], critic: true, generator: g)]
        merge = MuseGANBlock(down: 4 * c, 4 * c, [1, 1, 1], critic: true, generator: g)
    }

    /// The role's planes and the condition planes (each [N, ·, bars, 16, P]) → [N, 4c, bars, 4, octaves].
    func callAsFunction(_ role: Tensor, _ condition: Tensor) -> Tensor {
        let x = Tensor.cat([role, condition], axis: 1)   // read by both paths: joined once
        return merge(pitchTime[1](pitchTime[0](x)), timePitch[1](timePitch[0](x)))
    }
}
