import MusicCore

/// Drums keep the groove through a bar the network leaves silent. A drummer does not stop for a bar because the
/// tune holds a note: where the data plays drums in nearly every bar (`NoteThresholds.Role.barRelative`), a bar
/// without a hit repeats the hits of the nearest bar before it that has some (of the nearest after it, for bars
/// before the first). Read relative to each bar's level, a bar still goes silent where the network's drum output
/// is flat there (a chord-conditioned rock-musegan left 4 % of held-out bars without drums, where the data's
/// drums never rest).
public enum DrumGroove {
    /// `hits` with every bar of `bars` (ascending, adjoining step ranges) inside `steps` that has no hit filled
    /// from its nearest bar with hits (any of `bars`: the studio writes a few bars at a time after what it wrote
    /// before): the same offsets from the bar line, those that fit in the bar. Other hits stay.
    public static func fill(_ hits: [StepNote], bars: [Range<Int>], in steps: Range<Int>? = nil) -> [StepNote] {
        let inBar = bars.map { bar in hits.filter { bar.contains($0.start) } }
        let played = inBar.indices.filter { !inBar[$0].isEmpty }
        guard !played.isEmpty, played.count < bars.count else { return hits }
        var out = hits
        for (b, bar) in bars.enumerated() where inBar[b].isEmpty && steps.map({ $0.contains(bar.lowerBound) }) ?? true {
            let source = played.last { $0 < b } ?? played.first { $0 > b }!
            let shift = bar.lowerBound - bars[source].lowerBound
            out += inBar[source].compactMap { hit in
                let start = hit.start + shift
                return start < bar.upperBound ? StepNote(pitch: hit.pitch, start: start, end: min(hit.end + shift, bar.upperBound)) : nil
            }
        }
        return out.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
    }
}
