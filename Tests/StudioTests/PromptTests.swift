import XCTest
@testable import Studio

final class PromptTests: XCTestCase {
    /// A combining accent typed after "e" merges into one character: the cursor stays inside the text and the next
    /// keys edit it (found by fuzzing the studio's keys: the insert after it crashed past the end).
    func testEditingKeepsTheCursorInsideTextWhoseCharactersMerge() {
        var prompt = Prompt(kind: .save, text: "cafe")
        prompt.insert("\u{301}")
        XCTAssertEqual(prompt.text, "caf\u{E9}")
        XCTAssertEqual(prompt.cursor, 4)
        prompt.insert("s")
        XCTAssertEqual(prompt.text, "caf\u{E9}s")
        prompt.moveCursor(-1)
        prompt.backspace()
        XCTAssertEqual(prompt.text, "cafs")
        prompt.deleteForward()
        XCTAssertEqual(prompt.text, "caf")
        XCTAssertEqual(prompt.cursor, 3)
        prompt.cursor = 99  // however it got there
        prompt.insert("x")
        XCTAssertEqual(prompt.text, "cafx")
        prompt.backspace()
        prompt.deleteForward()
        XCTAssertEqual(prompt.text, "caf")
    }
}
