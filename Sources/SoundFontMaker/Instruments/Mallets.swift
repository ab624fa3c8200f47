import Foundation

/// Struck bars. Each mode of a bar is a partial with its own decay; the mallet's contact is a short noise tick.
enum Mallets {
    /// A bar's modes: (ratio to the fundamental, amplitude, decay in seconds relative to the envelope).
    typealias Modes = [(ratio: Double, amplitude: Double, decay: Double)]

    /// Wooden bar tuned like a marimba: the second mode is cut to 4× and the third to about 10×.
    static let marimbaModes: Modes = [(1, 1, 1e6), (4, 0.35, 0.12), (9.9, 0.12, 0.04)]
    /// Free metal bar (glockenspiel, celesta): modes 1, 2.76, 5.40, 8.93 — the bell-like inharmonic set.
    static let bellModes: Modes = [(1, 1, 1e6), (2.756, 0.45, 1.2), (5.404, 0.28, 0.45), (8.933, 0.14, 0.2),
                                   (13.34, 0.06, 0.1)]

    static let marimba = MelodicDesign(
        name: "Marimba", roots: [48, 60, 72, 84, 96],
        sample: { root in sample("Marimba", root: root, modes: marimbaModes, tickHz: 1800) },
        global: { z in
            z.volumeEnvelope(decay: 2.2, sustainDB: 100, release: 0.3)
            z.set(.keynumToVolEnvDecay, -50)
            z.sends(reverb: 20)
        })

    static let bells = MelodicDesign(
        name: "Bells", roots: [60, 72, 84, 96, 108], gainDB: -3,
        sample: { root in sample("Bells", root: root, modes: bellModes, tickHz: 5000) },
        global: { z in
            z.volumeEnvelope(decay: 6, sustainDB: 100, release: 1.2)
            z.set(.keynumToVolEnvDecay, -40)
            z.sends(reverb: 30)
        })

    static func sample(_ name: String, root: Int, modes: Modes, tickHz: Double) -> SynthSample {
        let plan = PitchPlan.loop(rootKey: root, loopLength: 4096, nominalRate: 22050)
        var random = SeededRandom("\(name) \(root)")
        let partials = modes.compactMap { m -> DecayingPartial? in
            let hz = m.ratio * plan.frequency
            guard hz < plan.nyquist * 0.9 else { return nil }
            return DecayingPartial(hertz: hz, amplitude: m.amplitude, phase: random.phase(),
                                   fastDecay: min(m.decay, 0.3) / 3, slowDecay: m.decay, fastShare: 0.3)
        }
        let attack = Int(Double(plan.sampleRate) * 0.25)
        var points = DecayingPartials.render(partials, plan: plan, attackLength: attack)
        let tick = SustainedVoice.noiseBurst(plan, &random, seconds: 0.008, center: tickHz, q: 0.8, level: 0.3)
        Buffers.mix(tick, into: &points)
        return SynthSample(name: "\(name) \(root)", points: points, loop: attack..<points.count,
                           sampleRate: plan.sampleRate, rootKey: root)
    }
}
