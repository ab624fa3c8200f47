import MusicCore

/// How a freshly trained model voices its tracks: each role's most used GM program in the training data
/// (`TrainingDataset.programs()`), with a velocity by role that sits the parts under the melody.
public enum TrainedInstruments {
    /// Velocity per role: drums and bass carry the groove, chords and pads sit back.
    public static func velocity(_ role: TrackRole) -> UInt8 {
        switch role {
        case .melody: 100
        case .drums: 96
        case .bass: 92
        case .guitar: 80
        case .chords: 76
        case .pad: 64
        }
    }

    /// A General MIDI program for a role the data does not play (a fine-tuned model's extra roles).
    public static func defaultProgram(_ role: TrackRole) -> UInt8 {
        switch role {
        case .melody, .chords, .drums: 0     // piano; drums ignore the program
        case .bass: 33                        // electric bass (finger)
        case .guitar: 25                      // steel-string guitar
        case .pad: 48                         // string ensemble
        }
    }

    /// One instrument per role, in `roles` order: the data's program, else `previous`'s (the model fine-tuned
    /// from), else the default.
    public static func instruments(roles: [TrackRole], programs: [TrackRole: UInt8],
                                   previous: [ModelManifest.Instrument] = []) -> [ModelManifest.Instrument] {
        roles.map { role in
            let program = programs[role] ?? previous.first { $0.role == role }?.program ?? defaultProgram(role)
            return ModelManifest.Instrument(role: role, program: program, velocity: velocity(role))
        }
    }
}
