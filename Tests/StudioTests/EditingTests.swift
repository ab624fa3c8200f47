import MusicCore
import XCTest
@testable import Studio

final class EditingTests: XCTestCase {
    func testStepEditingAddLengthenShortenMoveDelete() {
        var d = Driver()
        d.key(KeyPress(.enter))
        XCTAssertEqual(d.state.project.melody.notes, [Note(pitch: 60, velocity: 100, start: 0, duration: 120)])
        XCTAssertEqual(d.state.cursor.tick, 120, "the cursor steps on after adding")
        d.key(KeyPress(.left))
        d.key(KeyPress(.right, .shift))
        d.key(KeyPress(.right, .shift))
        XCTAssertEqual(d.state.project.melody.notes[0].duration, 360)
        d.key(KeyPress(.left, .shift))
        XCTAssertEqual(d.state.project.melody.notes[0].duration, 240)
        d.key(KeyPress(.up, .shift))
        XCTAssertEqual(d.state.project.melody.notes[0].pitch, 61)
        XCTAssertEqual(d.state.cursor.pitch, 61, "the cursor follows the note")
        d.key(.char(">"))
        XCTAssertEqual(d.state.project.melody.notes[0].start, 120)
        d.key(KeyPress(.delete))
        XCTAssertTrue(d.state.project.melody.notes.isEmpty)
        XCTAssertTrue(d.key(KeyPress(.delete)).isEmpty)
        XCTAssertEqual(d.state.message?.isError, true)
    }

    func testUndoRedoKeepsAtLeastFiftySteps() {
        var d = Driver()
        for _ in 0..<60 { d.key(KeyPress(.enter)) }
        XCTAssertEqual(d.state.project.melody.notes.count, 60)
        for _ in 0..<60 { d.key(.ctrl("z")) }
        XCTAssertEqual(d.state.project.melody.notes.count, 0)
        for _ in 0..<25 { d.key(.ctrl("y")) }
        XCTAssertEqual(d.state.project.melody.notes.count, 25)
        d.key(KeyPress(.enter))
        XCTAssertFalse(d.state.history.canRedo, "a new edit forgets the redo steps")
    }

    func testUndoHistoryLimit() {
        var history = UndoHistory(limit: 3)
        for n in 0..<5 { history.record("step \(n)", before: Project(bars: n + 1)) }
        XCTAssertEqual(history.past.map(\.project.bars), [3, 4, 5])
    }

    func testClearAndTrim() {
        var project = melodyProject([60, 62])
        project.melody.notes = project.melody.notes.map { var n = $0; n.start += 2 * 1920; return n }
        project.bars = 8
        var d = Driver(StudioState(project: project))
        d.key(.ctrl("k"))
        XCTAssertEqual(d.state.project.melody.notes.map(\.start), [0, 480])
        XCTAssertEqual(d.state.project.bars, 1)
        d.key(.ctrl("x"))
        XCTAssertTrue(d.state.project.melody.notes.isEmpty)
        d.key(.ctrl("z"))
        XCTAssertEqual(d.state.project.melody.notes.count, 2)
    }

    func testZoomChangesColumnWidth() {
        var d = Driver()
        XCTAssertEqual(d.state.ticksPerColumn, 120)
        d.key(.char("("))
        XCTAssertEqual(d.state.ticksPerColumn, 240)
        d.key(.char(")")); d.key(.char(")"))
        XCTAssertEqual(d.state.ticksPerColumn, 60)
    }
}
