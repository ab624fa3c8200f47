import Foundation
import MusicCore
import XCTest
@testable import Studio
@testable import StudioTerminal

final class ProjectFileTests: XCTestCase {
    var directory: String!

    override func setUp() {
        directory = NSTemporaryDirectory() + "studio-tests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func fullProject() throws -> Project {
        var project = melodyProject()
        let song = try ScriptedAccompaniment().generate(melody: Arrangement.melodySong(of: project), genre: "jazz", architecture: "unet", seed: 77)
        project.takes = [Take(genre: "jazz", generator: "unet", seed: 77, tracks: song.tracks)]
        project.currentTake = 0
        project.genre = "jazz"
        project.generator = "unet"
        project.seed = 77
        project.tempo = 96
        project.mixer = ["bass": TrackMix(muted: true, volume: 0.5, program: 35)]
        return project
    }

    func testJSONRoundTrip() throws {
        let project = try fullProject()
        let path = directory + "/song.json"
        try ProjectStore.save(project, to: path)
        XCTAssertEqual(try ProjectStore.load(path), project)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for key in ["\"melody\"", "\"takes\"", "\"genre\"", "\"generator\"", "\"seed\"", "\"tempo\"", "\"mixer\""] {
            XCTAssertTrue(text.contains(key), key)
        }
    }

    func testBadProjectsGiveOneLine() throws {
        let path = directory + "/bad.json"
        try Data("{\"title\": 3}".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ProjectStore.load(path)) { XCTAssertTrue("\($0)".contains("not an Ensemble project")) }
        try Data("not json".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ProjectStore.load(path)) { XCTAssertTrue("\($0)".contains("not valid JSON"), "\($0)") }
        var future = try fullProject()
        future.format = 99
        try ProjectStore.save(future, to: path)
        XCTAssertThrowsError(try ProjectStore.load(path)) { XCTAssertTrue("\($0)".contains("newer Ensemble")) }
        // Values the studio cannot draw or play are refused in one line (a tempo of 8e87 crashed the header).
        var damaged = try fullProject()
        damaged.tempo = 8e87
        try ProjectStore.save(damaged, to: path)
        XCTAssertThrowsError(try ProjectStore.load(path)) { XCTAssertTrue("\($0)".contains("damaged project (tempo out of range"), "\($0)") }
        damaged = try fullProject()
        damaged.melody.notes.append(Note(pitch: 200, start: 0, duration: 10))
        try ProjectStore.save(damaged, to: path)
        XCTAssertThrowsError(try ProjectStore.load(path)) { XCTAssertTrue("\($0)".contains("a note out of range (pitch 200"), "\($0)") }
        damaged = try fullProject()
        damaged.currentTake = 7
        XCTAssertEqual(damaged.problem, "the current take 7 does not exist")
        XCTAssertNil(try fullProject().problem)
    }

