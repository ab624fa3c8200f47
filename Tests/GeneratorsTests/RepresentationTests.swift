import XCTest
import MusicCore
@testable import Generators

final class RepresentationTests: XCTestCase {
    /// A melody (two touching repeated C5s, then D5) over bass and drums, in `numerator`/`denominator`.
    func song(numerator: Int = 4, denominator: Int = 4) -> Song {
        let q = 480
        let melody = Track(name: "Melody", program: 73, notes: [
            Note(pitch: 72, start: 0, duration: q), Note(pitch: 72, start: q, duration: q),
            Note(pitch: 74, start: 2 * q, duration: 2 * q)])
        let bass = Track(name: "Bass", program: 33, channel: 1, role: .bass, notes: [Note(pitch: 36, start: 0, duration: 8 * q)])
        let drums = Track(name: "Drums", isDrum: true, channel: 9, role: .drums, notes: [
            Note(pitch: 36, start: 0, duration: 60), Note(pitch: 38, start: q, duration: 60)])
        return Song(tracks: [bass, melody, drums], timeSignatures: [TimeSignature(numerator: numerator, denominator: denominator)])
    }

    func testPieceFromSongFindsMelodyRolesAndBars() throws {
        let piece = try StepPiece(song: song(), name: "t")
        XCTAssertEqual(piece.melody, [StepNote(pitch: 72, start: 0, end: 4), StepNote(pitch: 72, start: 4, end: 8),
                                      StepNote(pitch: 74, start: 8, end: 16)])
        XCTAssertEqual(piece.parts.map(\.role), [.drums, .bass])
        XCTAssertEqual(piece.part(.drums)?.notes.map(\.length), [1, 1])
        XCTAssertEqual(piece.stepCount, 32)
        XCTAssertEqual(piece.barStarts, [0, 16])
        XCTAssertEqual(piece.beatStarts, [0, 4, 8, 12, 16, 20, 24, 28])
    }

    /// An orchestra's contrabass (GM 43, a string: pad) tagged as the bass in its file plays the bass role; an
    /// untagged one stays a pad.
    func testDeclaredRoleTagWinsOverTheProgram() throws {
        func note(_ channel: UInt8, _ key: UInt8, _ from: Int, _ to: Int) -> [MIDIEvent] {
            [MIDIEvent(tick: from, .noteOn(channel: channel, key: key, velocity: 80)),
             MIDIEvent(tick: to, .noteOff(channel: channel, key: key, velocity: 0))]
        }
        func piece(tagged: Bool) throws -> StepPiece {
            let melody = MIDIFileTrack(events: [MIDIEvent(tick: 0, .programChange(channel: 0, program: 73))]
                                       + note(0, 72, 0, 480) + note(0, 74, 480, 960))
            var contrabass = [MIDIEvent(tick: 0, .programChange(channel: 3, program: 43))] + note(3, 31, 0, 960)
            if tagged { contrabass.insert(MIDIEvent(tick: 0, .meta(type: 0x7F, data: MIDIFile.roleTag + Array("bass".utf8))), at: 0) }
            let file = MIDIFile(format: 1, ticksPerQuarter: 480, tracks: [melody, MIDIFileTrack(events: contrabass)])
            return try StepPiece(song: file.song(), name: "orchestra", melody: .track(0))
        }
        XCTAssertEqual(try piece(tagged: true).part(.bass)?.notes.map(\.pitch), [31])
        XCTAssertNil(try piece(tagged: true).part(.pad))
        XCTAssertEqual(try piece(tagged: false).part(.pad)?.notes.map(\.pitch), [31])
    }

    func testMeterGridFollowsThreeFourAndSixEight() throws {
        let waltz = try StepPiece(song: song(numerator: 3, denominator: 4), name: "w")
        XCTAssertEqual(waltz.barStarts, [0, 12, 24])
        XCTAssertEqual(waltz.beatStarts.prefix(4), [0, 4, 8, 12])
        let jig = try StepPiece(song: song(numerator: 6, denominator: 8), name: "j")
        XCTAssertEqual(jig.barStarts, [0, 12, 24])
        XCTAssertEqual(jig.beatStarts.prefix(4), [0, 6, 12, 18])
        XCTAssertEqual(jig.barStarts(through: 60), [0, 12, 24, 36, 48])
    }

