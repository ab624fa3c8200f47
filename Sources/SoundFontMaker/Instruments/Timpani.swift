import Foundation

/// Timpani (also taiko, melodic tom, synth drum): a kettle drum's membrane modes, tuned by the kettle close to
/// 1 : 1.5 : 2 : 2.5 : 3 so the drum has a pitch, struck by a felt mallet.
enum Timpani {
    /// The overtones at 1.5 and 2.5 are kept soft: with 1, 2 and 3 they would form the harmonic series of a note
    /// an octave below, and the drum would seem to sound that octave.
    static let modes: Mallets.Modes = [(1, 1, 1e6), (1.504, 0.15, 1.0), (1.742, 0.2, 0.3), (2.0, 0.35, 0.6),
                                       (2.245, 0.12, 0.2), (2.494, 0.05, 0.4), (2.98, 0.08, 0.25)]

    static let design = MelodicDesign(
        name: "Timpani", roots: [36, 48, 60], gainDB: -1,
        sample: { root in Mallets.sample("Timpani", root: root, modes: modes, tickHz: 400) },
        global: { z in
            z.volumeEnvelope(decay: 4, sustainDB: 100, release: 0.8)
            z.sends(reverb: 25)
        })
}
