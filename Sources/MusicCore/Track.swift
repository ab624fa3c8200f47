/// What a track does in a band arrangement. Piano rolls are laid out by role.
public enum TrackRole: String, CaseIterable, Sendable, Codable {
    case melody, drums, bass, chords, guitar, pad
}

/// One instrument's part: its notes plus how it is played back.
public struct Track: Hashable, Sendable, Codable {
    public var name: String
    /// General MIDI program, 0...127 (ignored for drums).
    public var program: UInt8
    /// True for a percussion track (played on MIDI channel 10, bank 128).
    public var isDrum: Bool
    /// MIDI channel, 0...15 (9 is the GM drum channel).
    public var channel: UInt8
    public var role: TrackRole
    /// Notes sorted by start, then pitch.
    public var notes: [Note]

    public init(name: String, program: UInt8 = 0, isDrum: Bool = false, channel: UInt8 = 0,
                role: TrackRole = .melody, notes: [Note] = []) {
        self.name = name
        self.program = program
        self.isDrum = isDrum
        self.channel = channel
        self.role = role
        self.notes = notes
    }
}
