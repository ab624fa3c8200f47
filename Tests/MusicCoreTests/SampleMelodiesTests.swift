import XCTest
@testable import MusicCore

final class SampleMelodiesTests: XCTestCase {
    func melodies() throws -> [SampleMelody] { try SampleMelodies.all() }

    func melody(_ id: String) throws -> SampleMelody {
        try XCTUnwrap(try melodies().first { $0.id == id }, "no melody \(id)")
    }

    func testTheEightTunesAreThereEachEightBarsOrMore() throws {
        let all = try melodies()
        XCTAssertEqual(Set(all.map(\.id)), ["twinkle-twinkle", "ode-to-joy", "frere-jacques", "amazing-grace",
                                             "greensleeves", "scarborough-fair", "when-the-saints", "auld-lang-syne"])
        for m in all {
            XCTAssertGreaterThanOrEqual(m.song.barCount, 8, m.id)
            XCTAssertEqual(m.song.tracks.count, 1, m.id)
            XCTAssertEqual(m.song.tracks[0].role, .melody, m.id)
            XCTAssertFalse(m.title.isEmpty, m.id)
            XCTAssertTrue(m.origin.contains("public domain"), m.id)
            XCTAssertNotNil(m.song.key, m.id)
            XCTAssertEqual(m.song.tempos.count, 1, m.id)
            // A melody is monophonic: no two notes sound at once.
            let notes = m.song.tracks[0].notes
            for (a, b) in zip(notes, notes.dropFirst()) { XCTAssertLessThanOrEqual(a.end, b.start, m.id) }
        }
    }

    func testMetersAndKeys() throws {
        func meter(_ id: String) throws -> String {
            let s = try melody(id).song.timeSignatures[0]
            return "\(s.numerator)/\(s.denominator)"
        }
        XCTAssertEqual(try meter("amazing-grace"), "3/4")
        XCTAssertEqual(try meter("scarborough-fair"), "3/4")
        XCTAssertEqual(try meter("greensleeves"), "6/8")
        XCTAssertEqual(try meter("ode-to-joy"), "4/4")
        XCTAssertEqual(try melody("greensleeves").song.key, Key(tonic: 9, mode: .minor))
        XCTAssertEqual(try melody("amazing-grace").song.key, Key(tonic: 7, mode: .major))
    }

    func testTwinkleNotesAndRhythm() throws {
        let notes = try melody("twinkle-twinkle").song.tracks[0].notes
        XCTAssertEqual(notes.prefix(7).map(\.pitch), [60, 60, 67, 67, 69, 69, 67])
        XCTAssertEqual(notes.prefix(7).map(\.duration), [480, 480, 480, 480, 480, 480, 960])
        XCTAssertEqual(notes.count, 42)
        XCTAssertEqual(try melody("twinkle-twinkle").song.barCount, 12)
    }

    func testPickupIsPaddedSoBarLinesFallOnTheMeter() throws {
        // Amazing Grace: a one-beat pickup in 3/4 starts on beat 3 of bar 0; "-maz-" is the downbeat of bar 1.
        let song = try melody("amazing-grace").song
        let notes = song.tracks[0].notes
        XCTAssertEqual(notes[0], Note(pitch: 62, velocity: 88, start: 960, duration: 480))
        XCTAssertEqual(notes[1].start, 1440)
        XCTAssertEqual(notes[1].velocity, 100)
        XCTAssertEqual(song.barCount, 17)
        // The tie joins "me" over two bars: D5 for 3 + 2 beats.
        XCTAssertTrue(notes.contains(Note(pitch: 74, velocity: 100, start: 1440 * 7, duration: 480 * 5)))
    }

    func testDottedSixteenthsAndEighthPickupInSixEight() throws {
        let notes = try melody("greensleeves").song.tracks[0].notes
        XCTAssertEqual(notes[0].start, 1440 - 240)
        XCTAssertEqual(Array(notes[1...5].map(\.duration)), [480, 240, 360, 120, 240])
        XCTAssertEqual(Array(notes[1...5].map(\.pitch)), [72, 74, 76, 77, 76])
    }

