import Foundation

/// Guitars: nylon and steel acoustics (wooden body), clean electric (pickup), and the distorted electric whose
/// string drives a waveshaper and a speaker cabinet.
enum Guitars {
    static let roots = [36, 45, 55, 64, 74, 84]

    static let nylonString = PluckedString(
        name: "Nylon Gtr", roots: roots, damping: 0.06, sustain: 5, pluckPosition: 0.18,
        pluckNoise: 0.15, pluckSoftness: 0.55, attackLow: 0.5, attackHigh: 0.25,
        color: PluckedString.acousticBody(top: 390, treble: 5000))

    static let steelString = PluckedString(
        name: "Steel Gtr", roots: roots, damping: 0.025, sustain: 7, pluckPosition: 0.12,
        pluckNoise: 0.3, pluckSoftness: 0.2, attackLow: 0.5, attackHigh: 0.25,
        color: PluckedString.acousticBody(top: 450, treble: 8000))

    static let electricString = PluckedString(
        name: "Clean Gtr", roots: roots, damping: 0.03, sustain: 9, pluckPosition: 0.1,
        pluckNoise: 0.2, pluckSoftness: 0.3, attackLow: 0.45, attackHigh: 0.25,
        color: PluckedString.pickup(resonance: 4000, q: 1.4))

    static let nylon = pluckedDesign("Nylon Guitar", nylonString, gainDB: -6, decay: 7, reverb: 15)
    static let steel = pluckedDesign("Steel Guitar", steelString, gainDB: -4, decay: 9, reverb: 15)
    static let clean = pluckedDesign("Clean Guitar", electricString, gainDB: -4, decay: 10, reverb: 15, chorus: 10)

    static func pluckedDesign(_ name: String, _ string: PluckedString, gainDB: Double, decay: Double,
                              reverb: Double, chorus: Double = 0) -> MelodicDesign {
        MelodicDesign(
            name: name, roots: string.roots, gainDB: gainDB, sample: { string.sample(root: $0) },
            global: { z in
                z.volumeEnvelope(decay: decay, sustainDB: 100, release: 0.22)
                z.set(.keynumToVolEnvDecay, -25)
                z.sends(reverb: reverb, chorus: chorus)
            })
    }

    static let distortion = MelodicDesign(
        name: "Distortion Gtr", roots: [40, 50, 60, 70, 80], gainDB: -6,
        sample: { root in distortedSample(root: root) },
        global: { z in
            z.volumeEnvelope(attack: 0.004, decay: 30, sustainDB: 15, release: 0.15)
            z.sends(reverb: 15)
        })

    /// The string runs at twice the rate so the waveshaper's new harmonics have room above the final Nyquist;
    /// the cabinet's low-pass then doubles as the anti-alias filter before every other point is kept.
    static func distortedSample(root: Int) -> SynthSample {
        let plan = PitchPlan.integerPeriod(rootKey: root, nominalRate: 22050, minLoop: 512)
        let period = plan.loopLength / plan.cycles
        let rate = Double(plan.sampleRate), fastRate = 2 * rate
        let attack = Int(rate * 0.4)
        let length = 2 * (attack + plan.loopLength)
        var random = SeededRandom("distortion \(root)")
        let string = KarplusStrong(period: 2 * period, rate: fastRate, damping: 0.05, sustain: 25)
        let pluck = KarplusStrong.pluck(period: 2 * period, position: 0.12, noise: 0.3, softness: 0.2,
                                        random: &random)
        var x = string.render(excitation: pluck, length: length)
        Biquad.highpass(120, q: 0.7, rate: fastRate).apply(&x)  // tighten the lows before the clipper
        let drive = 12 / max(1e-9, Buffers.peak(x))
        x = x.map { tanh(drive * $0 + 0.3) - tanh(0.3) }  // asymmetric: even harmonics too
        for stage in [Biquad.highpass(60, q: 0.7, rate: fastRate), Biquad.peak(110, q: 0.8, gainDB: 6, rate: fastRate), Biquad.peak(1300, q: 1, gainDB: 5, rate: fastRate),
                      Biquad.lowpass(4200, q: 0.9, rate: fastRate), Biquad.lowpass(5200, q: 0.6, rate: fastRate),
                      Biquad.lowpass(7000, q: 0.7, rate: fastRate)] {
            stage.apply(&x)
        }
        var points = stride(from: 0, to: x.count, by: 2).map { x[$0] }
        let loop = attack..<(attack + plan.loopLength)
        Loops.crossfade(&points, loop: loop, fade: min(plan.loopLength, 2 * period))
        return SynthSample(name: "Dist Gtr \(root)", points: points, loop: loop, sampleRate: plan.sampleRate,
                           rootKey: root)
    }
}
