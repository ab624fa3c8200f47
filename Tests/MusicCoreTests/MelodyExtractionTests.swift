import XCTest
@testable import MusicCore

private struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private func n(_ pitch: Int, _ start: Int, _ duration: Int) -> Note {
    Note(pitch: UInt8(pitch), start: start, duration: duration)
}

/// A tune over the 480-tick quarter-note grid, one note per beat.
private func tune(_ pitches: [Int], from start: Int = 0) -> [Note] {
    pitches.enumerated().map { n($1, start + $0 * 480, 480) }
}

final class MelodyExtractionTests: XCTestCase {
    func testSkylineTakesTheTopOfBlockChords() {
        let notes = [n(60, 0, 960), n(64, 0, 960), n(67, 0, 960), n(65, 960, 960), n(69, 960, 960), n(72, 960, 960)]
        XCTAssertEqual(MelodyExtraction.skyline(notes), [n(67, 0, 960), n(72, 960, 960)])
    }

    func testAHigherOnsetCutsTheSoundingNoteShort() {
        // A long C4; E4 enters on beat 2 and takes over; the C4 is not resumed after the E4 ends.
        let notes = [n(60, 0, 1920), n(64, 480, 480)]
        XCTAssertEqual(MelodyExtraction.skyline(notes), [n(60, 0, 480), n(64, 480, 480)])
    }

    func testNotesBeneathAHeldMelodyNoteAreDropped() {
        // Melody G5 held for a bar while the left hand plays quarter notes underneath.
        let notes = [n(79, 0, 1920)] + tune([48, 52, 55, 52]) + [n(81, 1920, 480)]
        XCTAssertEqual(MelodyExtraction.skyline(notes), [n(79, 0, 1920), n(81, 1920, 480)])
    }

    func testSamePitchReattackCutsTheEarlierNote() {
        let notes = [n(67, 0, 960), n(67, 480, 480)]
        XCTAssertEqual(MelodyExtraction.skyline(notes), [n(67, 0, 480), n(67, 480, 480)])
    }

    func testMinimumLengthRemovesGraceNotes() {
        // A 30-tick grace note above the main note.
        let notes = [n(74, 0, 30), n(72, 0, 480), n(74, 480, 480)]
        XCTAssertEqual(MelodyExtraction.skyline(notes, minimumDuration: 60), [n(72, 0, 480), n(74, 480, 480)])
        XCTAssertEqual(MelodyExtraction.skyline(notes), [n(74, 0, 30), n(74, 480, 480)], "without the option the grace note is the top")
        // A note trimmed below the minimum by a later onset goes too.
        XCTAssertEqual(MelodyExtraction.skyline([n(60, 0, 480), n(64, 20, 460)], minimumDuration: 60), [n(64, 20, 460)])
    }

    func testSkylineOfRandomPolyphonyIsMonophonicAndMadeOfInputNotes() {
        var random = SeededRandom(state: 42)
        for _ in 0..<50 {
            let notes = (0..<40).map { _ in
                n(Int.random(in: 40...90, using: &random), Int.random(in: 0...20, using: &random) * 120,
                  Int.random(in: 1...8, using: &random) * 120)
            }
            let line = MelodyExtraction.skyline(notes)
            XCTAssertFalse(line.isEmpty)
            for (a, b) in zip(line, line.dropFirst()) {
                XCTAssertLessThanOrEqual(a.end, b.start, "no overlaps")
            }
            for note in line {
                // Each kept note is an input note, possibly shortened, and nothing started higher at its onset.
                XCTAssertTrue(notes.contains { $0.pitch == note.pitch && $0.start == note.start && $0.duration >= note.duration })
                XCTAssertFalse(notes.contains { $0.start == note.start && $0.pitch > note.pitch })
            }
            // Every onset is either kept or lies under a kept note at least as high.
            for onset in Set(notes.map(\.start)) {
                let top = notes.filter { $0.start == onset }.map(\.pitch).max()!
                let covered = line.contains { $0.start == onset } || line.contains { $0.start < onset && $0.end > onset && $0.pitch > top }
                XCTAssertTrue(covered, "onset \(onset)")
            }
            // A monophonic input comes back unchanged.
            XCTAssertEqual(MelodyExtraction.skyline(line), line)
        }
    }

