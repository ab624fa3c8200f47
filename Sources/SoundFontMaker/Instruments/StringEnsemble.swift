import Foundation

/// String section: several bowed voices per note, each a sawtooth-like bowed-string spectrum detuned by a few
/// cents, shaped by a violin-family body (air and wood resonances, bridge hill) and a touch of bow noise. All of it
/// is placed on the loop's frequency grid, so the chorus of detuned voices loops without a seam.
enum StringEnsemble {
    static let design = MelodicDesign(
        name: "Strings", roots: [31, 43, 55, 67, 79, 91], gainDB: -5,
        sample: { root in sample(root: root) },
        global: { z in
            z.volumeEnvelope(attack: 0.18, release: 0.4)
            z.vibrato(cents: 6, hertz: 5.3, delay: 0.35)
            z.sends(reverb: 30, chorus: 10)
        })

    static func sample(root: Int) -> SynthSample {
        let plan = PitchPlan.loop(rootKey: root, loopLength: 16384, nominalRate: 22050)
        var random = SeededRandom("strings \(root)")
        var loop = SpectralLoop(plan: plan)
        loop.addEnsemble(detunes: [0, -13, 13, -7, 7, -3, 3], random: &random) { n, hz in body(hz) / Double(n) }
        loop.addNoise(level: 0.02, random: &random) { hz in Spectra.resonance(hz, center: 3000, width: 4000, gain: 1) }
        let points = loop.render()
        return SynthSample(name: "Strings \(root)", attack: Array(points.suffix(32)), loop: points, plan: plan)
    }

    /// Violin-family body: main air and wood resonances, the bridge hill near 2.5 kHz, a soft top end.
    static func body(_ hz: Double) -> Double {
        let resonances = Spectra.resonance(hz, center: 280, width: 120, gain: 0.8)
            + Spectra.resonance(hz, center: 480, width: 200, gain: 0.7)
            + Spectra.resonance(hz, center: 2500, width: 1800, gain: 0.6)
        return (0.5 + resonances) * Spectra.lowpass(hz, cutoff: 4500, order: 1.5) * Spectra.highpass(hz, cutoff: 60)
    }
}
