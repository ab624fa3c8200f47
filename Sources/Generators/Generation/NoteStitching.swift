/// Joins two takes of one role's notes at a step, so that neither cuts nor doubles a note there.
///
/// `left` supplies the notes that begin before `cut`, `right` the notes from `cut` on. A note of `left` that
/// reaches the cut continues into `right`'s note of the same pitch when `right` also holds that pitch
/// across the cut (it began earlier in `right`'s view): both takes agree the note is held, so it comes out as one
/// note. When `right` strikes the pitch exactly at the cut, or does not play it, the left note ends at the cut
/// (the bar line where the hand-over happens). A right note that began before the cut but is not continued from
/// the left starts at the cut. Drum hits are one step long and never cross a cut: each side keeps its own.
public enum NoteStitching {
    public static func join(_ left: [StepNote], _ right: [StepNote], at cut: Int) -> [StepNote] {
        var out: [StepNote] = []
        out.reserveCapacity(left.count + right.count)
        var crossing: [UInt8: Int] = [:]  // pitch → index in `out` of a left note sounding at the cut
        for note in left where note.start < cut {
            if note.end >= cut { crossing[note.pitch] = out.count }
            out.append(StepNote(pitch: note.pitch, start: note.start, end: min(note.end, cut)))
        }
        for note in right where note.end > cut {
            if note.start < cut, let index = crossing[note.pitch] {
                out[index].end = note.end  // held in both takes: one note
                crossing[note.pitch] = nil
            } else {
                out.append(StepNote(pitch: note.pitch, start: max(note.start, cut), end: note.end))
            }
        }
        return out.sorted { ($0.start, $0.pitch, $0.end) < ($1.start, $1.pitch, $1.end) }
    }
}
