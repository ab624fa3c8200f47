import XCTest
@testable import MusicCore

/// Builds Standard MIDI File bytes by hand, so the reader is tested against bytes it did not write.
enum SMFBytes {
    static func vlq(_ value: Int) -> [UInt8] {
        var v = value
        var out: [UInt8] = [UInt8(v & 0x7F)]
        v >>= 7
        while v > 0 { out.insert(UInt8(v & 0x7F) | 0x80, at: 0); v >>= 7 }
        return out
    }
    static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    static func header(format: Int = 1, tracks: Int, division: Int = 480) -> [UInt8] {
        Array("MThd".utf8) + be32(6) + be16(format) + be16(tracks) + be16(division)
    }
    static func chunk(_ id: String, _ body: [UInt8], declaredLength: Int? = nil) -> [UInt8] {
        Array(id.utf8) + be32(declaredLength ?? body.count) + body
    }
    /// An MTrk chunk; `end` appends "end of track" after the last event.
    static func track(_ events: [UInt8]..., end: Bool = true) -> [UInt8] {
        chunk("MTrk", events.flatMap { $0 } + (end ? [0x00, 0xFF, 0x2F, 0x00] : []))
    }
    static func file(format: Int = 1, division: Int = 480, _ tracks: [UInt8]...) -> [UInt8] {
        header(format: format, tracks: tracks.count, division: division) + tracks.flatMap { $0 }
    }
    /// An event: delta time then raw bytes.
    static func ev(_ delta: Int, _ bytes: UInt8...) -> [UInt8] { vlq(delta) + bytes }
    static func meta(_ delta: Int, _ type: UInt8, _ data: [UInt8]) -> [UInt8] { vlq(delta) + [0xFF, type] + vlq(data.count) + data }
    static func name(_ text: String) -> [UInt8] { meta(0, 0x03, Array(text.utf8)) }
    static func tempo(_ delta: Int, _ us: Int) -> [UInt8] { meta(delta, 0x51, [UInt8(us >> 16), UInt8(us >> 8 & 0xFF), UInt8(us & 0xFF)]) }
}

final class MIDIFileReaderTests: XCTestCase {
    typealias B = SMFBytes

    func testFormat0SingleChannelWithMetaEvents() throws {
        let bytes = B.file(format: 0, division: 96, B.track(
            B.name("Tune"),
            B.meta(0, 0x58, [3, 2, 24, 8]),      // 3/4
            B.meta(0, 0x59, [0xFD, 1]),          // 3 flats, minor: C minor
            B.tempo(0, 600_000),                 // 100 bpm
            B.ev(0, 0xC0, 40),                   // violin
            B.ev(0, 0x90, 60, 90), B.ev(96, 0x80, 60, 0),
            B.ev(0, 0x90, 63, 80), B.ev(48, 0x80, 63, 64)))
        let song = try Song(midiBytes: bytes)
        XCTAssertEqual(song.ticksPerQuarter, 96)
        XCTAssertEqual(song.timeSignatures, [TimeSignature(tick: 0, numerator: 3, denominator: 4)])
        XCTAssertEqual(song.tempos, [TempoChange(tick: 0, microsecondsPerQuarter: 600_000)])
        XCTAssertEqual(song.key, Key(tonic: 0, mode: .minor))
        XCTAssertEqual(song.tracks.count, 1)
        let track = song.tracks[0]
        XCTAssertEqual(track.name, "Tune")
        XCTAssertEqual(track.program, 40)
        XCTAssertEqual(track.role, .pad)
        XCTAssertFalse(track.isDrum)
        XCTAssertEqual(track.notes, [Note(pitch: 60, velocity: 90, start: 0, duration: 96),
                                     Note(pitch: 63, velocity: 80, start: 96, duration: 48)])
    }

    func testRunningStatusAndVelocityZeroNoteOff() throws {
        // 0x90 once, then data bytes only; velocity 0 ends notes. Running status survives a meta event.
        let bytes = B.file(B.track(
            B.ev(0, 0x90, 60, 100), B.ev(0, 64, 100), B.ev(240, 60, 0), B.ev(0, 64, 0),
            B.meta(0, 0x01, Array("hi".utf8)),
            B.ev(0, 67, 70), B.ev(120, 67, 0)))
        let file = try MIDIFile(bytes: bytes)
        XCTAssertEqual(file.tracks[0].noteOnCount, 3)
        let notes = try Song(midiBytes: bytes).tracks[0].notes
        XCTAssertEqual(notes, [Note(pitch: 60, velocity: 100, start: 0, duration: 240),
                               Note(pitch: 64, velocity: 100, start: 0, duration: 240),
                               Note(pitch: 67, velocity: 70, start: 240, duration: 120)])
    }

