import XCTest
import MusicCore
import NeuralEngine
@testable import Generators

/// Melody → accompaniment with a predictable stand-in generator (`EchoGenerator`): lengths, meters, seams,
/// seeds, ranges and the output song's tracks.
final class GenerationTests: XCTestCase {
    override func setUp() { Engine.threads = 1 }

    func generate(_ song: Song, seed: UInt64 = 7, bars: Range<Int>? = nil) throws -> AccompaniedSong {
        try GenerationFixtures.accompanist().accompany(song: song, name: "test", seed: seed, bars: bars)
    }

    func part(_ result: AccompaniedSong, _ role: TrackRole) -> [StepNote] { result.piece.part(role)?.notes ?? [] }

    /// Chords echo the melody exactly and the kick falls on every bar line of the melody, for any length.
    func testAnyLengthCoversEveryBarWithoutSeams() throws {
        for bars in [1, 4, 8, 9, 40] {
            let input = GenerationFixtures.melody(bars: bars)
            let result = try generate(input)
            XCTAssertEqual(result.piece.barStarts.count, bars, "\(bars) bars")
            XCTAssertEqual(part(result, .chords), result.piece.melody, "\(bars) bars: chords must echo the melody")
            XCTAssertEqual(part(result, .drums).filter { $0.pitch == 36 }.map(\.start), result.piece.barStarts,
                           "\(bars) bars: one kick per bar")
            XCTAssertEqual(part(result, .pad), [StepNote(pitch: 60, start: 0, end: bars * 16)],
                           "\(bars) bars: a note every window holds is one note")
            XCTAssertEqual(result.song.barCount, input.barCount, "\(bars) bars")
        }
    }

    /// 3/4 and 6/8: the output's bar downbeats (the kicks, in ticks) are the melody's bar lines.
    func testMetersKeepTheMelodysBarLines() throws {
        for (numerator, denominator, barSteps) in [(4, 4, 16), (3, 4, 12), (6, 8, 12)] {
            let input = GenerationFixtures.melody(bars: 11, numerator: numerator, denominator: denominator)
            let result = try generate(input)
            XCTAssertEqual(result.piece.barStarts, (0..<11).map { $0 * barSteps })
            XCTAssertEqual(part(result, .chords), result.piece.melody, "\(numerator)/\(denominator)")
            let drums = try XCTUnwrap(result.song.tracks.first { $0.role == .drums })
            XCTAssertEqual(drums.notes.filter { $0.pitch == 36 }.map(\.start), (0..<11).map { input.tick(atBar: $0) },
                           "\(numerator)/\(denominator): kicks on the melody's bars")
            XCTAssertEqual(result.song.timeSignatures, input.timeSignatures)
        }
    }

    /// A meter change (4/4 for 3 bars, then 3/4, then 6/8): windows and kicks follow every bar line.
    func testMeterChangesKeepTheirBarLines() throws {
        var input = GenerationFixtures.melody(bars: 14)
        let q = input.ticksPerQuarter
        input.timeSignatures = [TimeSignature(tick: 0, numerator: 4, denominator: 4),
                                TimeSignature(tick: 12 * q, numerator: 3, denominator: 4),
                                TimeSignature(tick: 12 * q + 15 * q, numerator: 6, denominator: 8)]
        let result = try generate(input)
        let bars = (0..<input.barCount).map { input.tick(atBar: $0) }.filter { $0 < input.endTick }
        let drums = try XCTUnwrap(result.song.tracks.first { $0.role == .drums })
        XCTAssertEqual(drums.notes.filter { $0.pitch == 36 }.map(\.start), bars)
        XCTAssertEqual(part(result, .chords), NoteCleanup().apply(result.piece.melody, role: .chords))
        XCTAssertEqual(result.song.timeSignatures, input.timeSignatures)
    }

    func testEverySampleMelodyIsAccompanied() throws {
        let samples = try SampleMelodies.all()
        XCTAssertEqual(samples.count, 8)
        for sample in samples {
            let result = try generate(sample.song)
            XCTAssertEqual(result.song.tracks[0], sample.song.tracks[0], sample.id)
            XCTAssertEqual(part(result, .chords), NoteCleanup().apply(result.piece.melody, role: .chords), sample.id)
            XCTAssertEqual(part(result, .drums).filter { $0.pitch == 36 }.map(\.start), result.piece.barStarts, sample.id)
            XCTAssertEqual(result.song.barCount, sample.song.barCount, sample.id)
        }
    }

    func testSameSeedSameTakeOtherSeedOtherTake() throws {
        let input = GenerationFixtures.melody(bars: 8)
        let a = try generate(input, seed: 1), b = try generate(input, seed: 1), c = try generate(input, seed: 2)
        XCTAssertEqual(a.song, b.song)
        XCTAssertEqual(a.seed, 1)
        XCTAssertNotEqual(a.song, c.song)
        XCTAssertFalse(part(a, .drums).filter { $0.pitch == 42 }.isEmpty, "the hi-hats follow the noise")
    }

    /// How windows are batched does not change the take.
    func testBatchingDoesNotChangeTheTake() throws {
        let piece = try StepPiece(song: GenerationFixtures.melody(bars: 20), name: "t", roles: [])
        let accompanist = GenerationFixtures.accompanist()
        let batched = accompanist.accompany(piece, seed: 3)
        accompanist.batchSize = 1
        XCTAssertEqual(accompanist.accompany(piece, seed: 3), batched)
    }

