import Foundation

/// Tonewheel drawbar organ: near-sine partials at the drawbar footages (8′, 4′, 2⅔′, 2′, 1⅓′, 1′), each drawbar
/// step 3 dB, with the brief key click of the contacts at the onset. It sustains while held and stops at once.
enum Organ {
    /// Harmonic number and drawbar setting (0…8) of each pipe footage, a full "rock" registration.
    static let drawbars: [(harmonic: Int, level: Int)] = [(1, 8), (2, 8), (3, 6), (4, 5), (6, 3), (8, 4)]

    static let design = MelodicDesign(
        name: "Drawbar Organ", roots: [30, 42, 54, 66, 78, 90], gainDB: -6,
        sample: { root in
            SustainedVoice.sample(name: "Organ", root: root, loopLength: 4096, build: { loop, random in
                for (h, level) in drawbars {
                    let hz = Double(h) * loop.plan.frequency
                    // Tonewheels above ~6 kHz fold back an octave on a real console; here they fade out.
                    let a = Spectra.db(Double(level - 8) * 3) * Spectra.lowpass(hz, cutoff: 6000, order: 2)
                    loop.addPartial(hertz: hz, amplitude: a, phase: random.phase())
                }
            }, transient: { plan, random in
                SustainedVoice.noiseBurst(plan, &random, seconds: 0.012, center: 2500, q: 0.7, level: 0.25)
            })
        },
        global: { z in
            z.volumeEnvelope(attack: 0.006, release: 0.07)
            z.sends(reverb: 15)
        })
}