    func testFormat0WithSeveralChannelsSplitsOneTrackPerChannel() throws {
        let bytes = B.file(format: 0, B.track(
            B.name("Song title"),
            B.ev(0, 0xC0, 0), B.ev(0, 0xC1, 33), B.ev(0, 0xC9, 0),
            B.ev(0, 0x90, 60, 100), B.ev(0, 0x91, 36, 100), B.ev(0, 0x99, 36, 110), B.ev(0, 0x99, 42, 90),
            B.ev(240, 0x80, 60, 0), B.ev(0, 0x81, 36, 0), B.ev(0, 0x89, 36, 0), B.ev(0, 0x89, 42, 0)))
        let file = try MIDIFile(bytes: bytes)
        XCTAssertEqual(file.tracks.count, 1)
        XCTAssertEqual(file.tracks[0].noteOnCount, 4)
        XCTAssertEqual(file.tracks[0].channels, [0, 1, 9])
        let (song, sources) = file.songWithSources()
        XCTAssertEqual(song.tracks.map(\.channel), [0, 1, 9])
        XCTAssertEqual(song.tracks.map(\.name), ["Acoustic Grand Piano", "Electric Bass (finger)", "Drums"])
        XCTAssertEqual(song.tracks.map(\.role), [.chords, .bass, .drums])
        XCTAssertEqual(song.tracks.map(\.isDrum), [false, false, true])
        XCTAssertEqual(song.tracks.map(\.notes.count), [1, 1, 2])
        XCTAssertEqual(sources, [.init(chunk: 0, channel: 0), .init(chunk: 0, channel: 1), .init(chunk: 0, channel: 9)])
    }

    func testFormat1ConductorGivesNoTrackAndChunkNamesAreKept() throws {
        let bytes = B.file(
            B.track(B.meta(0, 0x58, [4, 2, 24, 8]), B.tempo(0, 500_000), B.tempo(1920, 400_000)),
            B.track(B.name("Lead"), B.ev(0, 0xC0, 73), B.ev(0, 0x90, 72, 100), B.ev(480, 0x80, 72, 0)),
            B.track(B.name("Kit"), B.ev(0, 0x99, 38, 100), B.ev(10, 0x89, 38, 0)))
        let file = try MIDIFile(bytes: bytes)
        XCTAssertEqual(file.tracks.map(\.noteOnCount), [0, 1, 1])
        let song = file.song()
        XCTAssertEqual(song.tempos, [TempoChange(tick: 0, microsecondsPerQuarter: 500_000),
                                     TempoChange(tick: 1920, microsecondsPerQuarter: 400_000)])
        XCTAssertEqual(song.tracks.map(\.name), ["Lead", "Kit"])
        XCTAssertEqual(song.tracks.map(\.role), [.melody, .drums])
        XCTAssertEqual(song.tracks[0].program, 73)
    }

    func testFormat1ChunkUsingTwoChannelsIsSplitWithChannelInName() throws {
        let bytes = B.file(B.track(B.name("Piano"), B.ev(0, 0x90, 60, 100), B.ev(0, 0x91, 48, 100),
                                   B.ev(100, 0x80, 60, 0), B.ev(0, 0x81, 48, 0)))
        let song = try Song(midiBytes: bytes)
        XCTAssertEqual(song.tracks.map(\.name), ["Piano (ch 1)", "Piano (ch 2)"])
    }

    func testOverlappingNotesOfOnePitchPairFirstInFirstOut() throws {
        let bytes = B.file(B.track(B.ev(0, 0x90, 60, 100), B.ev(100, 0x90, 60, 50),
                                   B.ev(100, 0x80, 60, 0), B.ev(100, 0x80, 60, 0)))
        XCTAssertEqual(try Song(midiBytes: bytes).tracks[0].notes,
                       [Note(pitch: 60, velocity: 100, start: 0, duration: 200),
                        Note(pitch: 60, velocity: 50, start: 100, duration: 200)])
    }

    func testHangingNotesEndAtTheEndOfTheirTrackAndStrayNoteOffsAreIgnored() throws {
        let bytes = B.file(B.track(B.ev(0, 0x80, 50, 0),            // off with nothing sounding
                                   B.ev(0, 0x90, 60, 100), B.ev(0, 0x90, 62, 100),
                                   B.ev(100, 0x80, 62, 0),
                                   B.meta(380, 0x2F, []), end: false))
        let notes = try Song(midiBytes: bytes).tracks[0].notes
        XCTAssertEqual(notes, [Note(pitch: 60, velocity: 100, start: 0, duration: 480),
                               Note(pitch: 62, velocity: 100, start: 0, duration: 100)])
    }

    func testZeroLengthNotesLastOneTick() throws {
        let bytes = B.file(B.track(B.ev(0, 0x99, 42, 100), B.ev(0, 0x89, 42, 0)))
        XCTAssertEqual(try Song(midiBytes: bytes).tracks[0].notes, [Note(pitch: 42, velocity: 100, start: 0, duration: 1)])
    }

