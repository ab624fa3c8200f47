import MusicCore

/// A studio session as saved on disk (the project file) and autosaved: the melody, the generated takes, the
/// generator settings and the mixer. Pure data; encoding is plain `Codable` JSON done by the edges.
public struct Project: Codable, Equatable, Sendable {
    /// Bumped when the layout changes incompatibly; readers refuse newer files with a clear message.
    public static let currentFormat = 1

    public var format: Int
    public var title: String
    /// The user's part: recorded, step-edited or imported. Always role `.melody` on channel 0.
    public var melody: Track
    /// Accompaniments generated so far, oldest first; `currentTake` indexes the one that plays.
    public var takes: [Take]
    public var currentTake: Int?
    public var genre: String
    /// Generator architecture id (`GeneratorCatalog.architectures`).
    public var generator: String
    /// The seed of the last generation (the next one derives a fresh seed from it).
    public var seed: UInt64
    public var tempo: Double
    public var beatsPerBar: Int
    /// Song length in bars: what loops and what the generator fills.
    public var bars: Int
    public var ticksPerQuarter: Int
    /// Mixer settings by track key (`Arrangement.key`), so they survive switching takes.
    public var mixer: [String: TrackMix]

    public init(title: String = "untitled", melody: Track = Project.emptyMelody(), takes: [Take] = [],
                currentTake: Int? = nil, genre: String = "rock", generator: String = "musegan", seed: UInt64 = 1,
                tempo: Double = 120, beatsPerBar: Int = 4, bars: Int = 4, ticksPerQuarter: Int = 480,
                mixer: [String: TrackMix] = [:]) {
        self.format = Project.currentFormat
        self.title = title
        self.melody = melody
        self.takes = takes
        self.currentTake = currentTake
        self.genre = genre
        self.generator = generator
        self.seed = seed
        self.tempo = tempo
        self.beatsPerBar = beatsPerBar
        self.bars = bars
        self.ticksPerQuarter = ticksPerQuarter
        self.mixer = mixer
    }

    public static func emptyMelody() -> Track {
        Track(name: "Melody", program: 0, isDrum: false, channel: 0, role: .melody, notes: [])
    }

    /// The tempos the studio sets (its −/+ keys, imports); a file may hold others within `problem`'s bounds.
    public static let tempoRange: ClosedRange<Double> = 30...300

    /// `bpm` rounded and kept within `tempoRange`.
    public static func studioTempo(_ bpm: Double) -> Double {
        min(max(bpm.rounded(), tempoRange.lowerBound), tempoRange.upperBound)
    }

    public var ticksPerBar: Int { ticksPerQuarter * beatsPerBar }
    public var lengthTicks: Int { ticksPerBar * bars }

    /// The take that plays, if any.
    public var take: Take? {
        guard let currentTake, takes.indices.contains(currentTake) else { return nil }
        return takes[currentTake]
    }

    /// True when nothing worth keeping is in the project (no melody, no takes).
    public var isEmpty: Bool { melody.notes.isEmpty && takes.isEmpty }

    /// What makes a project read from a file unusable (values the studio cannot draw or play), or nil.
    public var problem: String? {
        guard (1...32767).contains(ticksPerQuarter), (1...32).contains(beatsPerBar), (1...9999).contains(bars) else {
            return "meter or length out of range (ticks per quarter \(ticksPerQuarter), \(beatsPerBar) beats, \(bars) bars)"
        }
        guard tempo.isFinite, (1...1000).contains(tempo) else { return "tempo out of range (1...1000 bpm)" }
        if let currentTake, !takes.indices.contains(currentTake) { return "the current take \(currentTake) does not exist" }
        for track in [melody] + takes.flatMap(\.tracks) {
            if let problem = Self.problem(of: track) { return "track '\(track.name.prefix(40))': \(problem)" }
        }
        for (key, mix) in mixer where !(mix.volume.isFinite && (0...1).contains(mix.volume)) || (mix.program ?? 0) > 127 {
            return "mixer setting of '\(key.prefix(40))' out of range"
        }
        return nil
    }

    /// Notes far past any song (2^40 ticks) would overflow the arithmetic on their ends.
    static let maximumTick = 1 << 40

    static func problem(of track: Track) -> String? {
        guard track.channel <= 15, track.program <= 127 else { return "channel or program out of range" }
        let bad = track.notes.first {
            $0.pitch > 127 || !(1...127).contains($0.velocity) || !(0...maximumTick).contains($0.start)
                || !(1...maximumTick).contains($0.duration)
        }
        return bad.map { "a note out of range (pitch \($0.pitch), velocity \($0.velocity), start \($0.start), length \($0.duration))" }
    }
}

/// One generated accompaniment, kept so the user can flip back through takes.
public struct Take: Codable, Equatable, Sendable {
    public var genre: String
    public var generator: String
    public var seed: UInt64
    /// The band's tracks (no melody), in the project's ticks per quarter.
    public var tracks: [Track]

    public init(genre: String, generator: String, seed: UInt64, tracks: [Track]) {
        self.genre = genre
        self.generator = generator
        self.seed = seed
        self.tracks = tracks
    }
}

/// A track's mixer strip.
public struct TrackMix: Codable, Equatable, Sendable {
    public var muted: Bool
    public var soloed: Bool
    /// 0...1 (sent as CC7).
    public var volume: Double
    /// General MIDI program chosen by the user, overriding the track's own (nil keeps it).
    public var program: UInt8?

    public init(muted: Bool = false, soloed: Bool = false, volume: Double = 0.8, program: UInt8? = nil) {
        self.muted = muted
        self.soloed = soloed
        self.volume = volume
        self.program = program
    }
}