    func testAutosaveFindAndDiscard() throws {
        let path = directory + "/state/autosave.json"
        try FileManager.default.createDirectory(atPath: directory + "/state", withIntermediateDirectories: true)
        XCTAssertNil(ProjectStore.findAutosave(path: path))
        try ProjectStore.save(Project(), to: path)
        XCTAssertNil(ProjectStore.findAutosave(path: path), "an empty session is not offered")
        try ProjectStore.save(try fullProject(), to: path)
        XCTAssertEqual(ProjectStore.findAutosave(path: path)?.0.seed, 77)
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: directory + "/state").contains { $0.contains(".tmp-") },
                       "no temporary file left behind")
        ProjectStore.discardAutosave(path: path)
        XCTAssertNil(ProjectStore.findAutosave(path: path))
    }

    func testAutosavePolicy() {
        var d = Driver()
        XCTAssertTrue(d.wait(10_000).isEmpty, "nothing changed, nothing saved")
        d.key(KeyPress(.enter))
        let due = d.wait(StudioState.autosaveIntervalMs)
        guard case .autosave(_, let revision)? = due.last else { return XCTFail("expected an autosave, got \(due)") }
        XCTAssertTrue(d.wait(StudioState.autosaveIntervalMs).isEmpty, "one at a time")
        d.send(.autosaved(revision: revision))
        XCTAssertTrue(d.wait(StudioState.autosaveIntervalMs).isEmpty, "saved: nothing more until the next change")
    }

    func testQuitAsksOnlyWhenAutosaveCannotHoldTheWork() {
        var clean = Driver()
        XCTAssertEqual(clean.key(.ctrl("q")), [.discardAutosave, .quit(status: 0)])

        var dirty = Driver()
        dirty.key(KeyPress(.enter))
        let effects = dirty.key(.ctrl("q"))
        XCTAssertTrue(effects.contains(.quit(status: 0)))
        XCTAssertTrue(effects.contains { if case .autosave = $0 { return true } else { return false } })

        var failing = Driver()
        failing.key(KeyPress(.enter))
        failing.send(.autosaveFailed("disk full"))
        XCTAssertFalse(failing.key(.ctrl("q")).contains(.quit(status: 0)))
        XCTAssertEqual(failing.key(.char("y")), [.quit(status: 0)])
    }

    /// SIGTERM, SIGHUP... quit at once with 128 + n; a recording in progress is kept and autosaved first.
    func testStopSignalKeepsTheRecordingAndExitsWith128PlusN() {
        var d = Driver()
        d.key(.ctrl("r"))
        d.playhead(0, after: 2000)  // past the count-in
        d.key(.char("q"), after: 130)
        d.wait(200)
        let effects = d.send(.stopSignal(SIGTERM, atMs: d.now + 10))
        XCTAssertEqual(effects.last, .quit(status: 143))
        guard let saved = effects.compactMap({ if case .autosave(let p, _) = $0 { return p } else { return nil } }).first else {
            return XCTFail("no autosave before quitting: \(effects)")
        }
        XCTAssertEqual(saved.melody.notes.count, 1, "the note recorded before the signal is in the autosave")

        var clean = Driver()
        XCTAssertEqual(clean.send(.stopSignal(SIGHUP, atMs: 1)), [.discardAutosave, .quit(status: 129)])
    }

    func testRestoreOffer() throws {
        var d = Driver()
        let saved = try fullProject()
        d.send(.autosaveFound(saved, savedAt: "Dec 2 at 18:00"))
        d.key(.char("y"))
        XCTAssertEqual(d.state.project, saved)
        XCTAssertTrue(d.state.isDirty, "restored work is not in a project file yet")
        var no = Driver()
        no.send(.autosaveFound(saved, savedAt: "now"))
        XCTAssertEqual(no.key(.char("n")), [.discardAutosave])
        XCTAssertTrue(no.state.project.isEmpty)
    }

    func testExportPromptDefaultsAndWAVSwitch() {
        var d = Driver(StudioState(project: melodyProject()))
        d.key(.ctrl("e"))
        guard case .prompt(let prompt) = d.state.overlay else { return XCTFail() }
        XCTAssertEqual(prompt.text, "test-song.mid")
        let midi = d.key(KeyPress(.enter))
        guard case .exportMIDI(let path, let song)? = midi.first else { return XCTFail("\(midi)") }
        XCTAssertEqual(path, "test-song.mid")
        XCTAssertEqual(song.tracks[0].notes.count, 4)
        d.key(.ctrl("e"))
        d.key(KeyPress(.tab))
        guard case .exportWAV(let wav, _, _)? = d.key(KeyPress(.enter)).first else { return XCTFail() }
        XCTAssertEqual(wav, "test-song.wav")
    }

    func testImportChoosesTheMelodyTrack() {
        var d = Driver()
        let lead = Track(name: "Lead", program: 73, channel: 2, role: .melody, notes: [Note(pitch: 72, start: 960, duration: 240)])
        let bass = Track(name: "Bass", program: 33, channel: 1, role: .bass, notes: [Note(pitch: 40, start: 0, duration: 3840)])
        let song = Song(tracks: [bass, lead], ticksPerQuarter: 96, tempos: [TempoChange(tick: 0, bpm: 90)],
                        timeSignatures: [TimeSignature(tick: 0, numerator: 3, denominator: 4)])
        d.send(.opened(.song(song, title: "tune")))
        guard case .prompt(let prompt) = d.state.overlay else { return XCTFail() }
        XCTAssertEqual(prompt.selection, 1, "the melody-role track is preselected")
        d.key(KeyPress(.enter))
        XCTAssertEqual(d.state.project.melody.notes, [Note(pitch: 72, start: 4800, duration: 1200)], "resampled to 480 tpq")
        XCTAssertEqual(d.state.project.tempo, 90)
        XCTAssertEqual(d.state.project.beatsPerBar, 3)
        XCTAssertEqual(d.state.project.bars, 5)
        XCTAssertEqual(d.state.project.melody.channel, 0)
        XCTAssertEqual(d.state.project.title, "tune")

        // A file's absurd tempo (a 1 µs quarter note) comes in within the studio's range, so the project it makes
        // opens again.
        var fast = Driver()
        fast.send(.opened(.song(Song(tracks: [lead], tempos: [TempoChange(tick: 0, microsecondsPerQuarter: 1)]), title: "fast")))
        fast.key(KeyPress(.enter))
        XCTAssertEqual(fast.state.project.tempo, 300)
        XCTAssertNil(fast.state.project.problem)
    }

    func testExportedMIDIReadsBack() throws {
        let project = try fullProject()
        let queue = EventQueue()
        let files = StudioFiles(queue: queue, soundFontPath: nil)
        let path = directory + "/out.mid"
        files.exportMIDI(path, song: Arrangement.song(of: project))
        guard case .exported(let shown, _)? = queue.drain().first else { return XCTFail() }
        XCTAssertEqual(shown, path)
        let back = try Song(midiBytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        XCTAssertEqual(back.tracks.count, 3)
        XCTAssertEqual(back.tracks.map(\.notes.count), Arrangement.song(of: project).tracks.map(\.notes.count))
        files.open(directory + "/missing-and-not-a-sample")
        guard case .fileFailed(let text)? = queue.drain().first else { return XCTFail() }
        XCTAssertTrue(text.contains("no such file"))
    }
}
