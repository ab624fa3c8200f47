import MusicCore

/// Everything the studio shows and remembers, as one value. Only the reducer changes it.
public struct StudioState: Equatable, Sendable {
    public enum Mode: Equatable, Sendable { case stopped, countingIn, playing }

    /// Where playback is, as last reported (extrapolated between reports for recording).
    public struct Transport: Equatable, Sendable {
        public var mode: Mode = .stopped
        public var tick: Int = 0
        public var reportedAtMs: Double = 0
        public var countInBeatsLeft = 0
        /// When play was requested: reports of "stopped" right after are stale.
        public var requestedAtMs: Double = -.infinity
    }

    public enum LoopMode: Equatable, Sendable {
        case song, off
        /// Bars, zero-based, end excluded.
        case range(Range<Int>)
    }

    public struct Cursor: Equatable, Sendable {
        public var tick: Int
        public var pitch: Int
    }

    /// Which part of the roll is on screen (kept by the reducer so the view scrolls smoothly).
    public struct Viewport: Equatable, Sendable {
        public var startTick: Int = 0
        public var topPitch: Int = 72
    }

    public struct Generation: Equatable, Sendable {
        public var requestID: Int
        public var genre: String
        public var generator: String
        public var seed: UInt64
        public var startedMs: Double
    }

    public struct Message: Equatable, Sendable {
        public var text: String
        public var isError: Bool
    }

    /// Ticks per roll column at each zoom level (480 ticks per quarter).
    public static let zoomSteps = [60, 120, 240, 480]
    public static let autosaveIntervalMs = 3000.0
    public static let minimumWidth = 80, minimumHeight = 24

    public var project: Project
    /// Where Ctrl-S writes without asking (set by opening or saving a project).
    public var projectPath: String?
    /// Counts changes; compared with what was saved and autosaved.
    public var revision = 0
    public var savedRevision = 0
    public var autosavedRevision = 0
    public var lastAutosaveMs: Double = -.infinity
    public var autosaveInFlight: Int?
    public var autosaveError: String?
    public var history = UndoHistory()
    public var transport = Transport()
    public var recording: RecordingSession?
    public var live = LiveNotes()
    public var cursor = Cursor(tick: 0, pitch: 60)
    public var view = Viewport()
    public var zoomIndex = 1
    public var octave = 4
    public var velocity: UInt8 = 100
    public var quantize: QuantizeSetting = .sixteenth
    public var loop: LoopMode = .song
    public var metronome = false
    public var selectedTrack = 0
    public var choices: [GeneratorChoice] = []
    public var generation: Generation?
    public var nextRequestID = 1
    public var environment = EnvironmentStatus()
    public var overlay: Overlay = .none
    public var message: Message?
    public var sampleNames: [String] = []
    public var width = 80, height = 24
    public var nowMs: Double = 0

    public init(project: Project = Project(), projectPath: String? = nil) {
        self.project = project
        self.projectPath = projectPath
        cursor.pitch = project.melody.notes.first.map { Int($0.pitch) } ?? 60
        view.topPitch = cursor.pitch + 6
    }

    public var ticksPerColumn: Int {
        StudioState.zoomSteps[zoomIndex] * project.ticksPerQuarter / 480
    }

    /// Changes not yet in a project file.
    public var isDirty: Bool { revision != savedRevision }

    public var isRecording: Bool { recording != nil }

    /// The loop in ticks (nil when off).
    public var loopTicks: Range<Int>? {
        switch loop {
        case .off: return nil
        case .song: return 0..<project.lengthTicks
        case .range(let bars): return bars.lowerBound * project.ticksPerBar..<bars.upperBound * project.ticksPerBar
        }
    }

    /// The project as autosave should keep it: with the notes recorded so far folded into the melody.
    public var projectIncludingRecording: Project {
        guard let recording else { return project }
        var copy = project
        copy.melody = RecordingMath.merge(recording.notes, into: project.melody, grid: nil,
                                          ticksPerQuarter: project.ticksPerQuarter)
        return copy
    }

    /// Where the playhead is now, extrapolating from the last report at the project tempo.
    public func playheadTick(at now: Double) -> Int {
        guard transport.mode == .playing else { return transport.tick }
        let ticksPerMs = project.tempo * Double(project.ticksPerQuarter) / 60_000
        return transport.tick + Int(((now - transport.reportedAtMs) * ticksPerMs).rounded())
    }

    /// When the edge should wake the reducer with a tick even if nothing else happens.
    public var nextWakeMs: Double? {
        var wake = live.nextReleaseMs
        if revision != autosavedRevision, autosaveInFlight == nil {
            let due = lastAutosaveMs + StudioState.autosaveIntervalMs
            wake = min(wake ?? due, due)
        }
        return wake
    }

    /// The genre list (built-in genres, then custom ones from the provider).
    public var genres: [String] {
        var list = GeneratorCatalog.genres(from: choices)
        if !list.contains(project.genre) { list.append(project.genre) }
        return list
    }

    public func choice(genre: String, generator: String) -> GeneratorChoice? {
        choices.first { $0.genre == genre && $0.architecture == generator }
    }
}
