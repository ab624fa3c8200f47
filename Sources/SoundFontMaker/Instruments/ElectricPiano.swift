import Foundation

/// Tine electric piano: a near-sine fundamental from the tine and its pickup, the second and third harmonics the
/// pickup's asymmetry adds, and the metallic "tine ping" (high inharmonic partials) that rings only for the first
/// tenth of a second. Sample holds the onset; the loop keeps the round, bell-less tone.
enum ElectricPiano {
    static let design = MelodicDesign(
        name: "Electric Piano", roots: [36, 48, 60, 72, 84, 96], gainDB: -5,
        sample: { root in sample(root: root) },
        global: { z in
            z.volumeEnvelope(decay: 9, sustainDB: 100, release: 0.25)
            z.set(.keynumToVolEnvDecay, -40)
            z.sends(reverb: 15, chorus: 15)
        })

    static func sample(root: Int) -> SynthSample {
        let plan = PitchPlan.loop(rootKey: root, loopLength: root < 84 ? 8192 : 4096, nominalRate: 22050)
        let f = plan.frequency
        var random = SeededRandom("epiano \(root)")
        // (multiple of f, amplitude, fast decay s, slow decay s, fast share)
        let spec: [(Double, Double, Double, Double, Double)] = [
            (1, 1.0, 0.5, 1e6, 0.25),
            (2, 0.32, 0.3, 2.5, 0.5),
            (3, 0.12, 0.15, 1.2, 0.6),
            (4, 0.05, 0.1, 0.8, 0.6),
            (5, 0.025, 0.08, 0.6, 0.6),
            (6, 0.015, 0.06, 0.5, 0.6),
            (5.6, 0.30 * Keys.across(root, 36, 1, 96, 0.4), 0.05, 0.12, 0.8),  // tine ping
            (8.9, 0.16 * Keys.across(root, 36, 1, 96, 0.3), 0.03, 0.08, 0.9),
        ]
        let partials = spec.compactMap { m, a, fast, slow, share -> DecayingPartial? in
            let hz = m * f
            guard hz < plan.nyquist * 0.9 else { return nil }
            return DecayingPartial(hertz: hz, amplitude: a, phase: random.phase(), fastDecay: fast,
                                   slowDecay: slow, fastShare: share)
        }
        let attack = Int(Double(plan.sampleRate) * Keys.scale(root, 36, 0.6, 96, 0.25))
        let points = DecayingPartials.render(partials, plan: plan, attackLength: attack)
        return SynthSample(name: "E.Piano \(root)", points: points, loop: attack..<points.count,
                           sampleRate: plan.sampleRate, rootKey: root)
    }
}