    func testMelodyTrackGuessOnABand() throws {
        let bass = Track(name: "Bass", program: 33, channel: 1, role: .bass, notes: tune([36, 36, 43, 43, 41, 41, 43, 43]))
        let piano = Track(name: "Piano", program: 0, channel: 2, role: .chords,
                          notes: (0..<2).flatMap { bar in [60, 64, 67].map { n($0, bar * 1920, 1920) } })
        let drums = Track(name: "Drums", isDrum: true, channel: 9, role: .drums, notes: (0..<16).map { n(42, $0 * 240, 120) })
        let flute = Track(name: "Track 4", program: 73, channel: 3, role: .melody, notes: tune([72, 74, 76, 77, 79, 77, 76, 74]))
        let song = Song(tracks: [drums, bass, piano, flute])
        let guess = try XCTUnwrap(MelodyExtraction.guessMelodyTrack(song))
        XCTAssertEqual(guess.trackIndex, 3)
        XCTAssertTrue(guess.reason.contains("100% monophonic"), guess.reason)
        XCTAssertTrue(guess.reason.contains("highest register"), guess.reason)
        XCTAssertNil(guess.scores[0], "drums are never the melody")
        XCTAssertGreaterThan(guess.scores[3]!, guess.scores[2]!)
        let (found, melodyTrack) = try XCTUnwrap(MelodyExtraction.melody(of: song))
        XCTAssertEqual(found, guess)
        XCTAssertEqual(melodyTrack.notes, flute.notes)
    }

    func testNameHintBeatsRegister() throws {
        // The vocal line sits below a high string pad, but its name (and monophony) give it away.
        let strings = Track(name: "Strings", program: 48, channel: 0, role: .pad,
                            notes: (0..<2).flatMap { bar in [79, 84, 88].map { n($0, bar * 1920, 1920) } })
        let vocal = Track(name: "Lead Vocal", program: 54, channel: 1, role: .pad, notes: tune([60, 62, 64, 65, 67, 65, 64, 62]))
        let guess = try XCTUnwrap(MelodyExtraction.guessMelodyTrack(Song(tracks: [strings, vocal])))
        XCTAssertEqual(guess.trackIndex, 1)
        XCTAssertTrue(guess.reason.contains("name \"Lead Vocal\""), guess.reason)
    }

    func testRegisterAndMonophonyDecideWithoutNames() throws {
        // Two unnamed piano tracks: left-hand chords and a right-hand line.
        let left = Track(name: "Track 1", channel: 0, role: .chords,
                         notes: (0..<4).flatMap { beat in [48, 52, 55].map { n($0, beat * 480, 480) } })
        let right = Track(name: "Track 2", channel: 1, role: .chords, notes: tune([67, 69, 71, 72]))
        XCTAssertEqual(MelodyExtraction.guessMelodyTrack(Song(tracks: [left, right]))?.trackIndex, 1)
        XCTAssertEqual(MelodyExtraction.guessMelodyTrack(Song(tracks: [right, left]))?.trackIndex, 0)
    }

    func testNoPitchedTrackGivesNoGuess() throws {
        let drums = Track(name: "Melody", isDrum: true, channel: 9, role: .drums, notes: [n(36, 0, 120)])
        XCTAssertNil(MelodyExtraction.guessMelodyTrack(Song(tracks: [drums])))
        XCTAssertNil(MelodyExtraction.guessMelodyTrack(Song(tracks: [Track(name: "empty")])))
        XCTAssertNil(MelodyExtraction.guessMelodyTrack(Song()))
        let solo = try XCTUnwrap(MelodyExtraction.guessMelodyTrack(Song(tracks: [drums, Track(name: "x", notes: tune([60]))])))
        XCTAssertEqual(solo.trackIndex, 1)
        XCTAssertTrue(solo.reason.hasPrefix("only pitched track"), solo.reason)
    }
}