    func testSysexUnknownChunksAndUnknownMetaAreSkipped() throws {
        let bytes = B.header(tracks: 1) + B.chunk("XFIH", [1, 2, 3, 4, 5]) + B.track(
            B.ev(0, 0xF0, 3, 0x7E, 0x09, 0xF7),             // sysex
            B.ev(0, 0xF7, 2, 0x01, 0x02),                    // escape
            B.meta(0, 0x7F, [0x43, 1, 2]),                   // sequencer specific (Yamaha)
            B.meta(0, 0x05, Array("la".utf8)),               // lyric
            B.ev(0, 0xB0, 7, 100), B.ev(0, 0xE0, 0, 0x40),   // volume, pitch bend centre
            B.ev(0, 0x90, 60, 1), B.ev(10, 0x80, 60, 0))
        let file = try MIDIFile(bytes: bytes)
        XCTAssertEqual(file.tracks.count, 1)
        XCTAssertTrue(file.tracks[0].events.contains(MIDIEvent(tick: 0, .sysex(length: 3))))
        XCTAssertTrue(file.tracks[0].events.contains(MIDIEvent(tick: 0, .pitchBend(channel: 0, value: 0))))
        XCTAssertEqual(file.song().tracks[0].notes, [Note(pitch: 60, velocity: 1, start: 0, duration: 10)])
    }

    func testKeySignaturesMapToKeys() throws {
        func key(_ sharps: Int8, _ minor: UInt8) throws -> Key? {
            try Song(midiBytes: B.file(B.track(B.meta(0, 0x59, [UInt8(bitPattern: sharps), minor])))).key
        }
        XCTAssertEqual(try key(0, 0), Key(tonic: 0, mode: .major))
        XCTAssertEqual(try key(0, 1), Key(tonic: 9, mode: .minor))
        XCTAssertEqual(try key(2, 0), Key(tonic: 2, mode: .major))
        XCTAssertEqual(try key(-1, 1), Key(tonic: 2, mode: .minor))
        XCTAssertEqual(try key(-6, 0), Key(tonic: 6, mode: .major))
        XCTAssertEqual(try key(7, 1), Key(tonic: 10, mode: .minor))   // A# minor
        XCTAssertNil(try key(9, 0))                                      // out of range: ignored
    }

    func testProgramComesFromTheChunkOrFromASetUpChunk() throws {
        let bytes = B.file(
            B.track(B.ev(0, 0xC2, 25)),                                   // set-up track: channel 3 = guitar
            B.track(B.ev(0, 0x92, 52, 100), B.ev(10, 0x82, 52, 0)),
            B.track(B.ev(0, 0xC3, 1), B.ev(0, 0x93, 60, 100), B.ev(5, 0xC3, 50), B.ev(5, 0x83, 60, 0)))
        let song = try Song(midiBytes: bytes)
        XCTAssertEqual(song.tracks.map(\.program), [25, 1])
        XCTAssertEqual(song.tracks.map(\.role), [.guitar, .chords])
    }

    func testLateFirstTempoGetsTheDefaultBeforeIt() throws {
        let song = try Song(midiBytes: B.file(B.track(B.tempo(960, 1_000_000), B.meta(0, 0x51, [0, 0, 0]))))
        XCTAssertEqual(song.tempos, [TempoChange(tick: 0, microsecondsPerQuarter: 500_000),
                                     TempoChange(tick: 960, microsecondsPerQuarter: 1_000_000)])
    }

    func testLongerHeaderChunkIsHonoured() throws {
        let bytes = Array("MThd".utf8) + B.be32(8) + B.be16(0) + B.be16(1) + B.be16(120) + [9, 9]
            + B.track(B.ev(0, 0x90, 60, 100), B.ev(120, 0x80, 60, 0))
        let song = try Song(midiBytes: bytes)
        XCTAssertEqual(song.ticksPerQuarter, 120)
        XCTAssertEqual(song.tracks[0].notes.count, 1)
    }

    func testRIFFRMIDWrapperIsUnwrapped() throws {
        let smf = B.file(B.track(B.ev(0, 0x90, 64, 100), B.ev(480, 0x80, 64, 0)))
        func le32(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }
        let body = Array("RMID".utf8) + Array("data".utf8) + le32(smf.count) + smf
        let riff = Array("RIFF".utf8) + le32(body.count) + body
        XCTAssertEqual(try Song(midiBytes: riff).tracks[0].notes, [Note(pitch: 64, velocity: 100, start: 0, duration: 480)])
    }

    func testTrackNamesDecodeLatin1WhenNotUTF8() throws {
        let bytes = B.file(B.track(B.meta(0, 0x03, [0x43, 0x61, 0x66, 0xE9, 0x00]), B.ev(0, 0xC0, 0)))
        XCTAssertEqual(try Song(midiBytes: bytes).tracks[0].name, "Café")
    }

    func testTrailingBytesAfterTheDeclaredTracksAreIgnored() throws {
        let bytes = B.file(B.track(B.ev(0, 0x90, 60, 100), B.ev(1, 0x80, 60, 0))) + [0, 0, 0, 7, 1]
        XCTAssertEqual(try MIDIFile(bytes: bytes).tracks.count, 1)
    }
}
