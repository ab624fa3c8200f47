import XCTest
import MusicCore
@testable import Generators

final class TrackMetricsTests: XCTestCase {
    private let melodyOnly: [TrackRole] = [.melody]

    // MARK: EB

    /// DeepComposer's "empty bar rate" returned the share of NON-empty bars; a track playing in one bar of four
    /// has EB 0.75, not 0.25.
    func testEmptyBarsIsTheShareOfEmptyBars() {
        let m = RollBuilder(roles: melodyOnly, bars: 4)
        m.note(0, 60, 0..<64)
        let a = RollBuilder(roles: [.bass, .pad], bars: 4)
        a.note(0, 36, 0..<16)  // bass: bar 0 only
        let metrics = ExampleMetrics(example(m, a))
        XCTAssertEqual(metrics.track("bass")?.emptyBars.value, 0.75)
        XCTAssertEqual(metrics.track("melody")?.emptyBars.value, 0)
        XCTAssertEqual(metrics.track("pad")?.emptyBars.value, 1)
    }

    // MARK: UPC

    /// UPC counts pitch classes of sounding cells only. Counting nonzero raw values (DeepComposer's bug) sees all
    /// twelve pitch classes in a bipolar roll, where off is −1, and in a tanh output whose off cells are negative.
    func testUsedPitchClassesBinarizesBipolarAndRawValues() {
        let m = RollBuilder(roles: melodyOnly, bars: 3, range: .bipolar)
        m.note(0, 60, 0..<4).note(0, 72, 4..<8).note(0, 64, 8..<16)  // bar 0: C4, C5, E4 → {C, E}
        m.note(0, 67, 16..<32, value: 0.3)                           // bar 1: G4 (a raw value above 0) → {G}
        let a = RollBuilder(roles: [.bass], bars: 3, range: .bipolar)
        a.note(0, 36, 0..<48)
        let exact = ExampleMetrics(example(m, a)).track("melody")!
        XCTAssertEqual(exact.usedPitchClasses.value, 1.5)  // (2 + 1) / 2 non-empty bars; bar 2 is empty
        XCTAssertEqual(exact.emptyBars.value!, 1.0 / 3, accuracy: 1e-12)

        // The same roll as a tanh generator would leave it: off cells anywhere in (−1, 0).
        m.fillOff { i in -Float((i * 37) % 100 + 1) / 101 }
        let raw = ExampleMetrics(example(m, a)).track("melody")!
        XCTAssertEqual(raw, exact)
    }

    func testUsedPitchClassesUnipolarRawValuesBelowHalfAreSilent() {
        let m = RollBuilder(roles: melodyOnly, bars: 1)
        m.note(0, 60, 0..<16)
        m.fillOff { _ in 0.3 }
        let a = RollBuilder(roles: [.bass], bars: 1)
        a.note(0, 36, 0..<16)
        XCTAssertEqual(ExampleMetrics(example(m, a)).track("melody")?.usedPitchClasses.value, 1)
        XCTAssertEqual(ExampleMetrics(example(m, a), options: MetricOptions(threshold: 0.2)).track("melody")?
            .usedPitchClasses.value, 12)
    }

    // MARK: QN

