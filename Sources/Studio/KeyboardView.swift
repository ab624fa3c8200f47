import MusicCore

/// The 32-key keyboard as the FT2 rows lay it out: black keys with their top-row and bottom-row labels, white
/// keys likewise, note names under the Cs. Keys held (computer keys, MIDI in) and notes sounding from playback
/// light up.
enum KeyboardView {
    static let whiteWidth = 3

    static func draw(_ state: StudioState, into buffer: inout ScreenBuffer, _ rect: ScreenLayout.Rect) {
        buffer.fill(x: rect.x, y: rect.y, width: rect.width, height: rect.height, " ", .normal)
        let base = KeyboardLayout.baseNote(octave: state.octave)
        let semitones = 0..<KeyboardLayout.keyCount
        let whites = semitones.filter { !KeyboardLayout.isBlack(base + $0) }
        let total = whites.count * whiteWidth + 1
        let x0 = rect.x + max(1, (rect.width - total - 24) / 2)
        let held = state.live.pitches
        let sounding = soundingPitches(state)
        func style(_ semitone: Int, black: Bool) -> CellStyle {
            let pitch = UInt8(clamping: base + semitone)
            if held.contains(pitch) { return .keyHeld }
            if sounding.contains(pitch) { return .keySounding }
            return black ? .keyBlack : .keyWhite
        }
        // White keys: four rows tall, a border column, bottom-row label on row 2, top-row label on row 3.
        for (i, semitone) in whites.enumerated() {
            let x = x0 + i * whiteWidth
            let s = style(semitone, black: false)
            let labels = KeyboardLayout.labels(forSemitone: semitone)
            for row in 0..<4 {
                buffer.put(x, rect.y + row, "|", .keyWhite)
                buffer.put(x + 1, rect.y + row, " ", s)
                buffer.put(x + 2, rect.y + row, " ", s)
            }
            if let bottom = labels.bottom { buffer.write(x + 1, rect.y + 2, String(bottom).uppercased(), s) }
            if let top = labels.top { buffer.write(x + 1, rect.y + 3, String(top).uppercased(), s) }
            if (base + semitone) % 12 == 0 {
                buffer.write(x + 1, rect.y + 4, MIDIFileSummary.noteName(UInt8(clamping: base + semitone)), .label)
            }
        }
        buffer.put(x0 + whites.count * whiteWidth, rect.y, "|", .keyWhite)
        for row in 1..<4 { buffer.put(x0 + whites.count * whiteWidth, rect.y + row, "|", .keyWhite) }
        // Black keys: two cells over the boundary between their white neighbours, labels top row then bottom row.
        for semitone in semitones where KeyboardLayout.isBlack(base + semitone) {
            guard let left = whites.lastIndex(where: { $0 < semitone }) else { continue }
            let x = x0 + left * whiteWidth + 2
            let s = style(semitone, black: true)
            let labels = KeyboardLayout.labels(forSemitone: semitone)
            buffer.write(x, rect.y, (labels.top.map { String($0).uppercased() } ?? " ").padded(2), s)
            buffer.write(x, rect.y + 1, (labels.bottom.map { String($0).uppercased() } ?? " ").padded(2), s)
        }
        let infoX = x0 + total + 2
        buffer.write(infoX, rect.y, "octave \(state.octave)", .label, limit: rect.maxX - infoX)
        buffer.write(infoX, rect.y + 1, "velocity \(state.velocity)", .label, limit: rect.maxX - infoX)
        buffer.write(infoX, rect.y + 2, "PgUp/PgDn octave", .dim, limit: rect.maxX - infoX)
        buffer.write(infoX, rect.y + 3, "Home/End velocity", .dim, limit: rect.maxX - infoX)
    }

    /// Pitches sounding from playback at the playhead (audible pitched tracks).
    static func soundingPitches(_ state: StudioState) -> Set<UInt8> {
        guard state.transport.mode == .playing else { return [] }
        let tick = state.playheadTick(at: state.nowMs)
        let mix = Arrangement.mix(of: state.project)
        var result = Set<UInt8>()
        for (index, part) in Arrangement.parts(of: state.project).enumerated()
        where !part.track.isDrum && Arrangement.isAudible(index, mix: mix) {
            for note in part.track.notes where note.start <= tick && tick < note.end { result.insert(note.pitch) }
        }
        return result
    }
}
