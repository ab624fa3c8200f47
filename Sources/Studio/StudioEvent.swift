import MusicCore

/// Everything that can happen to the studio. Events from other threads (audio, MIDI, generation, disk) are
/// queued by the edges and applied on the UI thread, one at a time. Times are milliseconds on one monotonic
/// clock chosen by the edge.
public enum StudioEvent: Equatable, Sendable {
    case key(KeyPress, atMs: Double)
    /// Time passes (release auto-timed notes, autosave).
    case tick(atMs: Double)
    /// Where the player is, polled from the audio edge.
    case playhead(PlayheadReport, atMs: Double)
    case midiNoteOn(pitch: UInt8, velocity: UInt8, atMs: Double)
    case midiNoteOff(pitch: UInt8, atMs: Double)
    case resized(width: Int, height: Int)
    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT: quit at once as Ctrl-C does (unsaved work autosaved, a recording kept),
    /// exiting 128 + the signal.
    case stopSignal(Int32, atMs: Double)
    case environment(EnvironmentStatus)
    case choicesLoaded([GeneratorChoice])
    case sampleNames([String])
    case generated(requestID: Int, accompaniment: Song)
    case generationFailed(requestID: Int, message: String)
    case opened(OpenedFile)
    case fileFailed(String)
    case saved(path: String, revision: Int)
    case exported(path: String, summary: String)
    case autosaved(revision: Int)
    case autosaveFailed(String)
    /// An autosave from an earlier session exists; offer to restore it.
    case autosaveFound(Project, savedAt: String)
}

/// The player's position as the audio edge reads it.
public struct PlayheadReport: Equatable, Sendable {
    public enum Mode: Equatable, Sendable { case stopped, countingIn, playing }
    public var mode: Mode
    public var tick: Int
    public var countInBeatsLeft: Int
    public var finished: Bool

    public init(mode: Mode, tick: Int, countInBeatsLeft: Int = 0, finished: Bool = false) {
        self.mode = mode
        self.tick = tick
        self.countInBeatsLeft = countInBeatsLeft
        self.finished = finished
    }
}

/// What the edges found at start: shown in the header.
public struct EnvironmentStatus: Equatable, Sendable {
    /// "MIDI: Keystation 49 (20:0)", "MIDI input unavailable", "MIDI: no keyboard connected".
    public var midiInput: String
    public var soundFont: String
    public var audio: String
    /// True when the terminal reports key releases (kitty keyboard protocol).
    public var keyReleases: Bool

    public init(midiInput: String = "MIDI: starting", soundFont: String = "", audio: String = "",
                keyReleases: Bool = false) {
        self.midiInput = midiInput
        self.soundFont = soundFont
        self.audio = audio
        self.keyReleases = keyReleases
    }
}

/// A file the edge read for an open request.
public enum OpenedFile: Equatable, Sendable {
    case project(Project, path: String)
    /// A MIDI file or sample melody: the user picks the track to use as the melody when there are several.
    case song(Song, title: String)
}