    func testQualifiedNotesByMinimumLengthAndRestrikes() {
        let m = RollBuilder(roles: melodyOnly, bars: 1)
        m.note(0, 60, 0..<1).note(0, 62, 2..<4).note(0, 64, 5..<8).note(0, 65, 9..<13)  // 1, 2, 3, 4 steps
        let a = RollBuilder(roles: [.bass], bars: 1)
        a.note(0, 36, 0..<4).note(0, 36, 4..<8, restrike: true)  // two touching 4-step notes, not one of 8
        let metrics = ExampleMetrics(example(m, a))
        XCTAssertEqual(metrics.track("melody")?.qualifiedNotes.value, 0.75)       // default: at least an eighth
        XCTAssertEqual(metrics.track("melody")?.qualifiedNotesPaper.value, 0.5)   // at least 3 steps
        XCTAssertEqual(metrics.track("melody")?.noteDensity.value, 4)
        XCTAssertEqual(metrics.track("bass")?.noteDensity.value, 2)
        let strict = ExampleMetrics(example(m, a), options: MetricOptions(qualifiedNoteSteps: 4))
        XCTAssertEqual(strict.track("melody")?.qualifiedNotes.value, 0.25)
        XCTAssertEqual(strict.track("bass")?.qualifiedNotes.value, 1)

        // At 12 steps per quarter the default minimum is still an eighth: 6 steps.
        XCTAssertEqual(MetricOptions().qualifiedSteps(for: PianoRollLayout.lpd5), 6)
    }

    // MARK: DP

    func testDrumPatternOnSixteenthGrid() {
        let m = RollBuilder(roles: melodyOnly, bars: 1)
        m.note(0, 60, 0..<16)
        let a = RollBuilder(roles: [.drums], bars: 1)
        // Eighth-note positions 0, 2, 8 count 1; the sixteenth 5 counts the tolerance.
        a.note(0, 36, 0..<1).note(0, 42, 2..<3).note(0, 38, 5..<6).note(0, 36, 8..<9)
        let drums = ExampleMetrics(example(m, a)).track("drums")!
        XCTAssertEqual(drums.drumPattern.value!, 3.1 / 4, accuracy: 1e-12)
        XCTAssertNil(drums.qualifiedNotes.value)
        XCTAssertNil(drums.usedPitchClasses.value)
        XCTAssertNil(ExampleMetrics(example(m, a)).track("melody")?.drumPattern.value)
        let loose = ExampleMetrics(example(m, a), options: MetricOptions(drumPatternTolerance: 0.3)).track("drums")!
        XCTAssertEqual(loose.drumPattern.value!, 3.3 / 4, accuracy: 1e-12)
    }

    func testDrumPatternAtTwelveStepsPerQuarterUsesSixteenths() {
        let m = RollBuilder(roles: melodyOnly, bars: 1, stepsPerBeat: 12)
        m.note(0, 60, 0..<48)
        let a = RollBuilder(roles: [.drums], bars: 1, stepsPerBeat: 12)
        // Grid of 3 steps: 0 and 3 on it, 4 and 8 one step beside it.
        a.note(0, 42, 0..<1).note(0, 42, 3..<4).note(0, 42, 4..<5).note(0, 42, 8..<9)
        XCTAssertEqual(DrumPatternGrid(layout: a.roll.layout).gridSteps, 3)
        let drums = ExampleMetrics(example(m, a)).track("drums")!
        // 3 and 4 touch; the roll merges them into one onset at 3 unless re-struck.
        XCTAssertEqual(drums.drumPattern.value!, 2.1 / 3, accuracy: 1e-12)
        a.roll.setReattack(step: 4, row: 42 - 24, track: 0)
        XCTAssertEqual(ExampleMetrics(example(m, a)).track("drums")!.drumPattern.value!, 2.2 / 4, accuracy: 1e-12)
    }

    func testDrumPatternInSixEightUsesEighths() {
        let m = RollBuilder(roles: melodyOnly, bars: 2, meter: (6, 8))
        m.note(0, 60, 0..<24)
        let a = RollBuilder(roles: [.drums], bars: 2, meter: (6, 8))
        a.note(0, 36, 0..<1).note(0, 42, 3..<4).note(0, 38, 18..<19).note(0, 42, 23..<24)
        XCTAssertEqual(ExampleMetrics(example(m, a)).track("drums")!.drumPattern.value!, 2.2 / 4, accuracy: 1e-12)
    }

    // MARK: Polyphony

