import MusicCore

/// A song made ready for scheduling: notes cleaned and sorted per track, channels assigned, tempo map and
/// bar grid built once (not on the audio thread).
struct PreparedSong: Sendable {
    struct PreparedTrack: Sendable {
        let channel: UInt8
        let isDrum: Bool
        /// Sorted by start; starts kept apart for binary search.
        let notes: [Note]
        let starts: [Int]
    }

    let ticksPerQuarter: Int
    let clock: SongClock
    let grid: BarGrid
    let plan: ChannelPlan
    let tracks: [PreparedTrack]
    /// The tick at which the last note ends (0 for a song without notes).
    let endTick: Int

    init(_ song: Song) {
        ticksPerQuarter = max(1, song.ticksPerQuarter)
        clock = SongClock(song: song)
        grid = BarGrid(song: song)
        plan = ChannelPlan(tracks: song.tracks)
        var tracks: [PreparedTrack] = []
        var end = 0
        for (index, track) in song.tracks.enumerated() {
            let notes = track.notes
                .filter { $0.start >= 0 && $0.pitch <= 127 && $0.velocity > 0 }
                .map { Note(pitch: $0.pitch, velocity: min($0.velocity, 127), start: $0.start,
                            duration: max($0.duration, 1)) }
                .sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
            end = max(end, notes.map(\.end).max() ?? 0)
            let assignment = plan.assignments[index]
            tracks.append(PreparedTrack(channel: assignment.channel, isDrum: assignment.isDrum,
                                        notes: notes, starts: notes.map(\.start)))
        }
        self.tracks = tracks
        endTick = end
    }

    /// Index of the first note of `track` starting at or after `tick`.
    func firstNote(in track: Int, atOrAfter tick: Double) -> Int {
        let starts = tracks[track].starts
        var low = 0, high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if Double(starts[mid]) < tick { low = mid + 1 } else { high = mid }
        }
        return low
    }

    var endSeconds: Double { clock.seconds(atTick: Double(endTick)) }
}
