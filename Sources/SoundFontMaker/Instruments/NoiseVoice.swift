import Foundation

/// Pitched noise for the GM sound effects (breath, seashore, wind, applause): a long loop of soft-edged pink
/// noise; the key moves its colour up and down like any sample.
enum NoiseVoice {
    static let design = MelodicDesign(
        name: "Noise", roots: [60],
        sample: { root in
            SustainedVoice.sample(name: "Noise", root: root, loopLength: 16384, build: { loop, random in
                loop.addNoise(level: 1, random: &random) { hz in
                    (1 / (hz / 200).squareRoot().clamped(to: 1...100)) * Spectra.highpass(hz, cutoff: 80)
                }
            })
        },
        global: { z in
            z.volumeEnvelope(attack: 0.05, release: 0.3)
            z.sends(reverb: 30)
        })
}
