import MusicCore

/// How the project sounds: the melody plus the current take, with the mixer's instrument choices applied, as
/// one Song for playback and export, and the mixer as per-track settings by track index.
public enum Arrangement {
    /// One playable track with its mixer key.
    public struct Part: Equatable, Sendable {
        public var key: String
        public var track: Track
    }

    /// Melody first, then the take's tracks. Keys are the role name, numbered when a role repeats.
    public static func parts(of project: Project) -> [Part] {
        var melody = project.melody
        melody.role = .melody
        var parts = [Part(key: "melody", track: melody)]
        var seen: [String: Int] = ["melody": 1]
        for track in project.take?.tracks ?? [] {
            let base = track.isDrum ? "drums" : track.role.rawValue
            let count = seen[base, default: 0] + 1
            seen[base] = count
            parts.append(Part(key: count == 1 ? base : "\(base)\(count)", track: track))
        }
        for index in parts.indices {
            if let program = project.mixer[parts[index].key]?.program, !parts[index].track.isDrum {
                parts[index].track.program = program
            }
        }
        return parts
    }

    /// The whole arrangement as a Song at the project's tempo and meter.
    public static func song(of project: Project) -> Song {
        Song(tracks: parts(of: project).map(\.track), ticksPerQuarter: project.ticksPerQuarter,
             tempos: [TempoChange(tick: 0, bpm: project.tempo)],
             timeSignatures: [TimeSignature(tick: 0, numerator: project.beatsPerBar, denominator: 4)])
    }

    /// Just the melody as a Song (what the generator is given).
    public static func melodySong(of project: Project) -> Song {
        var song = song(of: project)
        song.tracks = [song.tracks[0]]
        return song
    }

    /// The mixer by track index of `song(of:)`.
    public static func mix(of project: Project) -> PlaybackMix {
        var mix = PlaybackMix()
        for (index, part) in parts(of: project).enumerated() {
            let strip = project.mixer[part.key] ?? TrackMix()
            if strip.muted { mix.muted.insert(index) }
            if strip.soloed { mix.soloed.insert(index) }
            mix.volumes[index] = strip.volume
        }
        return mix
    }

    /// Whether track `index` is heard with the current mutes and solos.
    public static func isAudible(_ index: Int, mix: PlaybackMix) -> Bool {
        if mix.muted.contains(index) { return false }
        return mix.soloed.isEmpty || mix.soloed.contains(index)
    }
}

/// Mutes, solos and volumes by track index, as the audio edge and the WAV renderer take them.
public struct PlaybackMix: Equatable, Sendable {
    public var muted: Set<Int> = []
    public var soloed: Set<Int> = []
    public var volumes: [Int: Double] = [:]
    public init() {}
}