    func testFindIsForgiving() throws {
        let all = try melodies()
        for name in ["ode-to-joy", "Ode to Joy", "ODE_TO_JOY", "odetojoy", "ode"] {
            XCTAssertEqual(SampleMelodies.find(name, in: all)?.id, "ode-to-joy", name)
        }
        XCTAssertEqual(SampleMelodies.find("Frère Jacques", in: all)?.id, "frere-jacques")
        XCTAssertEqual(SampleMelodies.find("saints", in: all)?.id, "when-the-saints")
        XCTAssertNil(SampleMelodies.find("a", in: all), "ambiguous")
        XCTAssertNil(SampleMelodies.find("yesterday", in: all))
        XCTAssertNil(SampleMelodies.find("--", in: all))
    }

    func testSamplesSurviveAMIDIRoundTrip() throws {
        for m in try melodies() {
            XCTAssertEqual(try Song(midiBytes: m.song.midiFileBytes()), m.song, m.id)
        }
    }

    // MARK: Parse errors

    func parseError(_ text: String) -> String {
        do {
            _ = try SampleMelodies.parse(text, id: "t")
            return "parsed"
        } catch {
            return error.message
        }
    }

    let head = "title: T\ntempo: 100\ntime: 4/4\nkey: C major\n"

    func testParseErrorsNameTheLineAndTheProblem() {
        XCTAssertEqual(parseError(head + "| C4q C4x |"), "t.melody line 5: 'C4x' is not a note or rest (expected e.g. C4q, F#3e., Bb4h~, rq)")
        XCTAssertEqual(parseError(head + "| C4w | C4h |\n| C4h. | C4w |"), "t.melody line 5: bar 2 is 2 quarters long; every bar but the first and last must be 4 quarters")
        XCTAssertEqual(parseError(head + "| C4w C4q |"), "t.melody line 5: bar 1 is 5 quarters long; 4 quarters fit in a bar")
        XCTAssertEqual(parseError(head + "| C4h~ D4h |"), "t.melody line 5: 'D4h' follows a tie (~) but is not the same pitch as the tied note")
        XCTAssertEqual(parseError(head + "| C4w~ |"), "t.melody line 5: the last note is tied (~) to nothing")
        XCTAssertEqual(parseError("title: T\ntempo: 100\nkey: C major\n| C4q |"), "t.melody line 1: missing 'time:' line")
        XCTAssertEqual(parseError("title: T\ntempo: fast\ntime: 4/4\nkey: C major\n| C4q |"), "t.melody line 2: tempo 'fast' must be a number of quarter notes per minute, 20...400")
        XCTAssertEqual(parseError(head.replacingOccurrences(of: "C major", with: "H major") + "| C4q |"), "t.melody line 4: key 'H major' is not a key like 'C major' or 'F# minor'")
        XCTAssertEqual(parseError(head + "colour: red\n| C4q |"), "t.melody line 5: unknown field 'colour'")
        XCTAssertEqual(parseError(head + "| rw |"), "t.melody line 5: no notes")
        XCTAssertEqual(parseError(head + "| C10q |"), "t.melody line 5: 'C10q' is outside the MIDI range C-1...G9")
        XCTAssertEqual(parseError(head + "| C4444444444444444449q |"), "t.melody line 5: 'C4444444444444444449q' is outside the MIDI range C-1...G9")
    }

    func testNotationDetails() throws {
        let m = try SampleMelodies.parse(head + "program: 73\n| Bb3e3 Cb4e3 B#3e3 F#-1q rh | rq E4q~ E4e. s |".replacingOccurrences(of: " s |", with: " rs |"), id: "x")
        let notes = m.song.tracks[0].notes
        XCTAssertEqual(notes.map(\.pitch), [58, 59, 60, 6, 64])
        XCTAssertEqual(notes.map(\.duration), [160, 160, 160, 480, 480 + 360])
        XCTAssertEqual(m.song.tracks[0].program, 73)
    }
}
