import Foundation

/// Synthesizers: sawtooth and square leads, a warm detuned pad, and a choir built from vowel formants.
enum Synths {
    static let sawLead = MelodicDesign(
        name: "Saw Lead", roots: [36, 48, 60, 72, 84, 96], gainDB: -4,
        sample: { root in
            SustainedVoice.sample(name: "Saw", root: root, loopLength: 4096, build: { loop, random in
                loop.addEnsemble(detunes: [-5, 5], random: &random) { n, _ in 1 / Double(n) }
            })
        },
        global: { z in
            z.volumeEnvelope(attack: 0.005, release: 0.1)
            z.lowpass(5000, resonanceDB: 3)
            z.modulationEnvelope(decay: 0.4, sustain: 0)
            z.set(.modEnvToFilterFc, 1500)
            z.sends(reverb: 15, chorus: 10)
        })

    static let squareLead = MelodicDesign(
        name: "Square Lead", roots: [36, 48, 60, 72, 84, 96], gainDB: -8,
        sample: { root in
            SustainedVoice.sample(name: "Square", root: root, loopLength: 4096, build: { loop, random in
                // A slightly uneven pulse: odd harmonics at 1/n, even ones faint.
                loop.addHarmonics(random: &random) { n, _ in n % 2 == 1 ? 1 / Double(n) : 0.08 / Double(n) }
            })
        },
        global: { z in
            z.volumeEnvelope(attack: 0.005, release: 0.1)
            z.lowpass(6000)
            z.sends(reverb: 15)
        })

    static let pad = MelodicDesign(
        name: "Synth Pad", roots: [36, 48, 60, 72, 84], gainDB: -5,
        sample: { root in
            SustainedVoice.sample(name: "Pad", root: root, loopLength: 16384, build: { loop, random in
                loop.addEnsemble(detunes: [0, -16, 16, -9, 9, -4, 4], random: &random) { n, hz in
                    Spectra.lowpass(hz, cutoff: 1800, order: 1.5) / Double(n)
                }
            })
        },
        global: { z in
            z.volumeEnvelope(attack: 0.45, release: 1.2)
            z.sends(reverb: 40, chorus: 30)
        })

    static let choir = MelodicDesign(
        name: "Choir", roots: [43, 55, 67, 79], gainDB: -3,
        sample: { root in
            SustainedVoice.sample(name: "Choir", root: root, loopLength: 16384, build: { loop, random in
                loop.addEnsemble(detunes: [0, -12, 12, -6, 6], random: &random) { n, hz in
                    vowelAh(hz) / pow(Double(n), 0.6)
                }
                loop.addNoise(level: 0.012, random: &random) { vowelAh($0) }
            })
        },
        global: { z in
            z.volumeEnvelope(attack: 0.22, release: 0.5)
            z.vibrato(cents: 5, hertz: 5.2, delay: 0.3)
            z.sends(reverb: 40, chorus: 20)
        })

    /// The open vowel "ah" of a mixed choir: formants near 750, 1200, 2600 and 3400 Hz.
    static func vowelAh(_ hz: Double) -> Double {
        let formants = Spectra.resonance(hz, center: 750, width: 160, gain: 1)
            + Spectra.resonance(hz, center: 1200, width: 180, gain: 0.55)
            + Spectra.resonance(hz, center: 2600, width: 260, gain: 0.3)
            + Spectra.resonance(hz, center: 3400, width: 320, gain: 0.18)
        let chest = Spectra.resonance(hz, center: 200, width: 500, gain: 0.4)
        return (formants + chest + 0.03) * Spectra.lowpass(hz, cutoff: 5000)
    }
}
