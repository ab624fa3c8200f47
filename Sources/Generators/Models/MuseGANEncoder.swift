import NeuralEngine

/// MuseGAN's condition encoder (upstream's accompaniment generator, src/musegan/presets/generator/
/// accompaniment.py): the condition planes go down two private paths — pitch→time (octaves, then beats) and
/// time→pitch (beats, then octaves) — and a shared path down to one vector per window. Every resolution's
/// features are kept: the generator concatenates each to its layer of the same resolution.
final class MuseGANEncoder: Module {
    /// Features per resolution (shapes after [N, C]): `pitchTime1` [bars, 16, octaves], `pitchTime2`
    /// [bars, 4, octaves], `timePitch1` [bars, 4, pitches], `timePitch2` [bars, 4, octaves], `shared1`
    /// [bars, 2, midPitch], `shared2` [bars, 1, 1], `shared3` [1, 1, 1].
    struct Features {
        var pitchTime1, pitchTime2, timePitch1, timePitch2, shared1, shared2, shared3: Tensor
    }

    let view: BarView
    let pitchTime: [MuseGANBlock]
    let timePitch: [MuseGANBlock]
    let shared: [MuseGANBlock]

    /// Channels of each feature: e, 2e, e, 2e, 4e, 8e, 16e for encoder width e.
    static func channels(_ e: Int) -> (pt1: Int, pt2: Int, tp1: Int, tp2: Int, s1: Int, s2: Int, s3: Int) {
        (e, 2 * e, e, 2 * e, 4 * e, 8 * e, 16 * e)
    }

    init(conditionPlanes: Int, width e: Int, view: BarView, generator g: RandomGenerator) {
        self.view = view
        let c = Self.channels(e), beat = BarView.stepsPerBeat
        pitchTime = [MuseGANBlock(down: conditionPlanes, c.pt1, [1, 1, 12], critic: false, generator: g),
                     MuseGANBlock(down: c.pt1, c.pt2, [1, beat, 1], critic: false, generator: g)]
        timePitch = [MuseGANBlock(down: conditionPlanes, c.tp1, [1, beat, 1], critic: false, generator: g),
                     MuseGANBlock(down: c.tp1, c.tp2, [1, 1, 12], critic: false, generator: g)]
        shared = [MuseGANBlock(down: c.tp2 + c.pt2, c.s1, [1, 2, view.lastPitchKernel], stride: [1, 2, 2],
                               critic: false, generator: g),
                  MuseGANBlock(down: c.s1, c.s2, [1, 2, view.midPitch], critic: false, generator: g),
                  MuseGANBlock(down: c.s2, c.s3, [view.bars, 1, 1], critic: false, generator: g)]
    }

    /// `condition` in the bar view: [N, planes, bars, 16, pitches].
    func callAsFunction(_ condition: Tensor) -> Features {
        let pt1 = pitchTime[0](condition), pt2 = pitchTime[1](pt1)
        let tp1 = timePitch[0](condition), tp2 = timePitch[1](tp1)
        let s1 = shared[0](tp2, pt2), s2 = shared[1](s1), s3 = shared[2](s2)
        return Features(pitchTime1: pt1, pitchTime2: pt2, timePitch1: tp1, timePitch2: tp2,
                        shared1: s1, shared2: s2, shared3: s3)
    }
}
