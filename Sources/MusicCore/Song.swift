/// A tempo change: from `tick` on, a quarter note lasts `microsecondsPerQuarter`.
public struct TempoChange: Hashable, Sendable, Codable {
    public var tick: Int
    public var microsecondsPerQuarter: Int
    public init(tick: Int, microsecondsPerQuarter: Int) {
        self.tick = tick
        self.microsecondsPerQuarter = microsecondsPerQuarter
    }
    public init(tick: Int, bpm: Double) {
        self.init(tick: tick, microsecondsPerQuarter: Int((60_000_000 / bpm).rounded()))
    }
    public var bpm: Double { 60_000_000 / Double(microsecondsPerQuarter) }
}

/// A time-signature change at `tick`, e.g. 3/4.
public struct TimeSignature: Hashable, Sendable, Codable {
    public var tick: Int
    public var numerator: Int
    public var denominator: Int
    public init(tick: Int = 0, numerator: Int = 4, denominator: Int = 4) {
        self.tick = tick
        self.numerator = numerator
        self.denominator = denominator
    }
}

/// A key: tonic pitch class (0 = C) and mode.
public struct Key: Hashable, Sendable, Codable {
    public enum Mode: String, Sendable, Codable { case major, minor }
    public var tonic: Int
    public var mode: Mode
    public init(tonic: Int, mode: Mode) {
        self.tonic = ((tonic % 12) + 12) % 12
        self.mode = mode
    }
}

/// A multi-track piece of music in ticks.
public struct Song: Hashable, Sendable, Codable {
    public var tracks: [Track]
    /// Ticks per quarter note (MIDI division).
    public var ticksPerQuarter: Int
    /// Sorted by tick; the first entry is at tick 0. Empty means 120 bpm.
    public var tempos: [TempoChange]
    /// Sorted by tick; empty means 4/4.
    public var timeSignatures: [TimeSignature]
    /// The declared key (from a key-signature event), if any.
    public var key: Key?

    public init(tracks: [Track] = [], ticksPerQuarter: Int = 480, tempos: [TempoChange] = [TempoChange(tick: 0, bpm: 120)],
                timeSignatures: [TimeSignature] = [TimeSignature()], key: Key? = nil) {
        self.tracks = tracks
        self.ticksPerQuarter = ticksPerQuarter
        self.tempos = tempos
        self.timeSignatures = timeSignatures
        self.key = key
    }
}
