import XCTest
@testable import MusicCore

final class MIDIFileWriterTests: XCTestCase {
    /// A song using every feature the writer must carry: several tracks, drums, an empty track, overlapping and
    /// touching notes of one pitch, tempo and meter changes, a key, a non-ASCII name and a role that differs from
    /// the one the program alone would give.
    static func richSong() -> Song {
        let melody = Track(name: "Mélodie", program: 0, channel: 0, role: .melody, notes: [
            Note(pitch: 60, velocity: 100, start: 0, duration: 480),
            Note(pitch: 60, velocity: 90, start: 240, duration: 480),      // overlaps the first, ends after it
            Note(pitch: 62, velocity: 80, start: 480, duration: 480),
            Note(pitch: 62, velocity: 70, start: 960, duration: 1),        // touches the previous 62
            Note(pitch: 127, velocity: 127, start: 1000, duration: 20),
            Note(pitch: 0, velocity: 1, start: 5000, duration: 3000),
        ])
        let bass = Track(name: "Bass", program: 33, channel: 1, role: .bass, notes: [
            Note(pitch: 36, velocity: 100, start: 0, duration: 1920),
            Note(pitch: 43, velocity: 100, start: 0, duration: 960),
        ])
        let drums = Track(name: "Drums", program: 0, isDrum: true, channel: 9, role: .drums, notes: [
            Note(pitch: 36, velocity: 120, start: 0, duration: 1),
            Note(pitch: 42, velocity: 60, start: 0, duration: 1),
            Note(pitch: 42, velocity: 60, start: 240, duration: 1),
        ])
        let empty = Track(name: "Strings", program: 48, channel: 2, role: .pad, notes: [])
        return Song(tracks: [melody, bass, drums, empty], ticksPerQuarter: 480,
                    tempos: [TempoChange(tick: 0, bpm: 96), TempoChange(tick: 1920, microsecondsPerQuarter: 400_000)],
                    timeSignatures: [TimeSignature(tick: 0, numerator: 4, denominator: 4),
                                     TimeSignature(tick: 1920, numerator: 6, denominator: 8)],
                    key: Key(tonic: 7, mode: .major))
    }

    func testWriteThenReadGivesTheSameSong() throws {
        var song = Self.richSong()
        for t in song.tracks.indices { song.tracks[t].notes = Track.canonicallySorted(song.tracks[t].notes) }
        XCTAssertEqual(try Song(midiBytes: song.midiFileBytes()), song)
    }

    func testFileLayout() throws {
        let bytes = Self.richSong().midiFileBytes()
        XCTAssertEqual(Array(bytes[0..<14]), Array("MThd".utf8) + [0, 0, 0, 6, 0, 1, 0, 5, 0x01, 0xE0])
        let file = try MIDIFile(bytes: bytes)
        XCTAssertEqual(file.format, 1)
        XCTAssertEqual(file.tracks.count, 5)
        // Conductor: no channel messages, the meta events the song needs.
        let conductor = file.tracks[0].events.map(\.message)
        XCTAssertTrue(file.tracks[0].channels.isEmpty)
        XCTAssertTrue(conductor.contains(.tempo(microsecondsPerQuarter: 625_000)))
        XCTAssertTrue(conductor.contains(.timeSignature(numerator: 6, denominatorPower: 3, clocksPerClick: 12,
                                                        thirtySecondsPerQuarter: 8)))
        XCTAssertTrue(conductor.contains(.keySignature(sharps: 1, minor: false)))
        XCTAssertEqual(conductor.last, .endOfTrack)
        // Instrument tracks: name, program change, notes on their channel; drums on channel 10 (9).
        XCTAssertEqual(file.tracks[1].name, "Mélodie")
        XCTAssertTrue(file.tracks[2].events.contains(MIDIEvent(tick: 0, .programChange(channel: 1, program: 33))))
        XCTAssertEqual(file.tracks[3].channels, [9])
        XCTAssertEqual(file.tracks.map(\.noteOnCount), [0, 6, 2, 3, 0])
        for track in file.tracks { XCTAssertEqual(track.events.last?.message, .endOfTrack) }
    }

    func testRunningStatusIsUsedForRepeatedChannelMessages() {
        let chord = (0..<10).map { Note(pitch: UInt8(60 + $0), start: 0, duration: 480) }
        let bytes = Song(tracks: [Track(name: "", notes: chord)]).midiFileBytes()
        XCTAssertEqual(bytes.filter { $0 == 0x90 }.count, 1, "one note-on status, the rest by running status")
        XCTAssertEqual(bytes.filter { $0 == 0x80 }.count, 1, "one note-off status, the rest by running status")
    }

    func testOutOfRangeValuesAreClampedIntoAValidFile() throws {
        let song = Song(tracks: [Track(name: "x", program: 200, channel: 9, notes: [
            Note(pitch: 200, velocity: 100, start: 0, duration: 10),    // dropped
            Note(pitch: 60, velocity: 0, start: -5, duration: 0),       // velocity 1, start 0, duration 1
        ])], ticksPerQuarter: 100_000, tempos: [TempoChange(tick: 0, microsecondsPerQuarter: 0)],
             timeSignatures: [TimeSignature(tick: 0, numerator: 5, denominator: 6)])
        let back = try Song(midiBytes: song.midiFileBytes())
        XCTAssertEqual(back.ticksPerQuarter, 0x7FFF)
        XCTAssertEqual(back.tracks[0].notes, [Note(pitch: 60, velocity: 1, start: 0, duration: 1)])
        XCTAssertEqual(back.tracks[0].program, 200 & 0x7F)
        XCTAssertNotEqual(back.tracks[0].channel, 9, "a pitched track is moved off the drum channel")
        XCTAssertFalse(back.tracks[0].isDrum)
        XCTAssertEqual(back.tempos, [TempoChange(tick: 0, microsecondsPerQuarter: 1)])
        XCTAssertEqual(back.timeSignatures, [TimeSignature(tick: 0, numerator: 5, denominator: 4)])
    }

