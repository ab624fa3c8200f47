import MusicCore

/// A request from the reducer to the edges. The reducer never does I/O; the shell performs these in order.
public enum StudioEffect: Equatable, Sendable {
    case noteOn(channel: UInt8, pitch: UInt8, velocity: UInt8)
    case noteOff(channel: UInt8, pitch: UInt8)
    /// Live notes on `channel` use this instrument from now on.
    case programChange(channel: UInt8, program: UInt8)
    case play(PlaybackRequest)
    case stop
    /// The arrangement or mixer changed: update the player (without stopping when it plays).
    case updatePlayback(PlaybackRequest)
    case generate(GenerationRequest)
    case exportMIDI(path: String, song: Song)
    case exportWAV(path: String, song: Song, mix: PlaybackMix)
    case saveProject(path: String, project: Project, revision: Int)
    case autosave(Project, revision: Int)
    case discardAutosave
    /// Read `path` (a project, a MIDI file) or find a sample melody of that name.
    case open(String)
    case redraw
    case quit(status: Int32)
}

/// Everything the player needs to play the project.
public struct PlaybackRequest: Equatable, Sendable {
    public var song: Song
    public var mix: PlaybackMix
    public var fromTick: Int
    public var countInBars: Int
    /// Loop range in ticks; nil plays to the end once.
    public var loop: Range<Int>?
    public var metronome: Bool
    /// Keep the clock running past the last note (recording over an empty song).
    public var playsPastEnd: Bool

    public init(song: Song, mix: PlaybackMix, fromTick: Int = 0, countInBars: Int = 0, loop: Range<Int>? = nil,
                metronome: Bool = false, playsPastEnd: Bool = false) {
        self.song = song
        self.mix = mix
        self.fromTick = fromTick
        self.countInBars = countInBars
        self.loop = loop
        self.metronome = metronome
        self.playsPastEnd = playsPastEnd
    }
}
