import XCTest
@testable import MusicCore

final class SongTimingTests: XCTestCase {
    func note(_ start: Int, _ duration: Int) -> Note { Note(pitch: 60, start: start, duration: duration) }

    func testDefaultsAreFourFourAndOneTwentyBPM() {
        let song = Song(tracks: [Track(name: "a", notes: [note(0, 1920 * 2 + 1)])], ticksPerQuarter: 480,
                        tempos: [], timeSignatures: [])
        XCTAssertEqual(song.ticksPerBar(at: 0), 1920)
        XCTAssertEqual(song.barCount, 3)
        XCTAssertEqual(song.seconds(atTick: 960), 1.0, accuracy: 1e-12)
        XCTAssertEqual(song.bpm(atTick: 0), 120)
        XCTAssertEqual(song.effectiveTimeSignatures, [TimeSignature(tick: 0, numerator: 4, denominator: 4)])
    }

    func testBarsAcrossMeterChangesIncludingOneInTheMiddleOfABar() {
        // 4/4 for a bar and a half (a change mid-bar closes bar 1 early), then 3/4, then 6/8 from bar 4.
        let song = Song(tracks: [], ticksPerQuarter: 480, timeSignatures: [
            TimeSignature(tick: 0, numerator: 4, denominator: 4),
            TimeSignature(tick: 2880, numerator: 3, denominator: 4),
            TimeSignature(tick: 2880 + 1440 * 2, numerator: 6, denominator: 8),
        ])
        XCTAssertEqual(song.meterSpans.map(\.bar), [0, 2, 4])
        XCTAssertEqual((0..<7).map { song.tick(atBar: $0) }, [0, 1920, 2880, 4320, 5760, 7200, 8640])
        XCTAssertEqual(song.bar(atTick: 2879), 1)
        XCTAssertEqual(song.bar(atTick: 2880), 2)
        XCTAssertEqual(song.bar(atTick: 5759), 3)
        XCTAssertEqual(song.bar(atTick: 5760), 4)
        XCTAssertEqual(song.bar(atTick: -1), -1)
        XCTAssertEqual(song.ticksPerBar(at: 100), 1920)
        XCTAssertEqual(song.ticksPerBar(at: 3000), 1440)
        XCTAssertEqual(song.ticksPerBar(at: 6000), 1440)
        XCTAssertEqual(song.timeSignature(atTick: 6000).denominator, 8)
        let ticks = [-1, 0, 2879, 2880, 5759, 5760, 100_000]
        XCTAssertEqual(song.bars(atTicks: ticks), ticks.map { song.bar(atTick: $0) })
    }

    func testBarCountCoversTheLastNoteEnd() {
        var song = Song(tracks: [Track(name: "a", notes: [note(0, 1920)])], timeSignatures: [TimeSignature(numerator: 3, denominator: 4)])
        XCTAssertEqual(song.barCount, 2)             // 1920 ticks of 3/4 (1440 per bar)
        song.tracks[0].notes = [note(0, 1440)]
        XCTAssertEqual(song.barCount, 1)
        song.tracks[0].notes = []
        XCTAssertEqual(song.barCount, 0)
        XCTAssertEqual(song.endTick, 0)
    }

    func testSecondsAcrossTempoChangesAndBack() {
        let song = Song(tracks: [Track(name: "a", notes: [note(0, 2880)])], ticksPerQuarter: 480,
                        tempos: [TempoChange(tick: 0, bpm: 120), TempoChange(tick: 960, bpm: 60), TempoChange(tick: 1920, bpm: 240)])
        XCTAssertEqual(song.seconds(atTick: 480), 0.5, accuracy: 1e-12)
        XCTAssertEqual(song.seconds(atTick: 960), 1.0, accuracy: 1e-12)
        XCTAssertEqual(song.seconds(atTick: 1440), 2.0, accuracy: 1e-12)
        XCTAssertEqual(song.seconds(atTick: 1920), 3.0, accuracy: 1e-12)
        XCTAssertEqual(song.seconds(atTick: 2880), 3.5, accuracy: 1e-12)
        XCTAssertEqual(song.durationSeconds, 3.5, accuracy: 1e-12)
        XCTAssertEqual(song.seconds(atTick: -480), -0.5, accuracy: 1e-12)
        for tick in stride(from: 0.0, through: 4000, by: 37.5) {
            XCTAssertEqual(song.tick(atSeconds: song.seconds(atTick: tick)), tick, accuracy: 1e-6)
        }
        XCTAssertEqual(song.bpm(atTick: 1000), 60, accuracy: 1e-9)
    }

    func testLateOrUnsortedOrInvalidTempoEntries() {
        let song = Song(tracks: [], ticksPerQuarter: 100, tempos: [
            TempoChange(tick: 200, microsecondsPerQuarter: 1_000_000),
            TempoChange(tick: 100, microsecondsPerQuarter: 0),            // invalid: skipped
            TempoChange(tick: -5, microsecondsPerQuarter: 250_000),       // invalid: skipped
        ])
        XCTAssertEqual(song.effectiveTempos.map(\.tick), [0, 200])
        XCTAssertEqual(song.seconds(atTick: 300), 1.0 + 1.0, accuracy: 1e-12)  // 200 ticks at 120 bpm, 100 at 60
    }
}