    func testOutputTracksMelodyUnchangedTempoKeptDrumsOnChannelTen() throws {
        let tempos = [TempoChange(tick: 0, bpm: 90), TempoChange(tick: 1920, bpm: 120), TempoChange(tick: 5000, bpm: 70)]
        let input = GenerationFixtures.melody(bars: 6, ticksPerQuarter: 96, tempos: tempos, channel: 1)
        let result = try generate(input)
        let song = result.song
        XCTAssertEqual(song.tracks[0], input.tracks[0])
        XCTAssertEqual(song.tempos, tempos)
        XCTAssertEqual(song.ticksPerQuarter, 96)
        XCTAssertEqual(song.key, input.key)
        XCTAssertEqual(song.tracks.dropFirst().map(\.role), [.drums, .bass, .chords, .pad])
        XCTAssertEqual(song.tracks.dropFirst().map(\.channel), [9, 0, 2, 3], "drums on 10, others clear of the melody's 1")
        XCTAssertEqual(song.tracks.dropFirst().map(\.isDrum), [true, false, false, false])
        XCTAssertEqual(song.tracks.dropFirst().map(\.program), [0, 33, 0, 48])
        let chords = song.tracks[3]
        XCTAssertEqual(chords.notes.map(\.start), input.tracks[0].notes.map(\.start), "steps back to ticks exactly")
        XCTAssertEqual(chords.notes.map(\.end), input.tracks[0].notes.map(\.end))
        XCTAssertEqual(Set(chords.notes.map(\.velocity)), [70, 78], "downbeats accented a little")
        XCTAssertEqual(chords.notes.filter { $0.start % 384 == 0 }.map(\.velocity).allSatisfy { $0 == 78 }, true)
        XCTAssertEqual(result.accompaniment, Array(song.tracks.dropFirst()))
        // Round trip through a MIDI file.
        let reread = try Song(midiBytes: song.midiFileBytes())
        XCTAssertEqual(reread.tracks.map(\.notes.count), song.tracks.map(\.notes.count))
    }

    /// The melody need not be the input's first track; other input tracks are replaced, the melody comes first.
    func testMelodyFromAnyTrackComesFirstAndOtherTracksAreReplaced() throws {
        var input = GenerationFixtures.melody(bars: 4)
        let bass = Track(name: "Old bass", program: 32, channel: 4, role: .bass, notes: [Note(pitch: 40, start: 0, duration: 7680)])
        input.tracks.insert(bass, at: 0)
        let result = try GenerationFixtures.accompanist().accompany(song: input, name: "t", melody: .track(1), seed: 1)
        XCTAssertEqual(result.melodyTrack, 1)
        XCTAssertEqual(result.song.tracks[0], input.tracks[1])
        XCTAssertEqual(result.song.tracks.count, 5)
        XCTAssertFalse(result.song.tracks.contains(bass))
    }

    /// `--bars`: only the chosen bars get an accompaniment; the same windows give the same notes as the full take.
    func testBarRangeWritesOnlyThoseBars() throws {
        let input = GenerationFixtures.melody(bars: 12)
        let full = try generate(input, seed: 5)
        let range = try generate(input, seed: 5, bars: 4..<9)
        XCTAssertEqual(range.bars, 4..<9)
        let steps = 64..<144
        for role in [TrackRole.chords, .drums] {
            XCTAssertTrue(part(range, role).allSatisfy { steps.contains($0.start) && $0.end <= steps.upperBound }, "\(role)")
        }
        let clipped = part(full, .chords).filter { $0.end > steps.lowerBound && $0.start < steps.upperBound }.map {
            StepNote(pitch: $0.pitch, start: max($0.start, steps.lowerBound), end: min($0.end, steps.upperBound))
        }
        XCTAssertEqual(part(range, .chords), clipped, "a note held into the range starts at its first bar line")
        XCTAssertEqual(part(range, .drums).filter { $0.pitch == 36 }.map(\.start), [64, 80, 96, 112, 128])
        XCTAssertEqual(range.song.tracks[0], input.tracks[0])
        XCTAssertThrowsError(try generate(input, bars: 10..<13)) { error in
            XCTAssertEqual("\(error)", "bars 11:13 are outside the melody's 1:12")
        }
    }

    /// Running ahead of the playhead: generating two bars at a time over what came before gives the same parts as
    /// one pass (for a generator whose windows agree), and a held note stays one note across every call.
    func testRangesOverPreviousPartsJoinWithoutSeams() throws {
        let piece = try StepPiece(song: GenerationFixtures.melody(bars: 10), name: "t", roles: [])
        let accompanist = GenerationFixtures.accompanist()
        var parts: [StepPart] = []
        for start in stride(from: 0, to: piece.stepCount, by: 32) {
            parts = accompanist.accompany(piece, seed: 9, steps: start ..< start + 32, over: parts)
        }
        XCTAssertEqual(parts.first { $0.role == .chords }?.notes, piece.melody)
        XCTAssertEqual(parts.first { $0.role == .pad }?.notes, [StepNote(pitch: 60, start: 0, end: 160)])
        XCTAssertEqual(parts.first { $0.role == .drums }?.notes.filter { $0.pitch == 36 }.map(\.start), piece.barStarts)
        // Regenerating a middle range keeps what is outside it note for note.
        let again = accompanist.accompany(piece, seed: 10, steps: 48..<96, over: parts)
        let chordsOutside = { (p: [StepPart]) in p.first { $0.role == .chords }!.notes.filter { $0.end <= 48 || $0.start >= 96 } }
        XCTAssertEqual(chordsOutside(again), chordsOutside(parts))
        XCTAssertEqual(again.first { $0.role == .pad }?.notes, [StepNote(pitch: 60, start: 0, end: 160)])
    }
}
