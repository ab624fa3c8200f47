import XCTest
import MusicCore
@testable import Generators

final class TonalDistanceTests: XCTestCase {
    func testCentroidKnownValues() {
        var c = [Double](repeating: 0, count: 12), g = c
        c[0] = 1
        g[7] = 2  // weights are normalised
        let p = TonalCentroid.centroid(chroma: c)!
        XCTAssertEqual(p[0], 0, accuracy: 1e-12)
        XCTAssertEqual(p[1], 1, accuracy: 1e-12)
        XCTAssertEqual(p[3], 1, accuracy: 1e-12)
        XCTAssertEqual(p[5], 0.5, accuracy: 1e-12)  // the major-thirds circle has radius 0.5
        XCTAssertEqual(TonalCentroid.distance(c, g)!, fifthDistance, accuracy: 1e-12)
        XCTAssertEqual(TonalCentroid.distance(c, c)!, 0, accuracy: 1e-12)
        XCTAssertNil(TonalCentroid.distance(c, [Double](repeating: 0, count: 12)))
    }

    /// The same pitch class in other octaves is the same chroma: distance 0. Both anchors built chroma with
    /// reshape(12, 7) over 84 pitches, which puts C2, C4 and C6 in different bins and gives a distance above 0.
    func testOctavesFoldToOnePitchClass() {
        let m = RollBuilder(roles: [.melody], bars: 1)
        m.note(0, 60, 0..<16)                                       // C4
        let a = RollBuilder(roles: [.bass, .pad], bars: 1)
        a.note(0, 36, 0..<16).note(1, 84, 0..<8).note(1, 96, 8..<16)  // C2; C6 then C7
        let metrics = ExampleMetrics(example(m, a))
        XCTAssertEqual(metrics.pair("melody", "bass")!.tonalDistance.value!, 0, accuracy: 1e-12)
        XCTAssertEqual(metrics.pair("melody", "pad")!.tonalDistance.value!, 0, accuracy: 1e-12)
        XCTAssertEqual(metrics.pair("bass", "pad")!.tonalDistance.value!, 0, accuracy: 1e-12)
        XCTAssertEqual(metrics.pair("melody", "bass")!.tonalDistance.count, 4)  // four beats of 4/4

        // What the reshape(12, 7) bug computes for the same notes: C4 (row 36) and C2 (row 12) land in bins 5 and 1.
        func buggyBin(_ pitch: Int) -> Int { (pitch - 24) / 7 }
        var lead = [Double](repeating: 0, count: 12), bass = lead
        lead[buggyBin(60)] = 1
        bass[buggyBin(36)] = 1
        XCTAssertGreaterThan(TonalCentroid.distance(lead, bass)!, 0.5)
    }

    /// Chroma comes from the MIDI pitch, not the row: with a layout starting on A0 a C major melody is in C major.
    func testChromaUsesMIDIPitchNotRow() {
        let m = RollBuilder(roles: [.melody], bars: 1, lowestPitch: 21)
        for (k, pitch) in [60, 62, 64, 65, 67, 69, 71, 72].enumerated() { m.note(0, pitch, 2 * k..<2 * k + 2) }
        let a = RollBuilder(roles: [.bass], bars: 1, lowestPitch: 21)
        a.note(0, 36, 0..<8).note(0, 43, 8..<12).note(0, 36, 12..<16)
        XCTAssertEqual(ExampleMetrics(example(m, a)).key, Key(tonic: 0, mode: .major))
    }

    func testSixEightBeatIsADottedQuarter() {
        XCTAssertEqual(PianoRollLayout(beatsPerBar: 4, beatUnit: 4).countedBeatSteps, 4)
        XCTAssertEqual(PianoRollLayout(beatsPerBar: 3, beatUnit: 4).countedBeatSteps, 4)
        XCTAssertEqual(PianoRollLayout(beatsPerBar: 6, beatUnit: 8).countedBeatSteps, 6)
        XCTAssertEqual(PianoRollLayout(beatsPerBar: 12, beatUnit: 8).countedBeatSteps, 6)
        XCTAssertEqual(PianoRollLayout(beatsPerBar: 5, beatUnit: 8).countedBeatSteps, 2)
        XCTAssertEqual(PianoRollLayout(beatsPerBar: 2, beatUnit: 2).countedBeatSteps, 8)
        XCTAssertEqual(PianoRollLayout(stepsPerBeat: 12, beatsPerBar: 6, beatUnit: 8).countedBeatSteps, 18)
        // A dotted quarter of 4.5 steps is not whole: the quarter is counted instead.
        XCTAssertEqual(PianoRollLayout(stepsPerBeat: 3, beatsPerBar: 6, beatUnit: 8).countedBeatSteps, 3)

        // One dotted-quarter beat: the melody's C then G against a held C is half a fifth away. Quarter-note
        // beats would give (¼ + 1) / 2 of it instead.
        let m = RollBuilder(roles: [.melody], bars: 1, meter: (6, 8))
        m.note(0, 60, 0..<3).note(0, 67, 3..<6)
        let a = RollBuilder(roles: [.bass], bars: 1, meter: (6, 8))
        a.note(0, 48, 0..<6)
        let td = ExampleMetrics(example(m, a)).pair("melody", "bass")!.tonalDistance
        XCTAssertEqual(td.count, 1)
        XCTAssertEqual(td.value!, fifthDistance / 2, accuracy: 1e-9)
    }

    /// Drums have no harmony: no pair includes them and they do not join the accompaniment's chroma.
    func testDrumsAreExcludedFromTonalDistance() {
        let m = RollBuilder(roles: [.melody], bars: 1)
        m.note(0, 60, 0..<16)
        let a = RollBuilder(roles: [.drums, .bass], bars: 1)
        a.note(1, 48, 0..<16)
        for step in 0..<16 { a.note(0, 42, step..<step + 1, restrike: step > 0).note(0, 37, step..<step + 1) }
        let metrics = ExampleMetrics(example(m, a))
        XCTAssertFalse(metrics.pairs.contains { $0.first == "drums" || $0.second == "drums" })
        XCTAssertEqual(metrics.pair("melody", PairMetrics.accompaniment)!.tonalDistance.value!, 0, accuracy: 1e-12)
        XCTAssertEqual(metrics.pairs.map(\.name), ["melody–bass", "melody–accompaniment"])
    }

    func testAccompanimentPairsAndCombinedChroma() {
        let m = RollBuilder(roles: [.melody], bars: 1)
        m.note(0, 60, 0..<4)
        let a = RollBuilder(roles: [.bass, .chords], bars: 1)
        a.note(0, 48, 0..<4).note(1, 67, 0..<4)
        let metrics = ExampleMetrics(example(m, a))
        XCTAssertEqual(metrics.pairs.map(\.name), ["melody–bass", "melody–chords", "melody–accompaniment", "bass–chords"])
        XCTAssertEqual(metrics.pair("bass", "chords")!.tonalDistance.value!, fifthDistance, accuracy: 1e-12)
        // Against C + G together, a lone C is half a fifth away.
        XCTAssertEqual(metrics.pair("melody", "accompaniment")!.tonalDistance.value!, fifthDistance / 2, accuracy: 1e-12)
    }
}
