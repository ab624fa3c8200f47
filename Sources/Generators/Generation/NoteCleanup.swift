import MusicCore

/// Tidies a generated part before it is voiced: a network's sustain planes flicker where its output hovers near
/// the threshold, which is heard as stray 16th-note blips.
///
/// - Chords (and guitar, and pad) lose notes of `shortestSustained` steps or fewer that no other note of the part
///   starts with (a chord's lone flicker), while short notes struck together with others (a staccato comping
///   chord) stay.
/// - `padGap` > 0 also joins pad notes of one pitch separated by at most that many silent steps. Off by default:
///   measured on the genre MIDI files (music21 chorales and MMA band parts, `GenerationBench cleanup DIR`), 24 % of
///   real pad notes are re-struck after a one-step gap, so the gap is the data's articulation, not a dropout;
///   dropping lone one-step chord notes changes 2 % of real chord notes (inner-voice passing notes) and 0 of
///   bass, drums and pad notes.
/// - Bass and drums are left as generated: a 16th-note bass pickup and one-step drum hits are music.
public struct NoteCleanup: Hashable, Sendable {
    public var shortestSustained: Int
    public var padGap: Int
    /// Whether notes are lengthened to their part's calibrated shortest length (`lengthen`).
    public var lengthens: Bool
    /// Whether drums the data plays in every bar keep their groove through a bar the network leaves silent
    /// (`DrumGroove`; the accompanist applies it, over the bars it writes).
    public var keepsGroove: Bool

    public init(shortestSustained: Int = 1, padGap: Int = 0, lengthens: Bool = true, keepsGroove: Bool = true) {
        self.shortestSustained = shortestSustained
        self.padGap = padGap
        self.lengthens = lengthens
        self.keepsGroove = keepsGroove
    }

    /// No changes at all (to inspect raw model output).
    public static let none = NoteCleanup(shortestSustained: 0, padGap: 0, lengthens: false, keepsGroove: false)

    public func apply(_ notes: [StepNote], role: TrackRole) -> [StepNote] {
        switch role {
        case .pad: return dropLoneFragments(bridgeGaps(notes))
        case .chords, .guitar: return dropLoneFragments(notes)
        case .bass, .drums, .melody: return notes
        }
    }

    /// Joins notes of one pitch separated by at most `padGap` silent steps.
    func bridgeGaps(_ notes: [StepNote]) -> [StepNote] {
        guard padGap > 0 else { return notes }
        var out: [StepNote] = []
        var last: [UInt8: Int] = [:]  // pitch → index in `out` of its latest note
        for note in notes.sorted(by: { ($0.start, $0.pitch) < ($1.start, $1.pitch) }) {
            if let i = last[note.pitch], (1...padGap).contains(note.start - out[i].end) {
                out[i].end = max(out[i].end, note.end)
            } else {
                last[note.pitch] = out.count
                out.append(note)
            }
        }
        return out.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
    }

    /// Gives every note at least `shortest` steps, as the data's part has (`NoteThresholds.Role.shortest`): a short
    /// note re-struck at once on its pitch joins the next one; otherwise it grows into the silence after it (before
    /// the next note of the part when `monophonic`, of its pitch otherwise) and stays if it reaches an eighth (or
    /// `shortest`); a monophonic note with less room gives its steps to the note before it, if that ends where it
    /// starts; what is left is dropped.
    /// Nothing grows past step `limit` (the end of the music).
    public func lengthen(_ notes: [StepNote], shortest: Int, monophonic: Bool, limit: Int = .max) -> [StepNote] {
        guard shortest > 1 else { return notes }
        var out = notes.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
        var i = 0
        while i < out.count {
            let note = out[i]
            guard note.length < shortest else { i += 1; continue }
            let after = out.indices.dropFirst(i + 1).filter { out[$0].start >= note.end && (monophonic || out[$0].pitch == note.pitch) }
            // The partner is any later note of the pitch starting where this one ends (a join can move a note's
            // start earlier, so list order is not start order).
            if let next = after.first(where: { out[$0].start == note.end && out[$0].pitch == note.pitch }) {
                out[next].start = note.start
                out.remove(at: i)
                continue
            }
            let room = min(limit, after.map { out[$0].start }.min() ?? limit)
            out[i].end = max(note.end, min(note.start + shortest, room))
            if out[i].length >= min(shortest, 2) { i += 1; continue }
            if monophonic, i > 0, let previous = out[..<i].lastIndex(where: { $0.end == note.start }) {
                out[previous].end = out[i].end
            }
            out.remove(at: i)
        }
        return out.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
    }

    /// Drops short notes that begin at a step where no other note of the part begins.
    func dropLoneFragments(_ notes: [StepNote]) -> [StepNote] {
        guard shortestSustained > 0 else { return notes }
        var starts: [Int: Int] = [:]
        for note in notes { starts[note.start, default: 0] += 1 }
        return notes.filter { $0.length > shortestSustained || starts[$0.start, default: 0] > 1 }
    }
}
