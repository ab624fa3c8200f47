/// Metronome clicks: General MIDI percussion on channel 10, an accented sound on the first beat of each
/// bar and a plain one on the others. The default is the wood blocks (76 high / 77 low) that every GM kit
/// has, including the project's own; set `accentKey: 34, beatKey: 33` for the GM metronome bell/click.
/// A count-in (`SongPlayer.play(countInBars:)`) always clicks, whether or not `isEnabled` is set.
public struct Metronome: Sendable, Hashable, Codable {
    public var isEnabled: Bool
    public var accentKey: UInt8
    public var beatKey: UInt8
    public var accentVelocity: UInt8
    public var beatVelocity: UInt8
    /// Zero-based MIDI channel (9 = GM channel 10, the drum channel).
    public var channel: UInt8

    public init(isEnabled: Bool = false, accentKey: UInt8 = 76, beatKey: UInt8 = 77,
                accentVelocity: UInt8 = 120, beatVelocity: UInt8 = 85, channel: UInt8 = 9) {
        self.isEnabled = isEnabled
        self.accentKey = min(accentKey, 127)
        self.beatKey = min(beatKey, 127)
        self.accentVelocity = min(max(accentVelocity, 1), 127)
        self.beatVelocity = min(max(beatVelocity, 1), 127)
        self.channel = min(channel, 15)
    }

    /// How long a click is held before its note-off, in milliseconds.
    static let clickMilliseconds = 80.0

    func key(isDownbeat: Bool) -> UInt8 { isDownbeat ? accentKey : beatKey }
    func velocity(isDownbeat: Bool) -> UInt8 { isDownbeat ? accentVelocity : beatVelocity }
}
