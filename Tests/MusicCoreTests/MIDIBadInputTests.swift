import XCTest
@testable import MusicCore

/// Every class of broken input ends in a MIDIFileError of the right kind, on one line, with the byte offset.
final class MIDIBadInputTests: XCTestCase {
    typealias B = SMFBytes

    static let good = B.file(B.track(B.name("ok"), B.ev(0, 0x90, 60, 100), B.ev(480, 0x80, 60, 0)),
                             B.track(B.ev(0, 0x99, 36, 100), B.ev(10, 0x89, 36, 0)))

    func expect(_ bytes: [UInt8], _ kind: MIDIFileError.Kind, offset: Int? = nil, contains text: String,
                file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try MIDIFile(bytes: bytes)
            XCTFail("expected \(kind), the bytes were accepted", file: file, line: line)
        } catch {
            XCTAssertEqual(error.kind, kind, error.message, file: file, line: line)
            if let offset { XCTAssertEqual(error.offset, offset, error.message, file: file, line: line) }
            XCTAssertTrue(error.message.contains(text), "'\(error.message)' lacks '\(text)'", file: file, line: line)
            XCTAssertFalse(error.message.contains("\n"), file: file, line: line)
            XCTAssertTrue(error.message.contains("byte") || error.message.contains("empty"), file: file, line: line)
        }
    }

    func testEmptyFile() { expect([], .notMIDI, offset: 0, contains: "empty file") }

    func testWrongMagic() {
        expect(Array("RIFF".utf8) + [4, 0, 0, 0] + Array("WAVEfmt ".utf8), .notMIDI, offset: 0,
               contains: "bad chunk header 'RIFF' at byte 0: not a Standard MIDI File")
        expect(Array("<html><body>".utf8), .notMIDI, offset: 0, contains: "'<htm'")
    }

    func testGarbageBytes() {
        expect([0x00, 0xFF, 0x13, 0x88, 0x42, 0x42], .notMIDI, offset: 0, contains: "0x00 0xFF 0x13 0x88")
        var rng = SplitMix(seed: 7)
        for _ in 0..<200 {
            let bytes = (0..<(1 + rng.int(64))).map { _ in UInt8(rng.int(256)) }
            XCTAssertThrowsError(try MIDIFile(bytes: bytes))
        }
    }

    func testTruncatedHeader() {
        expect(Array(Self.good.prefix(9)), .truncated, offset: 9, contains: "needs 14 bytes, the file has 9")
        expect(Array("MT".utf8), .truncated, contains: "truncated header")
    }

    func testHeaderChunkTooShortOrTooLong() {
        var bytes = Self.good
        bytes[7] = 4
        expect(bytes, .badHeader, offset: 4, contains: "says 4 bytes, needs at least 6")
        bytes[4] = 0x7F
        expect(bytes, .truncated, offset: 0, contains: "header chunk truncated")
    }

    func testFormat2IsRefused() {
        var bytes = Self.good
        bytes[9] = 2
        expect(bytes, .unsupportedFormat, offset: 8, contains: "format 2")
        bytes[9] = 9
        expect(bytes, .unsupportedFormat, offset: 8, contains: "unknown format 9")
    }

    func testSMPTEDivisionIsRefused() {
        var bytes = Self.good
        bytes[12] = 0xE7   // -25 fps
        bytes[13] = 40
        expect(bytes, .smpteDivision, offset: 12, contains: "SMPTE time division (25 frames per second, 40 ticks per frame)")
        bytes[12] = 0; bytes[13] = 0
        expect(bytes, .badHeader, offset: 12, contains: "division of 0")
    }

    func testZeroTracks() {
        expect(B.header(tracks: 0), .noTracks, offset: 10, contains: "declares 0 tracks")
    }

    func testTruncatedTrack() {
        let bytes = Array(Self.good.dropLast(5))
        let secondTrack = Self.good.count - 8 - 12  // its chunk header; the chunk holds 12 bytes
        expect(bytes, .truncated, offset: secondTrack,
               contains: "track 2 truncated at byte \(secondTrack) (chunk says 12 bytes, 7 present)")
    }

    func testChunkLengthBeyondEndOfFileAndHugeDeclaredLengths() {
        let huge = B.header(tracks: 1) + B.chunk("MTrk", [0, 0x90, 60, 100], declaredLength: 0xFFFF_FFFF)
        expect(huge, .truncated, offset: 14, contains: "track 1 truncated at byte 14 (chunk says 4294967295 bytes, 4 present)")
        let unknown = B.header(tracks: 1) + B.chunk("XFIH", [1, 2], declaredLength: 0x7FFF_FFFF)
        expect(unknown, .truncated, offset: 14, contains: "chunk 'XFIH' at byte 14")
    }

    func testMissingTracks() {
        let bytes = B.header(tracks: 3) + B.track(B.ev(0, 0x90, 60, 1))
        expect(bytes, .truncated, contains: "after 1 of the 3 tracks its header declares")
        expect(bytes + [0x4D, 0x54], .truncated, contains: "truncated chunk header")
        expect(B.header(tracks: 1) + Array("JUNK".utf8) + [0xFF, 0, 0, 0], .truncated, offset: 14,
               contains: "chunk 'JUNK' at byte 14, where track 1 was expected, is truncated")
        expect(B.header(tracks: 1) + [0x00, 0x01, 0x02, 0x03, 0, 0, 0, 0], .notMIDI, offset: 14,
               contains: "bad chunk header 0x00 0x01 0x02 0x03 at byte 14: expected 'MTrk' for track 1")
    }

    func testOverlongVariableLengthQuantity() {
        let bytes = B.file(B.track([0x81, 0x80, 0x80, 0x80, 0x00, 0x90, 60, 100]))
        expect(bytes, .badVariableLength, offset: 22, contains: "longer than 4 bytes")
    }

    func testRunningStatusWithoutPreviousStatus() {
        let bytes = B.file(B.track(B.ev(0, 60, 100)))
        expect(bytes, .runningStatus, offset: 23, contains: "no status byte before it")
        // A meta event in between does not supply a status either.
        expect(B.file(B.track(B.name("x"), B.ev(0, 60, 100))), .runningStatus, contains: "running status")
    }

    func testMetaLengthPastTheEndOfTheChunk() {
        let bytes = B.file(B.track([0x00, 0xFF, 0x03, 0x8F, 0xFF, 0xFF, 0x7F, 0x41], end: false))
        expect(bytes, .badEvent, offset: 23, contains: "meta event 0x03 at byte 23 says 33554431 bytes but only 1 remain")
    }

    func testSysexLengthPastTheEndOfTheChunk() {
        expect(B.file(B.track([0x00, 0xF0, 0x7F, 0x01], end: false)), .badEvent, contains: "sysex at byte 23 says 127 bytes")
    }

    func testEventCutOffByTheEndOfTheChunk() {
        expect(B.file(B.track([0x00, 0x90, 60], end: false)), .badEvent, contains: "note-on at byte 23 is cut off")
        expect(B.file(B.track([0x00], end: false)), .badEvent, contains: "event at byte 23 is cut off")
        expect(B.file(B.track([0x83], end: false)), .badEvent, contains: "variable-length quantity at byte 22 is cut off")
    }

    func testBadDataByteAndUndefinedStatus() {
        expect(B.file(B.track(B.ev(0, 0x90, 0x90, 100))), .badEvent, offset: 24, contains: "data byte 0x90")
        expect(B.file(B.track(B.ev(0, 0xF4))), .badEvent, contains: "undefined status byte 0xF4")
    }

    /// Every prefix and many single-byte corruptions of a valid file either read or throw; none crash or hang.
    func testPrefixesAndCorruptionsNeverCrash() {
        let bytes = MIDIFileWriterTests.richSong().midiFileBytes()
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try MIDIFile(bytes: Array(bytes.prefix(length))))
        }
        var rng = SplitMix(seed: 99)
        for _ in 0..<2000 {
            var copy = bytes
            for _ in 0..<(1 + rng.int(3)) { copy[rng.int(copy.count)] = UInt8(rng.int(256)) }
            if let file = try? MIDIFile(bytes: copy) { _ = file.song() }
        }
    }
}

