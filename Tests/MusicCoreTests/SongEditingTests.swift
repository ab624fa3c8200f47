import XCTest
@testable import MusicCore

final class SongEditingTests: XCTestCase {
    func n(_ pitch: UInt8, _ start: Int, _ duration: Int, _ velocity: UInt8 = 100) -> Note {
        Note(pitch: pitch, velocity: velocity, start: start, duration: duration)
    }

    func song(_ notes: [Note], drums: [Note] = []) -> Song {
        var tracks = [Track(name: "p", program: 0, channel: 0, role: .chords, notes: notes)]
        if !drums.isEmpty { tracks.append(Track(name: "d", isDrum: true, channel: 9, role: .drums, notes: drums)) }
        return Song(tracks: tracks, ticksPerQuarter: 480, key: Key(tonic: 0, mode: .major))
    }

    // MARK: Quantize

    func testQuantizeStartsFullyKeepsLengths() throws {
        let q = try song([n(60, 130, 200), n(62, 110, 50), n(64, 1, 10)]).quantized(grid: 120)
        XCTAssertEqual(q.tracks[0].notes, [n(64, 0, 10), n(60, 120, 200), n(62, 120, 50)])
    }

    func testQuantizeHalfStrengthAndZeroStrength() throws {
        let s = song([n(60, 100, 100), n(62, 250, 100)])
        XCTAssertEqual(try s.quantized(grid: 120, strength: 0.5).tracks[0].notes, [n(60, 110, 100), n(62, 245, 100)])
        XCTAssertEqual(try s.quantized(grid: 120, strength: 0).tracks[0].notes, s.tracks[0].notes)
    }

    func testQuantizeEndsKeepsAtLeastOneGridStep() throws {
        let q = try song([n(60, 5, 100), n(62, 250, 20)]).quantized(grid: 120, ends: true)
        XCTAssertEqual(q.tracks[0].notes, [n(60, 0, 120), n(62, 240, 120)])
    }

    func testQuantizeMergesNotesLandingTogether() throws {
        let q = try song([n(60, 2, 50, 70), n(60, 8, 90, 90)]).quantized(grid: 120)
        XCTAssertEqual(q.tracks[0].notes, [n(60, 0, 90, 90)])
    }

    func testQuantizeRefusesBadArguments() {
        XCTAssertThrowsError(try song([]).quantized(grid: 0)) { XCTAssertTrue("\($0)".contains("grid")) }
        XCTAssertThrowsError(try song([]).quantized(grid: 120, strength: 1.5)) { XCTAssertTrue("\($0)".contains("strength")) }
        XCTAssertThrowsError(try song([]).quantized(grid: 120, strength: .nan))
    }

    // MARK: Transpose

    func testTransposeMovesPitchedNotesAndKeyButNotDrums() {
        let t = song([n(60, 0, 10), n(64, 10, 10)], drums: [n(36, 0, 1)]).transposed(by: 5)
        XCTAssertEqual(t.tracks[0].notes.map(\.pitch), [65, 69])
        XCTAssertEqual(t.tracks[1].notes.map(\.pitch), [36])
        XCTAssertEqual(t.key, Key(tonic: 5, mode: .major))
        XCTAssertEqual(song([n(60, 0, 1)]).transposed(by: -14).key, Key(tonic: 10, mode: .major))
    }

    func testTransposeOutOfRangeFoldsOrDrops() {
        let s = song([n(120, 0, 10), n(60, 0, 10), n(3, 20, 10)])
        XCTAssertEqual(s.transposed(by: 10).tracks[0].notes.map(\.pitch), [70, 118, 13])
        XCTAssertEqual(s.transposed(by: 10, outOfRange: .drop).tracks[0].notes.map(\.pitch), [70, 13])
        XCTAssertEqual(s.transposed(by: -5).tracks[0].notes.map(\.pitch), [55, 115, 10])
        XCTAssertEqual(s.transposed(by: -5, outOfRange: .drop).tracks[0].notes.map(\.pitch), [55, 115])
    }

    // MARK: Tempo

    func testWithTempoScalesTheWholeMap() throws {
        var s = song([n(60, 0, 480)])
        s.tempos = [TempoChange(tick: 0, bpm: 100), TempoChange(tick: 960, bpm: 50)]
        let t = try s.withTempo(bpm: 150)
        XCTAssertEqual(t.tempos.map(\.tick), [0, 960])
        XCTAssertEqual(t.tempos[0].bpm, 150, accuracy: 0.01)
        XCTAssertEqual(t.tempos[1].bpm, 75, accuracy: 0.01)
        XCTAssertEqual(t.tracks, s.tracks)
        XCTAssertEqual(try s.tempoScaled(by: 2).tempos[1].bpm, 100, accuracy: 0.01)
        s.tempos = []
        XCTAssertEqual(try s.withTempo(bpm: 90).tempos, [TempoChange(tick: 0, bpm: 90)])
        XCTAssertThrowsError(try s.withTempo(bpm: 0))
        XCTAssertThrowsError(try s.withTempo(bpm: 1))     // slower than 24-bit microseconds allow
        XCTAssertThrowsError(try s.tempoScaled(by: -1))
    }

