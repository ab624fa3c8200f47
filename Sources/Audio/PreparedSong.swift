import MusicCore

/// A song made ready for scheduling: notes cleaned and sorted per track, channels assigned, tempo map and
/// bar grid built once (not on the audio thread).
struct PreparedSong: Sendable {
    struct PreparedTrack: Sendable {
        let channel: UInt8
        let isDrum: Bool
        /// Sorted by start.
        let notes: [Note]
    }

    let ticksPerQuarter: Int
    let clock: SongClock
    let grid: BarGrid
    let plan: ChannelPlan
    let tracks: [PreparedTrack]
    /// Every note of every track by start: scheduling walks this once instead of searching each track, so its
    /// cost follows the notes, not the tracks (10,000 one-note tracks took seconds to render).
    let timeline: [NoteRef]
    /// The tick at which the last note ends (0 for a song without notes).
    let endTick: Int

    /// Note `index` of track `track`, which starts at `start`.
    struct NoteRef: Sendable {
        let start: Int
        let track: Int32
        let index: Int32
    }

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
                                        notes: notes))
        }
        self.tracks = tracks
        endTick = end
        timeline = tracks.enumerated().flatMap { t, track in
            track.notes.indices.map { NoteRef(start: track.notes[$0].start, track: Int32(t), index: Int32($0)) }
        }.sorted { ($0.start, $0.track, $0.index) < ($1.start, $1.track, $1.index) }
    }

    /// Index in `timeline` of the first note starting at or after `tick`.
    func firstNote(atOrAfter tick: Double) -> Int {
        var low = 0, high = timeline.count
        while low < high {
            let mid = (low + high) / 2
            if Double(timeline[mid].start) < tick { low = mid + 1 } else { high = mid }
        }
        return low
    }

    var endSeconds: Double { clock.seconds(atTick: Double(endTick)) }
}
