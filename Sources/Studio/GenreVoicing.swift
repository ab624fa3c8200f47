import MusicCore

/// The instruments each genre's band plays, by role: changing genre re-voices the current take with these.
/// Unknown (custom) genres keep the generator's own instruments.
public enum GenreVoicing {
    /// General MIDI programs (drums: the kit number on bank 128).
    static let table: [String: [TrackRole: UInt8]] = [
        "rock": [.drums: 0, .bass: 34, .guitar: 29, .chords: 30, .pad: 18],
        "pop": [.drums: 0, .bass: 38, .guitar: 25, .chords: 4, .pad: 89],
        "jazz": [.drums: 32, .bass: 32, .guitar: 26, .chords: 0, .pad: 66],
        "symphony": [.drums: 48, .bass: 43, .guitar: 46, .chords: 48, .pad: 49],
    ]

    public static func program(genre: String, role: TrackRole) -> UInt8? { table[genre]?[role] }

    /// The tracks with this genre's instruments (tracks of roles the genre does not list keep theirs).
    public static func revoiced(_ tracks: [Track], genre: String) -> [Track] {
        tracks.map { track in
            var track = track
            let role: TrackRole = track.isDrum ? .drums : track.role
            if let program = program(genre: genre, role: role) {
                track.program = program
                if !track.isDrum { track.name = GeneralMIDI.programName(program) }
            }
            return track
        }
    }
}
