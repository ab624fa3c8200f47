/// Where playback is, for the screen: a value the UI polls each frame (`SongPlayer.snapshot()`).
/// Derived from the synth's sample clock (minus the output latency), so it shows what is being heard.
public struct PlaybackSnapshot: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        case stopped, playing, paused, countingIn
    }

    public var state: State
    /// Song position in ticks (negative while counting in before tick 0).
    public var tick: Int
    /// Zero-based bar and beat of `tick` (display them 1-based: `barBeatText`).
    public var bar: Int
    public var beat: Int
    /// How far into the beat, 0..<1.
    public var beatFraction: Double
    /// Song time at `tick` at the written tempo.
    public var seconds: Double
    /// Effective tempo at `tick`: the written tempo × the playback tempo scale.
    public var bpm: Double
    /// Beats left in the count-in (0 when not counting in).
    public var countInBeatsLeft: Int
    /// True once a non-looping song has played to its end.
    public var finished: Bool
    public var loop: Range<Int>?
    public var lengthTicks: Int
    public var lengthSeconds: Double

    /// "3:2" — bar and beat, counted from 1 as musicians do.
    public var barBeatText: String { "\(bar + 1):\(beat + 1)" }
}
