import MusicCore

/// Turns generated parts into MIDI tracks beside the user's melody: the melody track exactly as it was, then one
/// track per role with the model's program and velocity, bar downbeats accented a little, drums on channel 10
/// (index 9) and every other part on its own channel clear of the melody's and the drums'. The song keeps the
/// input's tempo map, time signatures, key and ticks per quarter, so the accompaniment's bar lines fall on the
/// melody's bars.
public struct AccompanimentVoicing: Hashable, Sendable {
    /// Added to the velocity of notes that begin on a bar line.
    public var downbeatAccent: Int

    public init(downbeatAccent: Int = 8) { self.downbeatAccent = downbeatAccent }

    /// The output song: `input`'s melody track `melodyTrack` and the parts (one per instrument, in that order),
    /// on the grid of `piece` (the piece built from `input`).
    public func song(_ input: Song, melodyTrack: Int, piece: StepPiece, parts: [StepPart],
                     instruments: [ModelManifest.Instrument]) -> Song {
        let melody = input.tracks[melodyTrack]
        let ticks = StepTicks(ticksPerQuarter: input.ticksPerQuarter)
        let lastStep = parts.flatMap(\.notes).map(\.end).max() ?? 0
        let downbeats = Set(piece.barStarts(through: lastStep + 1))
        let channels = Self.channels(for: instruments.map(\.role), avoiding: melody.channel)
        var tracks = [melody]
        for (k, instrument) in instruments.enumerated() {
            let notes = parts.first { $0.role == instrument.role }?.notes ?? []
            let isDrum = instrument.role == .drums
            let velocity = { (note: StepNote) -> UInt8 in
                let accent = downbeats.contains(note.start) ? downbeatAccent : 0
                return UInt8(min(127, max(1, Int(instrument.velocity) + accent)))
            }
            tracks.append(Track(name: Self.name(instrument.role), program: isDrum ? 0 : instrument.program,
                                isDrum: isDrum, channel: channels[k], role: instrument.role,
                                notes: ticks.notes(notes, velocity: velocity)))
        }
        return Song(tracks: tracks, ticksPerQuarter: input.ticksPerQuarter, tempos: input.tempos,
                    timeSignatures: input.timeSignatures, key: input.key)
    }

    /// Drums on 9; the other roles on the lowest channels that are neither the melody's nor 9.
    static func channels(for roles: [TrackRole], avoiding melody: UInt8) -> [UInt8] {
        var free = (0...15).map(UInt8.init).filter { $0 != melody && $0 != 9 }.makeIterator()
        return roles.map { $0 == .drums ? 9 : free.next() ?? 15 }
    }

    /// "Drums", "Bass", "Chords", "Pad", "Guitar".
    static func name(_ role: TrackRole) -> String { role.rawValue.prefix(1).uppercased() + role.rawValue.dropFirst() }
}
