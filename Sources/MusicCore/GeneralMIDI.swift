/// General MIDI level 1 names and the instrument-family → band-role mapping used by piano rolls.
public enum GeneralMIDI {
    /// The 16 GM program families of eight programs each.
    public enum Family: Int, CaseIterable, Sendable {
        case piano, chromaticPercussion, organ, guitar, bass, strings, ensemble, brass
        case reed, pipe, synthLead, synthPad, synthEffects, ethnic, percussive, soundEffects

        public var name: String {
            switch self {
            case .piano: "Piano"
            case .chromaticPercussion: "Chromatic Percussion"
            case .organ: "Organ"
            case .guitar: "Guitar"
            case .bass: "Bass"
            case .strings: "Strings"
            case .ensemble: "Ensemble"
            case .brass: "Brass"
            case .reed: "Reed"
            case .pipe: "Pipe"
            case .synthLead: "Synth Lead"
            case .synthPad: "Synth Pad"
            case .synthEffects: "Synth Effects"
            case .ethnic: "Ethnic"
            case .percussive: "Percussive"
            case .soundEffects: "Sound Effects"
            }
        }

        /// The programs of this family.
        public var programs: ClosedRange<UInt8> { UInt8(rawValue * 8)...UInt8(rawValue * 8 + 7) }
    }

    /// The family of a program (only the low 7 bits count, as on the wire).
    public static func family(ofProgram program: UInt8) -> Family {
        Family(rawValue: Int(program & 0x7F) / 8)!
    }

    /// The GM name of a program, e.g. 0 → "Acoustic Grand Piano" (only the low 7 bits count).
    public static func programName(_ program: UInt8) -> String {
        programNames[Int(program & 0x7F)]
    }

    /// The GM percussion name of a drum key 35...81, e.g. 36 → "Bass Drum 1"; nil outside the GM drum map.
    public static func drumName(_ key: UInt8) -> String? {
        guard drumKeys.contains(key) else { return nil }
        return drumNames[Int(key - drumKeys.lowerBound)]
    }

    /// The keys the GM percussion map defines.
    public static let drumKeys: ClosedRange<UInt8> = 35...81

    /// The band role an instrument plays, by GM family, the way LPD-5 groups the Lakh MIDI tracks
    /// (drums, bass, guitar, piano-like → chords, strings-like → pad), extended with a melody role
    /// for the solo families (reed, pipe, synth lead) that LPD-5 drops.
    public static func role(forProgram program: UInt8, isDrum: Bool) -> TrackRole {
        if isDrum { return .drums }
        let p = program & 0x7F
        switch family(ofProgram: p) {
        case .piano, .chromaticPercussion, .organ: return .chords
        case .guitar: return .guitar
        case .bass: return .bass
        case .strings, .ensemble, .brass, .synthPad, .synthEffects, .soundEffects: return .pad
        case .reed, .pipe, .synthLead: return .melody
        case .ethnic:
            // Sitar, banjo, shamisen, koto are plucked like guitars; kalimba is a mallet instrument;
            // bagpipe, fiddle and shanai carry tunes.
            switch p {
            case 104...107: return .guitar
            case 108: return .chords
            default: return .melody
            }
        case .percussive:
            // Tinkle bell and steel drums are pitched; the rest are unpitched hits.
            return (p == 112 || p == 114) ? .chords : .drums
        }
    }

    /// A conventional program for each role, used when writing a track that has no program of its own.
    public static func defaultProgram(for role: TrackRole) -> UInt8 {
        switch role {
        case .melody: 73      // Flute
        case .drums: 0
        case .bass: 33        // Electric Bass (finger)
        case .chords: 0       // Acoustic Grand Piano
        case .guitar: 25      // Acoustic Guitar (steel)
        case .pad: 48         // String Ensemble 1
        }
    }

