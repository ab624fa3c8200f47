import Foundation

/// Wind instruments as spectral loops shaped by their bores, plus the breath: brass (a formant that the filter
/// envelope brightens on each attack), saxophone (reed buzz through a conical bore, with breath hiss) and flute
/// (a nearly pure tone with breath noise and an onset chiff).
enum Winds {
    static let brass = MelodicDesign(
        name: "Brass", roots: [34, 46, 58, 70, 82], gainDB: -3,
        sample: { root in
            SustainedVoice.sample(name: "Brass", root: root, build: { loop, random in
                // Radiation rises about 6 dB/oct up to the bell's formant, then falls off steeply.
                loop.addEnsemble(detunes: [0, -4, 4], random: &random) { n, hz in
                    let x = hz / 1100
                    let bell = x / (1 + x * x * x) / Double(n).squareRoot()
                    // The lip buzz keeps the lowest harmonics firm, so low notes still sound their fundamental.
                    return n == 1 ? max(bell, 0.5) : n == 2 ? max(bell, 0.3) : bell
                }
            })
        },
        global: { z in
            z.volumeEnvelope(attack: 0.03, release: 0.12)
            z.lowpass(4000)
            z.modulationEnvelope(attack: 0.02, decay: 0.25, sustain: 0)
            z.set(.modEnvToFilterFc, 1800)
            z.vibrato(cents: 5, hertz: 5.2, delay: 0.6)
            z.sends(reverb: 20)
        })

    static let saxophone = MelodicDesign(
        name: "Saxophone", roots: [40, 52, 64, 76, 88], gainDB: -5,
        sample: { root in
            SustainedVoice.sample(name: "Sax", root: root, build: { loop, random in
                loop.addHarmonics(random: &random) { n, hz in
                    let bore = Spectra.resonance(hz, center: 700, width: 900, gain: 1)
                        + Spectra.resonance(hz, center: 2600, width: 1600, gain: 0.35) + (n == 1 ? 0.5 : 0.12)
                    return bore * Spectra.lowpass(hz, cutoff: 5500, order: 2) / pow(Double(n), 0.3)
                }
                loop.addNoise(level: 0.03, random: &random) { hz in
                    Spectra.resonance(hz, center: 3000, width: 3000, gain: 1)
                }
            })
        },
        global: { z in
            z.volumeEnvelope(attack: 0.025, release: 0.1)
            z.lowpass(6000)
            z.modulationEnvelope(attack: 0.02, decay: 0.2, sustain: 0)
            z.set(.modEnvToFilterFc, 1200)
            z.vibrato(cents: 6, hertz: 5, delay: 0.5)
            z.sends(reverb: 20)
        })

    static let flute = MelodicDesign(
        name: "Flute", roots: [60, 70, 80, 90, 100], gainDB: -5,
        sample: { root in
            SustainedVoice.sample(name: "Flute", root: root, build: { loop, random in
                let weights = [1.0, 0.3, 0.16, 0.06, 0.04, 0.02, 0.012, 0.008]
                loop.addHarmonics(random: &random) { n, _ in n <= weights.count ? weights[n - 1] : 0 }
                let f = loop.plan.frequency
                loop.addNoise(level: 0.05, random: &random) { hz in
                    // Breath: broadband hiss, stronger around the played harmonics.
                    let nearHarmonic = abs(hz / f - (hz / f).rounded()) < 0.08 ? 2.5 : 1
                    return nearHarmonic * Spectra.highpass(hz, cutoff: 600) * Spectra.lowpass(hz, cutoff: 7000)
                }
            }, transient: { plan, random in
                SustainedVoice.noiseBurst(plan, &random, seconds: 0.05, center: 3 * plan.frequency, q: 2,
                                          level: 0.35)
            })
        },
        global: { z in
            z.volumeEnvelope(attack: 0.05, release: 0.12)
            z.vibrato(cents: 5, hertz: 5, delay: 0.45)
            z.sends(reverb: 25)
        })
}
