import Foundation

/// Acoustic grand piano: additive synthesis of stiff strings. Partials are stretched by the string's
/// inharmonicity, weighted by the hammer's strike point and felt, and each decays at its own rate (upper partials
/// die first, so the tone mellows as it rings). A short felt thump starts the note. The sample holds the
/// still-changing first part; the loop keeps the mellow remainder, which the volume envelope fades.
enum Piano {
    static let design = MelodicDesign(
        name: "Grand Piano", roots: [24, 36, 48, 60, 72, 84, 96], gainDB: -4,
        sample: { root in sample(root: root) },
        global: { z in
            z.volumeEnvelope(decay: 12, sustainDB: 100, release: 0.35)
            z.set(.keynumToVolEnvDecay, -33)  // higher strings ring shorter: ×2 per three octaves
            z.sends(reverb: 20)
        })

    static func sample(root: Int) -> SynthSample {
        let plan = PitchPlan.loop(rootKey: root, loopLength: root < 84 ? 8192 : 4096, nominalRate: 22050)
        let rate = Double(plan.sampleRate)
        let f = plan.frequency
        let attack = Int(rate * Keys.scale(root, 24, 1.0, 96, 0.3))
        let inharmonicity = 0.0003 * pow(2, Double(root - 60) / 24)
        let strike = 1 / 7.5  // hammer position along the string
        let felt = Keys.scale(root, 24, 2200, 96, 7000)  // hammer felt roll-off
        var random = SeededRandom("piano \(root)")

        var partials: [DecayingPartial] = []
        var n = 1
        while true {
            let hz = Double(n) * f * (1 + inharmonicity * Double(n * n)).squareRoot()
            if hz > min(9000, plan.nyquist * 0.9) || n > 120 { break }
            // Strike-point comb, −6 dB/octave string spectrum, felt low-pass, weak radiation of the lowest tones.
            var a = max(0.08, abs(sin(Double.pi * Double(n) * strike))) / pow(Double(n), 0.9)
            a *= Spectra.lowpass(hz, cutoff: felt, order: 1.5)
            a *= hz < 120 ? pow(hz / 120, 1.2) : 1
            // Decay relative to the envelope: the fundamental holds, higher and upper-register partials fade.
            let rateOfFall = 0.35 * Double(n - 1) + 1.2 * max(0, hz - f) / 1000
            let slow = 1 / max(0.02, rateOfFall)
            partials.append(DecayingPartial(hertz: hz, amplitude: a, phase: random.phase(),
                                            fastDecay: min(0.25, slow / 4), slowDecay: slow,
                                            fastShare: n == 1 ? 0.3 : 0.55))
            n += 1
        }
        var points = DecayingPartials.render(partials, plan: plan, attackLength: attack)
        addHammerThump(&points, rate: rate, root: root, random: &random)
        let loop = attack..<(attack + plan.loopLength)
        return SynthSample(name: "Piano \(root)", points: points, loop: loop, sampleRate: plan.sampleRate,
                           rootKey: root)
    }

    /// The felt hammer hitting the string and the key bed: a few milliseconds of low-passed noise.
    private static func addHammerThump(_ x: inout [Double], rate: Double, root: Int, random: inout SeededRandom) {
        let length = Int(rate * 0.03)
        var thump = (0..<length).map { i in random.bipolar() * exp(-Double(i) / (rate * 0.006)) }
        Biquad.lowpass(Keys.scale(root, 24, 600, 96, 3000), q: 0.8, rate: rate).apply(&thump)
        let level = 0.25 * Buffers.peak(x) / max(1e-9, Buffers.peak(thump))
        Buffers.mix(thump, into: &x, gain: level)
    }
}
