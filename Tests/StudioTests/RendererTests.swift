import MusicCore
import XCTest
@testable import Studio

final class RendererTests: XCTestCase {
    func screen(_ state: StudioState, _ width: Int, _ height: Int) -> ScreenBuffer {
        var state = state
        _ = state.apply(.resized(width: width, height: height))
        return StudioRenderer.render(state)
    }

    func testEightyByTwentyFour() {
        var state = StudioState(project: melodyProject())
        state.environment = EnvironmentStatus(midiInput: "MIDI input unavailable", soundFont: "TimGM6mb.sf2", audio: "silent clock")
        let text = screen(state, 80, 24).text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 24)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 80 })
        XCTAssertTrue(lines[0].contains("ENSEMBLE") && lines[0].contains("Test Song") && lines[0].contains("120 bpm"))
        XCTAssertTrue(lines[0].contains("[] stopped"))
        XCTAssertTrue(lines[1].contains("MIDI input unavailable"))
        XCTAssertTrue(text.contains("C4  "), "pitch names in the gutter")
        XCTAssertTrue(text.contains("#==="), "melody notes: head and body")
        XCTAssertTrue(text.contains("|Z |X |C |V |B |N |M |, |. |/ |"), "keyboard with the FT2 bottom row")
        XCTAssertTrue(text.contains("|Q |W |E |R |T |Y |U |I |O |P |[ |] |"), "and the top row")
        XCTAssertTrue(lines[23].hasPrefix(" Spc play  ^R rec  ^G gen"))
        XCTAssertTrue(text.contains(">melody"))
    }

    func testTwoHundredBySixtyUsesTheSpace() {
        let text = screen(StudioState(project: melodyProject()), 200, 60).text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 60)
        XCTAssertTrue(lines[2].contains(" 9 "), "more bars visible on the ruler: \(lines[2])")
        XCTAssertTrue(lines[59].contains("F1 help") && lines[59].contains("Del del"), "more hints fit")
    }

    func testPlayheadHeldKeysAndRecordingShow() {
        var d = Driver(StudioState(project: melodyProject()))
        d.send(.resized(width: 80, height: 24))
        d.key(KeyPress(.space))
        d.playhead(480)
        d.key(.char("q"))
        let buffer = StudioRenderer.render(d.state)
        XCTAssertTrue(buffer.line(2).contains("v"), "playhead marker on the ruler")
        XCTAssertTrue(buffer.text.contains("> playing"))
        XCTAssertTrue(buffer.cells.contains { $0.style == .keyHeld }, "the held key lights up")
        XCTAssertTrue(buffer.cells.contains { $0.style == .keySounding }, "the melody note at the playhead sounds on the keyboard")
    }

    func testAccompanimentAndDrumsAreDrawn() throws {
        var project = melodyProject()
        let accompaniment = try ScriptedAccompaniment().generate(melody: Arrangement.melodySong(of: project), genre: "rock", architecture: "musegan", seed: 12)
        project.takes = [Take(genre: "rock", generator: "musegan", seed: 12, tracks: accompaniment.tracks)]
        project.currentTake = 0
        var state = StudioState(project: project)
        state.cursor.pitch = 36
        let text = screen(state, 80, 24).text
        XCTAssertTrue(text.contains("b---"), "bass in its own letters")
        XCTAssertTrue(text.contains("drum x"), "drum lane")
        XCTAssertTrue(text.contains("Take 1 of 1"))
    }

    func testHelpPromptAndTooSmall() {
        var state = StudioState()
        state.overlay = .help
        let help = screen(state, 80, 24).text
        XCTAssertTrue(help.contains("Ensemble keys"))
        XCTAssertTrue(help.contains("Ctrl-R") && help.contains("Ctrl-E"))
        state.overlay = .prompt(Prompt(kind: .export, text: "song.mid"))
        let prompt = screen(state, 80, 24).text
        XCTAssertTrue(prompt.contains("Export to") && prompt.contains("> song.mid"))
        let small = screen(StudioState(), 60, 20).text
        XCTAssertTrue(small.contains("at least 80x24"))
        XCTAssertTrue(small.contains("60x20"))
    }

    func testDiffFindsOnlyChangedRuns() {
        var a = ScreenBuffer(width: 10, height: 2)
        a.write(0, 0, "hello", .normal)
        var b = a
        b.write(1, 0, "EL", .normal)
        b.setStyle(9, 1, .error)
        let runs = b.changes(since: a)
        XCTAssertEqual(runs.map(\.x), [1, 9])
        XCTAssertEqual(runs.map(\.y), [0, 1])
        XCTAssertEqual(b.changes(since: nil).count, 2, "no previous frame: every row")
        var c = ScreenBuffer(width: 5, height: 1)
        c.write(0, 0, "a\u{1B}[2J", .normal)
        XCTAssertEqual(c.line(0), "a?[2J", "control characters never reach the terminal")
        var d = ScreenBuffer(width: 8, height: 1)
        d.write(0, 0, "e\u{301}漢😀é|\u{200B}x", .normal)
        XCTAssertEqual(d.line(0), "e???é|?x", "one cell per character: no combining, wide or zero-width ones")
    }
}