    // MARK: Slice

    func testSliceClipsNotesAndCarriesTempoAndMeter() throws {
        var s = song([n(60, 0, 1920 * 2), n(62, 1920 + 480, 480), n(64, 1920 * 3 - 240, 480), n(65, 1920 * 5, 10)],
                     drums: [n(36, 0, 1)])
        s.tempos = [TempoChange(tick: 0, bpm: 100), TempoChange(tick: 960, bpm: 90), TempoChange(tick: 1920 * 2, bpm: 80)]
        s.timeSignatures = [TimeSignature(tick: 0, numerator: 4, denominator: 4)]
        let cut = try s.sliced(bars: 1..<3)
        XCTAssertEqual(cut.tracks[0].notes, [n(60, 0, 1920), n(62, 480, 480), n(64, 1920 * 2 - 240, 240)])
        XCTAssertEqual(cut.tracks[1].notes, [], "tracks stay even when empty")
        XCTAssertEqual(cut.tempos, [TempoChange(tick: 0, bpm: 90), TempoChange(tick: 1920, bpm: 80)])
        XCTAssertEqual(cut.timeSignatures, [TimeSignature(tick: 0, numerator: 4, denominator: 4)])
        XCTAssertEqual(cut.barCount, 2)
    }

    func testSliceAcrossAMeterChange() throws {
        var s = song([n(60, 1920, 1440), n(62, 1920 + 1440, 1440)])
        s.timeSignatures = [TimeSignature(tick: 0, numerator: 4, denominator: 4),
                            TimeSignature(tick: 1920, numerator: 3, denominator: 4)]
        let cut = try s.sliced(bars: 2..<3)
        XCTAssertEqual(cut.timeSignatures, [TimeSignature(tick: 0, numerator: 3, denominator: 4)])
        XCTAssertEqual(cut.tracks[0].notes, [n(62, 0, 1440)])
        XCTAssertThrowsError(try s.sliced(bars: 3..<3))
        XCTAssertThrowsError(try s.sliced(bars: -1..<2))
    }

    // MARK: Merge and resample

    func testMergeReconcilesResolutionByLeastCommonMultiple() throws {
        let a = Song(tracks: [Track(name: "a", notes: [n(60, 480, 480)])], ticksPerQuarter: 480)
        let b = Song(tracks: [Track(name: "b", notes: [n(67, 384, 192)])], ticksPerQuarter: 384)
        let m = try XCTUnwrap(Song.merged([a, b]))
        XCTAssertEqual(m.ticksPerQuarter, 1920)
        XCTAssertEqual(m.tracks.map(\.name), ["a", "b"])
        XCTAssertEqual(m.tracks[0].notes, [n(60, 1920, 1920)])
        XCTAssertEqual(m.tracks[1].notes, [n(67, 1920, 960)])
        XCTAssertNil(Song.merged([]))
    }

    func testMergeFallsBackToTheFinestResolutionWhenTheMultipleIsTooBig() throws {
        let a = Song(tracks: [Track(name: "a", notes: [n(60, 1000, 1000)])], ticksPerQuarter: 1000)
        let b = Song(tracks: [Track(name: "b", notes: [n(60, 999, 999)])], ticksPerQuarter: 999)
        let m = try XCTUnwrap(Song.merged([a, b]))
        XCTAssertEqual(m.ticksPerQuarter, 1000)
        XCTAssertEqual(m.tracks[1].notes, [n(60, 1000, 1000)])
    }

    func testMergingTracksOfOneSong() throws {
        var s = song([n(60, 0, 10)], drums: [n(36, 0, 1)])
        s.tracks.append(Track(name: "x", notes: [n(72, 5, 10), n(60, 0, 20)]))
        let m = try s.mergingTracks([2, 0])
        XCTAssertEqual(m.tracks.map(\.name), ["p", "d"])
        XCTAssertEqual(m.tracks[0].notes, [n(60, 0, 20), n(72, 5, 10)])
        XCTAssertThrowsError(try s.mergingTracks([0, 7]))
        XCTAssertThrowsError(try s.mergingTracks([]))
    }

    func testResampleRoundsToTheNearestTickAndKeepsNotesAudible() {
        let s = Song(tracks: [Track(name: "a", notes: [n(60, 3, 1), n(62, 480, 240)])], ticksPerQuarter: 480,
                     tempos: [TempoChange(tick: 960, bpm: 90)], timeSignatures: [TimeSignature(tick: 960)])
        let r = s.resampled(ticksPerQuarter: 24)
        XCTAssertEqual(r.tracks[0].notes, [n(60, 0, 1), n(62, 24, 12)])
        XCTAssertEqual(r.tempos.map(\.tick), [48])
        XCTAssertEqual(r.timeSignatures.map(\.tick), [48])
        XCTAssertEqual(s.resampled(ticksPerQuarter: 480), s)
    }
}