    func testPolyphonyCountsSoundingStepsOnly() {
        let m = RollBuilder(roles: melodyOnly, bars: 1)
        m.note(0, 72, 0..<16)
        let a = RollBuilder(roles: [.chords], bars: 1)
        a.note(0, 60, 0..<4).note(0, 64, 0..<4).note(0, 67, 0..<4).note(0, 60, 4..<8)  // triad, then one note, then rest
        let chords = ExampleMetrics(example(m, a)).track("chords")!
        XCTAssertEqual(chords.polyphony.value, 2)          // (3·4 + 1·4) / 8 sounding steps
        XCTAssertEqual(chords.polyphonicSteps.value, 0.5)
        XCTAssertEqual(chords.usedPitchClasses.value, 3)
    }

    // MARK: Meters and empty tracks

    func testThreeFourBarsAndBeats() {
        let m = RollBuilder(roles: melodyOnly, bars: 2, meter: (3, 4))
        m.note(0, 60, 0..<8)
        let a = RollBuilder(roles: [.bass], bars: 2, meter: (3, 4))
        a.note(0, 43, 0..<4).note(0, 48, 4..<8).note(0, 48, 12..<24)
        let metrics = ExampleMetrics(example(m, a))
        XCTAssertEqual(metrics.track("melody")?.emptyBars.value, 0.5)
        XCTAssertEqual(metrics.track("bass")?.emptyBars.value, 0)
        // Quarter-note beats: beat 0 is C against G, beat 1 C against C; the melody is silent afterwards.
        XCTAssertEqual(metrics.pair("melody", "bass")!.tonalDistance.value!, fifthDistance / 2, accuracy: 1e-9)
        XCTAssertEqual(metrics.pair("melody", "bass")!.tonalDistance.count, 2)
    }

    func testEmptyTracksHaveNoValuesAndDoNotBreakTheExample() {
        let m = RollBuilder(roles: melodyOnly, bars: 2)
        let a = RollBuilder(roles: [.drums, .bass, .pad], bars: 2)
        let metrics = ExampleMetrics(example(m, a))
        XCTAssertNil(metrics.key)
        for track in metrics.tracks {
            XCTAssertEqual(track.emptyBars.value, 1, track.track)
            XCTAssertEqual(track.noteDensity.value, 0, track.track)
            XCTAssertNil(track.usedPitchClasses.value, track.track)
            XCTAssertNil(track.qualifiedNotes.value, track.track)
            XCTAssertNil(track.polyphony.value, track.track)
            XCTAssertNil(track.inScale.value, track.track)
            XCTAssertNil(track.drumPattern.value, track.track)
        }
        XCTAssertTrue(metrics.pairs.allSatisfy { $0.tonalDistance.value == nil })
        XCTAssertNil(metrics.accompanimentInScale.value)
    }

    /// Cells are scanned eight at a time; a roll of 3 steps × 84 pitches × 1 track ends with a partial group.
    func testTheLastCellsOfARollCount() {
        let m = RollBuilder(roles: melodyOnly, bars: 1, stepsPerBeat: 1, meter: (3, 4))
        m.note(0, 107, 2..<3)  // the very last cell
        let a = RollBuilder(roles: [.bass], bars: 1, stepsPerBeat: 1, meter: (3, 4))
        a.note(0, 107, 0..<3)
        XCTAssertEqual(m.roll.values.count % 8, 4)
        let metrics = ExampleMetrics(example(m, a))
        XCTAssertEqual(metrics.track("melody")?.polyphony.count, 1)
        XCTAssertEqual(metrics.track("melody")?.usedPitchClasses.value, 1)
        XCTAssertEqual(metrics.pair("melody", "bass")!.tonalDistance.value!, 0, accuracy: 1e-12)
    }

    func testRepeatedRolesAreNumbered() {
        let m = RollBuilder(roles: melodyOnly, bars: 1)
        let a = RollBuilder(roles: [.chords, .bass, .chords], bars: 1)
        XCTAssertEqual(ExampleMetrics(example(m, a)).tracks.map(\.track), ["melody", "chords", "bass", "chords 2"])
    }
}
