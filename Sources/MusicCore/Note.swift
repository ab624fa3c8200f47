/// One sounding note. Times are in ticks of the owning song's `ticksPerQuarter`.
public struct Note: Hashable, Sendable, Codable {
    /// MIDI pitch, 0...127 (60 = middle C).
    public var pitch: UInt8
    /// MIDI velocity, 1...127.
    public var velocity: UInt8
    /// Onset in ticks from the start of the song.
    public var start: Int
    /// Length in ticks (at least 1).
    public var duration: Int

    public init(pitch: UInt8, velocity: UInt8 = 100, start: Int, duration: Int) {
        self.pitch = pitch
        self.velocity = velocity
        self.start = start
        self.duration = duration
    }

    /// The tick at which the note stops sounding.
    public var end: Int { start + duration }
}