    static let programNames: [String] = [
        // Piano
        "Acoustic Grand Piano", "Bright Acoustic Piano", "Electric Grand Piano", "Honky-tonk Piano",
        "Electric Piano 1", "Electric Piano 2", "Harpsichord", "Clavinet",
        // Chromatic Percussion
        "Celesta", "Glockenspiel", "Music Box", "Vibraphone", "Marimba", "Xylophone", "Tubular Bells", "Dulcimer",
        // Organ
        "Drawbar Organ", "Percussive Organ", "Rock Organ", "Church Organ", "Reed Organ", "Accordion",
        "Harmonica", "Tango Accordion",
        // Guitar
        "Acoustic Guitar (nylon)", "Acoustic Guitar (steel)", "Electric Guitar (jazz)", "Electric Guitar (clean)",
        "Electric Guitar (muted)", "Overdriven Guitar", "Distortion Guitar", "Guitar Harmonics",
        // Bass
        "Acoustic Bass", "Electric Bass (finger)", "Electric Bass (pick)", "Fretless Bass", "Slap Bass 1",
        "Slap Bass 2", "Synth Bass 1", "Synth Bass 2",
        // Strings
        "Violin", "Viola", "Cello", "Contrabass", "Tremolo Strings", "Pizzicato Strings", "Orchestral Harp",
        "Timpani",
        // Ensemble
        "String Ensemble 1", "String Ensemble 2", "Synth Strings 1", "Synth Strings 2", "Choir Aahs",
        "Voice Oohs", "Synth Voice", "Orchestra Hit",
        // Brass
        "Trumpet", "Trombone", "Tuba", "Muted Trumpet", "French Horn", "Brass Section", "Synth Brass 1",
        "Synth Brass 2",
        // Reed
        "Soprano Sax", "Alto Sax", "Tenor Sax", "Baritone Sax", "Oboe", "English Horn", "Bassoon", "Clarinet",
        // Pipe
        "Piccolo", "Flute", "Recorder", "Pan Flute", "Blown Bottle", "Shakuhachi", "Whistle", "Ocarina",
        // Synth Lead
        "Lead 1 (square)", "Lead 2 (sawtooth)", "Lead 3 (calliope)", "Lead 4 (chiff)", "Lead 5 (charang)",
        "Lead 6 (voice)", "Lead 7 (fifths)", "Lead 8 (bass + lead)",
        // Synth Pad
        "Pad 1 (new age)", "Pad 2 (warm)", "Pad 3 (polysynth)", "Pad 4 (choir)", "Pad 5 (bowed)",
        "Pad 6 (metallic)", "Pad 7 (halo)", "Pad 8 (sweep)",
        // Synth Effects
        "FX 1 (rain)", "FX 2 (soundtrack)", "FX 3 (crystal)", "FX 4 (atmosphere)", "FX 5 (brightness)",
        "FX 6 (goblins)", "FX 7 (echoes)", "FX 8 (sci-fi)",
        // Ethnic
        "Sitar", "Banjo", "Shamisen", "Koto", "Kalimba", "Bagpipe", "Fiddle", "Shanai",
        // Percussive
        "Tinkle Bell", "Agogo", "Steel Drums", "Woodblock", "Taiko Drum", "Melodic Tom", "Synth Drum",
        "Reverse Cymbal",
        // Sound Effects
        "Guitar Fret Noise", "Breath Noise", "Seashore", "Bird Tweet", "Telephone Ring", "Helicopter",
        "Applause", "Gunshot",
    ]

    static let drumNames: [String] = [
        "Acoustic Bass Drum", "Bass Drum 1", "Side Stick", "Acoustic Snare", "Hand Clap",          // 35-39
        "Electric Snare", "Low Floor Tom", "Closed Hi-Hat", "High Floor Tom", "Pedal Hi-Hat",       // 40-44
        "Low Tom", "Open Hi-Hat", "Low-Mid Tom", "Hi-Mid Tom", "Crash Cymbal 1",                    // 45-49
        "High Tom", "Ride Cymbal 1", "Chinese Cymbal", "Ride Bell", "Tambourine",                    // 50-54
        "Splash Cymbal", "Cowbell", "Crash Cymbal 2", "Vibraslap", "Ride Cymbal 2",                 // 55-59
        "Hi Bongo", "Low Bongo", "Mute Hi Conga", "Open Hi Conga", "Low Conga",                     // 60-64
        "High Timbale", "Low Timbale", "High Agogo", "Low Agogo", "Cabasa",                         // 65-69
        "Maracas", "Short Whistle", "Long Whistle", "Short Guiro", "Long Guiro",                    // 70-74
        "Claves", "Hi Wood Block", "Low Wood Block", "Mute Cuica", "Open Cuica",                    // 75-79
        "Mute Triangle", "Open Triangle",                                                           // 80-81
    ]
}
