import MusicCore
@testable import Studio

/// A provider with models for some genres: the accompaniment is a bass note per bar and a drum hit per beat.
struct ScriptedAccompaniment: AccompanimentProvider {
    var available: Set<String> = ["rock/musegan", "jazz/musegan"]

    func choices() -> [GeneratorChoice] {
        ["rock", "pop", "jazz", "symphony", "lofi"].flatMap { genre in
            ["musegan", "unet"].map {
                GeneratorChoice(genre: genre, architecture: $0, isAvailable: available.contains("\(genre)/\($0)"),
                                detail: "test model")
            }
        }
    }

    func generate(melody: Song, genre: String, architecture: String, seed: UInt64) throws -> Song {
        let bars = max(1, (melody.endTick + 1919) / 1920)
        let bass = Track(name: "Bass", program: 33, channel: 1, role: .bass,
                         notes: (0..<bars).map { Note(pitch: UInt8(36 + Int(seed % 12)), start: $0 * 1920, duration: 1920) })
        let drums = Track(name: "Drums", isDrum: true, channel: 9, role: .drums,
                          notes: (0..<bars * 4).map { Note(pitch: 36, start: $0 * 480, duration: 120) })
        return Song(tracks: [bass, drums], ticksPerQuarter: 480)
    }
}

/// Drives a state through events, collecting the effects.
struct Driver {
    var state: StudioState
    var effects: [StudioEffect] = []
    var now: Double = 1000

    init(_ state: StudioState = StudioState()) { self.state = state }

    @discardableResult
    mutating func send(_ event: StudioEvent) -> [StudioEffect] {
        let produced = state.apply(event)
        effects += produced
        return produced
    }

    @discardableResult
    mutating func key(_ press: KeyPress, after ms: Double = 10) -> [StudioEffect] {
        now += ms
        return send(.key(press, atMs: now))
    }

    @discardableResult
    mutating func type(_ text: String) -> [StudioEffect] {
        text.flatMap { key(.char($0)) }
    }

    @discardableResult
    mutating func wait(_ ms: Double) -> [StudioEffect] {
        now += ms
        return send(.tick(atMs: now))
    }

    /// Reports the player at `tick`, playing.
    @discardableResult
    mutating func playhead(_ tick: Int, mode: PlayheadReport.Mode = .playing, after ms: Double = 0) -> [StudioEffect] {
        now += ms
        return send(.playhead(PlayheadReport(mode: mode, tick: tick), atMs: now))
    }
}

extension Array where Element == StudioEffect {
    var noteOns: [UInt8] { compactMap { if case .noteOn(_, let p, _) = $0 { return p } else { return nil } } }
    var noteOffs: [UInt8] { compactMap { if case .noteOff(_, let p) = $0 { return p } else { return nil } } }
    var playRequests: [PlaybackRequest] { compactMap { if case .play(let r) = $0 { return r } else { return nil } } }
    var generateRequests: [GenerationRequest] { compactMap { if case .generate(let r) = $0 { return r } else { return nil } } }
}

func melodyProject(_ pitches: [UInt8] = [60, 62, 64, 65]) -> Project {
    var project = Project(title: "Test Song")
    project.melody.notes = pitches.enumerated().map { Note(pitch: $1, start: $0 * 480, duration: 480) }
    return project
}
