import MusicCore

/// A recording in progress: the melody as it was before, and the notes played so far (song ticks).
public struct RecordingSession: Equatable, Sendable {
    /// The project before recording started (the undo step).
    public var before: Project
    public var notes: [Note] = []
    /// Loop range being recorded over, in ticks: a note played on a later pass lands in the same range.
    public var range: Range<Int>

    public init(before: Project, range: Range<Int>) {
        self.before = before
        self.range = range
    }
}

/// How recorded notes are snapped when recording stops.
public enum QuantizeSetting: String, CaseIterable, Codable, Sendable {
    case off, eighth = "1/8", sixteenth = "1/16"

    /// Grid in ticks, nil for off.
    public func grid(ticksPerQuarter: Int) -> Int? {
        switch self {
        case .off: return nil
        case .eighth: return ticksPerQuarter / 2
        case .sixteenth: return ticksPerQuarter / 4
        }
    }

    public var next: QuantizeSetting {
        let all = QuantizeSetting.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

public enum RecordingMath {
    /// The recorded notes merged into `melody`: quantized to `grid` (starts and ends; a note keeps at least one
    /// grid step), then duplicates merged. Earlier notes of the melody are not moved.
    public static func merge(_ recorded: [Note], into melody: Track, grid: Int?, ticksPerQuarter: Int) -> Track {
        var track = melody
        var notes = recorded
        if let grid, grid > 0 {
            let song = Song(tracks: [Track(name: "take", notes: recorded)], ticksPerQuarter: ticksPerQuarter)
            notes = (try? song.quantized(grid: grid, strength: 1, ends: true).tracks[0].notes) ?? recorded
        }
        let all = (melody.notes + notes).sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
        var merged: [Note] = []
        for note in all {
            if let last = merged.last, last.start == note.start, last.pitch == note.pitch {
                merged[merged.count - 1].duration = max(last.duration, note.duration)
            } else {
                merged.append(note)
            }
        }
        track.notes = merged
        return track
    }

    /// A tick played during recording, folded into the loop range (later passes land on the same bars).
    public static func fold(_ tick: Int, into range: Range<Int>) -> Int {
        guard !range.isEmpty else { return max(tick, 0) }
        let length = range.count
        let offset = ((tick - range.lowerBound) % length + length) % length
        return range.lowerBound + offset
    }
}