    func testEveryKeySurvivesTheKeySignature() throws {
        for mode in [Key.Mode.major, .minor] {
            for tonic in 0..<12 {
                let key = Key(tonic: tonic, mode: mode)
                XCTAssertTrue((-7...7).contains(key.signatureSharps))
                XCTAssertEqual(try Song(midiBytes: Song(key: key).midiFileBytes()).key, key)
            }
        }
        XCTAssertEqual(Key(tonic: 6, mode: .major).signatureSharps, -6)   // Gb rather than F# on the tie
        XCTAssertEqual(Key(tonic: 1, mode: .major).signatureSharps, -5)   // Db rather than C#
        XCTAssertEqual(Key(tonic: 11, mode: .major).signatureSharps, 5)   // B rather than Cb
    }

    func testDeltaLongerThanAVariableLengthQuantityIsBridged() throws {
        let far = 0x0FFF_FFFF + 1000
        var song = Song(tracks: [Track(name: "far", notes: [Note(pitch: 60, start: far, duration: 10)])])
        song.tracks[0].role = GeneralMIDI.role(forProgram: 0, isDrum: false)
        XCTAssertEqual(try Song(midiBytes: song.midiFileBytes()), song)
    }

    func testNamesAreLatin1WhenTheyFitElseUTF8() throws {
        for name in ["Mélodie", "ピアノ", "Straße – Bass", ""] {
            let song = Song(tracks: [Track(name: name, role: .chords)])
            XCTAssertEqual(try Song(midiBytes: song.midiFileBytes()).tracks.map(\.name), [name])
        }
        XCTAssertEqual(MIDIFile.textBytes("é"), [0xE9])
        XCTAssertEqual(MIDIFile.textBytes("ピ"), Array("ピ".utf8))
    }

    func testEmptySongRoundTrips() throws {
        let song = Song(tracks: [], tempos: [], timeSignatures: [], key: nil)
        XCTAssertEqual(try Song(midiBytes: song.midiFileBytes()), song)
    }

    func testRandomSongsRoundTrip() throws {
        var rng = SplitMix(seed: 42)
        for _ in 0..<40 {
            let song = Self.randomSong(&rng)
            XCTAssertEqual(try Song(midiBytes: song.midiFileBytes()), song)
        }
    }

    /// Random well-formed songs: same-pitch notes of a track never cross (each starts after the previous one of
    /// its pitch started, and ends no earlier).
    static func randomSong(_ rng: inout SplitMix) -> Song {
        let tpq = [24, 96, 120, 480, 960][rng.int(5)]
        var tracks: [Track] = []
        var channel: UInt8 = 0
        for t in 0..<(1 + rng.int(5)) {
            let isDrum = rng.int(4) == 0
            var notes: [Note] = []
            var lastEnd = [Int](repeating: 0, count: 128), lastStart = [Int](repeating: -1, count: 128)
            for _ in 0..<rng.int(60) {
                let pitch = UInt8(rng.int(128))
                let start = lastStart[Int(pitch)] + 1 + rng.int(tpq * 2)
                let end = max(start + 1 + rng.int(tpq * 2), lastEnd[Int(pitch)])
                lastStart[Int(pitch)] = start
                lastEnd[Int(pitch)] = end
                notes.append(Note(pitch: pitch, velocity: UInt8(1 + rng.int(127)), start: start, duration: end - start))
            }
            let program = UInt8(rng.int(128))
            let role = TrackRole.allCases[rng.int(TrackRole.allCases.count)]
            tracks.append(Track(name: "T\(t)", program: program, isDrum: isDrum, channel: isDrum ? 9 : channel,
                                role: role, notes: Track.canonicallySorted(notes)))
            if !isDrum { channel = channel == 8 ? 10 : (channel + 1) % 16 }
        }
        var tempos = [TempoChange(tick: 0, microsecondsPerQuarter: 200_000 + rng.int(800_000))]
        for _ in 0..<rng.int(4) {
            tempos.append(TempoChange(tick: tempos.last!.tick + 1 + rng.int(4000), microsecondsPerQuarter: 1 + rng.int(0xFF_FFFF)))
        }
        var signatures = [TimeSignature(tick: 0, numerator: 1 + rng.int(12), denominator: 1 << rng.int(5))]
        for _ in 0..<rng.int(3) {
            signatures.append(TimeSignature(tick: signatures.last!.tick + 1 + rng.int(4000),
                                            numerator: 1 + rng.int(12), denominator: 1 << rng.int(5)))
        }
        let key = rng.int(3) == 0 ? nil : Key(tonic: rng.int(12), mode: rng.int(2) == 0 ? .major : .minor)
        return Song(tracks: tracks, ticksPerQuarter: tpq, tempos: tempos, timeSignatures: signatures, key: key)
    }
}

/// A small deterministic random generator for tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
}
