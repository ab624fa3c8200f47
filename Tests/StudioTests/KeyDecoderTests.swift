import XCTest
@testable import Studio

final class KeyDecoderTests: XCTestCase {
    func keys(_ bytes: [UInt8], flush: Bool = true) -> [KeyPress] {
        var decoder = KeyDecoder()
        var inputs = decoder.feed(bytes)
        if flush { inputs += decoder.flush() }
        return inputs.compactMap { if case .key(let k) = $0 { return k } else { return nil } }
    }

    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    func testTextControlAndSpecialKeys() {
        XCTAssertEqual(keys(bytes("z?")), [.char("z"), .char("?")])
        XCTAssertEqual(keys([0x12, 0x07, 0x09, 0x0D, 0x7F, 0x20]),
                       [.ctrl("r"), .ctrl("g"), KeyPress(.tab), KeyPress(.enter), KeyPress(.backspace), KeyPress(.space)])
        XCTAssertEqual(keys(bytes("é")), [.char("é")])
    }

    func testEscapeSequences() {
        XCTAssertEqual(keys(bytes("\u{1B}[A\u{1B}OB\u{1B}[5~\u{1B}[6~\u{1B}[H\u{1B}[4~\u{1B}[3~\u{1B}[Z")),
                       [KeyPress(.up), KeyPress(.down), KeyPress(.pageUp), KeyPress(.pageDown), KeyPress(.home),
                        KeyPress(.end), KeyPress(.delete), KeyPress(.tab, .shift)])
        XCTAssertEqual(keys(bytes("\u{1B}OP\u{1B}[15~\u{1B}[17~\u{1B}[[A")),
                       [KeyPress(.function(1)), KeyPress(.function(5)), KeyPress(.function(6)), KeyPress(.function(1))])
        XCTAssertEqual(keys(bytes("\u{1B}[1;2C\u{1B}[1;5A")), [KeyPress(.right, .shift), KeyPress(.up, .ctrl)])
    }

    func testLoneEscapeWaitsForFlush() {
        var decoder = KeyDecoder()
        XCTAssertTrue(decoder.feed([0x1B]).isEmpty)
        XCTAssertTrue(decoder.hasPending)
        XCTAssertEqual(decoder.flush(), [.key(KeyPress(.escape))])
        // A sequence split across reads is joined.
        XCTAssertTrue(decoder.feed([0x1B, UInt8(ascii: "[")]).isEmpty)
        XCTAssertEqual(decoder.feed([UInt8(ascii: "D")]), [.key(KeyPress(.left))])
    }

    func testKittyProtocol() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.feed(bytes("\u{1B}[?15u\u{1B}[?62;22c")), [.kittyKeyboard(flags: 15), .deviceAttributes])
        XCTAssertEqual(keys(bytes("\u{1B}[122u")), [KeyPress(.character("z"), reportsRelease: true)])
        XCTAssertEqual(keys(bytes("\u{1B}[122;1:3u")), [KeyPress(.character("z"), action: .release, reportsRelease: true)])
        XCTAssertEqual(keys(bytes("\u{1B}[122;1:2u")), [KeyPress(.character("z"), action: .repeated, reportsRelease: true)])
        XCTAssertEqual(keys(bytes("\u{1B}[114;5u")), [KeyPress(.character("r"), .ctrl, reportsRelease: true)])
        XCTAssertEqual(keys(bytes("\u{1B}[47:63;2u")), [KeyPress(.character("?"), reportsRelease: true)])
        XCTAssertEqual(keys(bytes("\u{1B}[32;1:3u")), [KeyPress(.space, action: .release, reportsRelease: true)])
        XCTAssertEqual(keys(bytes("\u{1B}[1;1:3A")), [KeyPress(.up, action: .release, reportsRelease: true)])
        XCTAssertEqual(KeyMap.command(for: KeyPress(.character("r"), .ctrl, reportsRelease: true)), .record)
    }

    func testGarbageDoesNotStall() {
        XCTAssertEqual(keys(bytes("\u{1B}[999~x")), [.char("x")])
        XCTAssertEqual(keys([0xFF, UInt8(ascii: "a")]), [.char("a")])
    }
}
