import Foundation

/// Basses: the upright's soft thumb pluck in a wooden body, the electric's finger pluck through a pickup, and
/// the synth bass (a sawtooth and square blend the SoundFont's resonant filter sweeps on each note).
enum Basses {
    static let roots = [28, 38, 48, 60]

    static let uprightString = PluckedString(
        name: "Upright Bass", roots: roots, damping: 0.12, sustain: 3.5, pluckPosition: 0.22, pluckNoise: 0.1,
        pluckSoftness: 0.7, attackLow: 0.45, attackHigh: 0.3,
        color: { x, rate in
            let dry = x
            for (hz, q, gain) in [(70.0, 3.0, 1.2), (140.0, 3.0, 0.8), (300.0, 2.0, 0.4)] {
                Buffers.mix(Biquad.bandpass(hz, q: q, rate: rate).applied(to: dry), into: &x, gain: gain)
            }
            Biquad.lowpass(2500, q: 0.6, rate: rate).apply(&x)
        })

    static let electricString = PluckedString(
        name: "Finger Bass", roots: roots, damping: 0.04, sustain: 7, pluckPosition: 0.15, pluckNoise: 0.15,
        pluckSoftness: 0.7, attackLow: 0.45, attackHigh: 0.3,
        color: PluckedString.pickup(resonance: 3000, q: 1.2))

    static let acoustic = MelodicDesign(
        name: "Acoustic Bass", roots: roots, gainDB: -1, sample: { uprightString.sample(root: $0) },
        global: { z in
            z.volumeEnvelope(decay: 5, sustainDB: 100, release: 0.15)
            z.sends(reverb: 10)
        })

    static let electric = MelodicDesign(
        name: "Electric Bass", roots: roots, gainDB: 0, sample: { electricString.sample(root: $0) },
        global: { z in
            z.volumeEnvelope(decay: 9, sustainDB: 100, release: 0.12)
            z.sends(reverb: 5)
        })

    static let synth = MelodicDesign(
        name: "Synth Bass", roots: [28, 40, 52, 64],
        sample: { root in
            SustainedVoice.sample(name: "Synth Bass", root: root, loopLength: 4096, build: { loop, random in
                loop.addEnsemble(detunes: [0, -6, 6], random: &random) { n, _ in
                    (1 / Double(n)) * (n % 2 == 1 ? 1.3 : 0.7)  // saw with a square's odd-harmonic weight
                }
            })
        },
        global: { z in
            z.volumeEnvelope(attack: 0.003, decay: 1.5, sustainDB: 8, release: 0.1)
            z.lowpass(500, resonanceDB: 9)
            z.modulationEnvelope(decay: 0.3, sustain: 0.15)
            z.set(.modEnvToFilterFc, 3600)
            z.sends(reverb: 5)
        })
}
