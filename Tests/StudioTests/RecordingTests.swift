import MusicCore
import XCTest
@testable import Studio

final class RecordingTests: XCTestCase {
    /// Ctrl-R, a one-bar count-in, notes at the reported playhead, Ctrl-R: quantized into the melody.
    func testRecordWithCountInAndQuantizeOnStop() {
        var d = Driver()
        let start = d.key(.ctrl("r")).playRequests
        XCTAssertEqual(start.first?.countInBars, 1)
        XCTAssertEqual(start.first?.metronome, true)
        XCTAssertEqual(d.state.transport.mode, .countingIn)
        d.send(.playhead(PlayheadReport(mode: .countingIn, tick: -960, countInBeatsLeft: 2), atMs: d.now + 1000))
        d.now += 1000
        d.playhead(0, after: 1000)                        // downbeat
        d.now += 130                                        // 130 ms ≈ 125 ticks at 120 bpm: lands near the 2nd 16th
        d.send(.key(.char("z"), atMs: d.now))
        d.now += 370
        d.send(.key(.char("c"), atMs: d.now))                // ≈ 480 ticks
        d.wait(500)
        let stop = d.key(.ctrl("r"))
        XCTAssertTrue(stop.contains(.stop))
        XCTAssertTrue(stop.contains { if case .autosave = $0 { return true } else { return false } }, "autosaved on stop")
        let notes = d.state.project.melody.notes
        XCTAssertEqual(notes.map(\.pitch), [60, 64])
        XCTAssertEqual(notes.map(\.start), [120, 480])
        XCTAssertTrue(notes.allSatisfy { $0.duration % 120 == 0 })
        XCTAssertNil(d.state.recording)
        d.key(.ctrl("z"))
        XCTAssertTrue(d.state.project.melody.notes.isEmpty, "one undo removes the whole recording")
    }

    func testQuantizeSettingsCycleAndOffKeepsTiming() {
        var d = Driver()
        d.key(KeyPress(.function(3)))
        XCTAssertEqual(d.state.quantize, .off)
        d.key(.ctrl("r"))
        d.playhead(0, after: 2000)
        d.now += 130
        d.send(.key(.char("z"), atMs: d.now))
        d.wait(600)
        d.key(.ctrl("r"))
        XCTAssertEqual(d.state.project.melody.notes.first?.start, 125)
        d.key(KeyPress(.function(3)))
        XCTAssertEqual(d.state.quantize, .eighth)
    }

    func testNotesOnLaterLoopPassesFoldIntoTheLoop() {
        var d = Driver(StudioState(project: Project(bars: 1)))
        d.key(.ctrl("r"))
        d.playhead(1920 + 480, after: 2000) // second pass, beat 2
        d.key(.char("z"))
        d.wait(500)
        d.key(.ctrl("r"))
        XCTAssertEqual(d.state.project.melody.notes.first?.start, 480)
    }

    func testANoteJustBeforeTheDownbeatLandsOnIt() {
        var d = Driver()
        d.key(.ctrl("r"))
        d.send(.playhead(PlayheadReport(mode: .countingIn, tick: -60, countInBeatsLeft: 1), atMs: d.now))
        d.key(.char("z"), after: 0)
        d.wait(500)
        d.key(.ctrl("r"))
        XCTAssertEqual(d.state.project.melody.notes.first?.start, 0)
    }

    func testAutosaveDuringRecordingIncludesNotesSoFar() {
        var d = Driver()
        d.key(.ctrl("r"))
        d.playhead(0, after: 2000)
        d.key(.char("z"))
        let autosaves = d.wait(StudioState.autosaveIntervalMs).compactMap { e -> Project? in
            if case .autosave(let p, _) = e { return p } else { return nil }
        }
        XCTAssertEqual(autosaves.first?.melody.notes.map(\.pitch), [60])
    }

    func testMergeQuantizesStartsAndEnds() {
        let recorded = [Note(pitch: 60, start: 50, duration: 170), Note(pitch: 62, start: 230, duration: 10)]
        let merged = RecordingMath.merge(recorded, into: Project.emptyMelody(), grid: 120, ticksPerQuarter: 480)
        XCTAssertEqual(merged.notes.map(\.start), [0, 240])
        XCTAssertEqual(merged.notes.map(\.duration), [240, 120])
    }
}