extension MIDIBadInputTests {
    /// 100,000 overlapping notes of one key (then their note-offs) pair in linear time.
    func testManyOverlappingNotesOfOneKeyStayFast() throws {
        let count = 100_000
        var body: [UInt8] = [0x00, 0x90, 60, 100]
        for _ in 1..<count { body += [0x00, 60, 100] }
        for _ in 0..<count { body += [0x01, 60, 0] }
        let file = try MIDIFile(bytes: SMFBytes.file(SMFBytes.track(body)))
        let notes = file.song().tracks[0].notes
        XCTAssertEqual(notes.count, count)
        XCTAssertEqual(notes.first?.duration, 1)
        XCTAssertEqual(notes.last?.duration, count)
    }
}

extension MIDIBadInputTests {
    /// Twenty thousand track chunks, each with a program change and a note, summarise in linear time.
    func testThousandsOfTrackChunksStayFast() throws {
        let chunks = 20_000
        let track = SMFBytes.track(SMFBytes.ev(0, 0xC0, 5), SMFBytes.ev(0, 0x90, 60, 100), SMFBytes.ev(1, 0x80, 60, 0))
        let bytes = SMFBytes.header(tracks: chunks) + Array([[UInt8]](repeating: track, count: chunks).joined())
        let summary = MIDIFileSummary(try MIDIFile(bytes: bytes))
        XCTAssertEqual(summary.tracks.count, chunks)
        XCTAssertEqual(summary.noteCount, chunks)
        XCTAssertEqual(summary.tracks.last?.parts.first?.program, 5)
    }
}

extension MIDIBadInputTests {
    /// A conductor track with 50,000 tempo and 50,000 meter changes summarises in linear-logarithmic time.
    func testTensOfThousandsOfTempoAndMeterChangesStayFast() throws {
        var body: [UInt8] = []
        for i in 0..<50_000 {
            body += SMFBytes.tempo(1, 400_000 + i) + SMFBytes.meta(0, 0x58, [UInt8(1 + i % 7), 2, 24, 8])
        }
        let summary = MIDIFileSummary(try MIDIFile(bytes: SMFBytes.file(SMFBytes.track(body))))
        XCTAssertEqual(summary.tempos.count, 50_001)           // the default 120 bpm at tick 0 comes first
        XCTAssertEqual(summary.timeSignatures.count, 50_000)
        XCTAssertEqual(summary.timeSignatures.last?.bar, 50_000)  // each change starts a bar; the first follows bar 0
    }
}
