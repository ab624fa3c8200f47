/// Notes held right now, from the computer keyboard or a MIDI keyboard.
///
/// Terminals send no key releases: a computer-key note lasts `heldMs`, a press of the same key within
/// `repeatGapMs` of the last one is the terminal's auto-repeat and keeps it sounding, and a later press strikes
/// it again. With the kitty protocol (or MIDI) a note lasts until its release.
public struct LiveNotes: Equatable, Sendable {
    public enum Source: Equatable, Sendable { case keys, midi }

    public struct Held: Equatable, Sendable {
        public var pitch: UInt8
        public var velocity: UInt8
        public var source: Source
        public var pressedMs: Double
        public var lastPressMs: Double
        /// When the note stops by itself (nil: on release).
        public var releaseMs: Double?
        /// Where a recorded note starts, when recording.
        public var recordTick: Int?
    }

    public static let heldMs = 400.0
    public static let repeatGapMs = 150.0

    public private(set) var notes: [UInt8: Held] = [:]

    public init() {}

    public var pitches: Set<UInt8> { Set(notes.keys) }
    public subscript(pitch: UInt8) -> Held? { notes[pitch] }

    /// Whether a key press on `pitch` at `now` is the terminal's auto-repeat of a held note.
    public func isAutoRepeat(_ pitch: UInt8, at now: Double) -> Bool {
        guard let held = notes[pitch], held.source == .keys else { return false }
        return now - held.lastPressMs <= LiveNotes.repeatGapMs || held.releaseMs == nil
    }

    public mutating func extend(_ pitch: UInt8, at now: Double) {
        guard var held = notes[pitch] else { return }
        held.lastPressMs = now
        if held.releaseMs != nil { held.releaseMs = now + LiveNotes.repeatGapMs }
        notes[pitch] = held
    }

    public mutating func press(_ held: Held) { notes[held.pitch] = held }

    @discardableResult
    public mutating func release(_ pitch: UInt8) -> Held? { notes.removeValue(forKey: pitch) }

    /// Notes whose timed release has come.
    public func expired(at now: Double) -> [Held] {
        notes.values.filter { ($0.releaseMs ?? .infinity) <= now }.sorted { $0.pitch < $1.pitch }
    }

    /// The earliest timed release (for the edge's wake-up).
    public var nextReleaseMs: Double? { notes.values.compactMap(\.releaseMs).min() }

    public mutating func removeAll() -> [Held] {
        defer { notes.removeAll() }
        return notes.values.sorted { $0.pitch < $1.pitch }
    }
}