    func testEncodeDecodeKeepsRepeatedNotesApart() throws {
        let piece = try StepPiece(song: song(), name: "t")
        let spec = WindowSpec(steps: 32, roles: [.drums, .bass, .chords])
        let (condition, tracks) = WindowEncoding.encode(piece, start: 0, spec: spec)
        XCTAssertEqual(condition.count, spec.conditionCount)
        // Meter plane: +1 on bar starts, 0 on other beats, −1 between.
        let plane = spec.steps * spec.pitchCount
        XCTAssertEqual(condition[2 * plane + 16 * spec.pitchCount], 1)
        XCTAssertEqual(condition[2 * plane + 4 * spec.pitchCount + 7], 0)
        XCTAssertEqual(condition[2 * plane + 5 * spec.pitchCount], -1)
        let decoded = WindowEncoding.decode(tracks, spec: spec)
        XCTAssertEqual(decoded[0], piece.part(.drums)!.notes)
        XCTAssertEqual(decoded[1], [StepNote(pitch: 36, start: 0, end: 32)])
        XCTAssertEqual(decoded[2], [])
        // The melody written as if it were a track decodes to the same three notes (re-strike kept).
        let asTrack = StepPiece(name: "m", stepCount: 32, barStarts: [0, 16], beatStarts: [], melody: piece.melody,
                                parts: [StepPart(role: .chords, program: 0, notes: piece.melody)])
        let melodyTracks = WindowEncoding.encode(asTrack, start: 0, spec: spec).tracks
        XCTAssertEqual(WindowEncoding.decode(melodyTracks, spec: spec)[2], piece.melody)
    }

    /// The chord plane: bar 1's melody (C C D, half the bar each of C and D) outlines Gsus4 (G C D ties Csus2 and
    /// the earlier quality wins): root G +1, C and D 0, the rest −1, in every octave; bar 2 is silent (all −1);
    /// moved up a tone, the same melody outlines Asus4.
    func testChordPlaneMarksEachBarsMelodyChord() throws {
        let piece = try StepPiece(song: song(), name: "t")
        let spec = WindowSpec(steps: 32, roles: [.bass], conditionPlanes: [.melodySustain, .melodyOnset, .meter, .melodyChord])
        let chordPlane = spec.conditionPlanes.firstIndex(of: .melodyChord)!
        func rows(step: Int, transpose: Int = 0) -> [Float] {
            let condition = WindowEncoding.encode(piece, start: 0, transpose: transpose, spec: spec).condition
            let at = (chordPlane * spec.steps + step) * spec.pitchCount
            return Array(condition[at ..< at + spec.pitchCount])
        }
        func expected(root: Int, tones: Set<Int>) -> [Float] {
            (0..<spec.pitchCount).map { r in
                let pc = (spec.lowestPitch + r) % 12
                return pc == root ? 1 : tones.contains(pc) ? 0 : -1
            }
        }
        XCTAssertEqual(rows(step: 0), expected(root: 7, tones: [0, 2]))
        XCTAssertEqual(rows(step: 15), expected(root: 7, tones: [0, 2]))
        XCTAssertEqual(rows(step: 16), [Float](repeating: -1, count: spec.pitchCount))
        XCTAssertEqual(rows(step: 3, transpose: 2), expected(root: 9, tones: [2, 4]))
        XCTAssertEqual(MelodyHarmony.chords(of: piece, window: 0, steps: 32, bars: [0, 16]).map { $0 != nil }, [true, false])
    }

    func testWindowsTransposeAndFoldIntoRange() throws {
        let piece = try StepPiece(song: song(), name: "t")
        let spec = WindowSpec(steps: 16, lowestPitch: 36, pitchCount: 36, roles: [.drums, .bass])
        let (_, tracks) = WindowEncoding.encode(piece, start: 0, transpose: -2, spec: spec)
        let decoded = WindowEncoding.decode(tracks, spec: spec)
        XCTAssertEqual(decoded[1], [StepNote(pitch: 46, start: 0, end: 16)], "34 folds up an octave to 46")
        XCTAssertEqual(decoded[0].map(\.pitch), [36, 38], "drums are never transposed")
    }

    func testBadMelodyChoiceIsAnError() {
        XCTAssertThrowsError(try StepPiece(song: song(), name: "t", melody: .track(7)))
        XCTAssertThrowsError(try StepPiece(song: song(), name: "t", melody: .track(2)))
    }
}
