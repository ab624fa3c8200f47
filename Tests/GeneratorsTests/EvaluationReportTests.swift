import Foundation
import XCTest
import MusicCore
@testable import Generators

final class EvaluationReportTests: XCTestCase {
    /// Example k: a one-bar melody on pitch class `tonic` and a bass on the same pitch class an octave or two down,
    /// so each accompaniment agrees with its own melody (TD 0) and disagrees with the others'.
    private func harmonised(_ tonic: Int, bars: Int = 1) -> EvaluationExample {
        let steps = bars * 16
        let m = RollBuilder(roles: [.melody], bars: bars)
        m.note(0, 60 + tonic, 0..<steps)
        let a = RollBuilder(roles: [.drums, .bass], bars: bars)
        a.note(1, 36 + tonic, 0..<steps)
        a.note(0, 36, 0..<1).note(0, 42, 2..<3)
        return example(m, a)
    }

    private func melodyPitch(_ e: EvaluationExample) -> Int {
        let row = (0..<e.melody.layout.pitchCount).first { e.melody[0, $0, 0] > 0.5 }!
        return e.melody.layout.lowestPitch + row
    }

    private func bassPitch(_ e: EvaluationExample) -> Int {
        let row = (0..<e.accompaniment.layout.pitchCount).first { e.accompaniment[0, $0, 1] > 0.5 }!
        return e.accompaniment.layout.lowestPitch + row
    }

    func testShuffledPairsEveryAccompanimentWithAnotherMelody() {
        let data = [0, 2, 4, 5, 7, 9].map { harmonised($0) }
        for seed: UInt64 in [0, 1, 2, 99] {
            let shuffled = EvaluationExample.shuffled(data, seed: seed)
            XCTAssertEqual(shuffled.count, data.count)
            for (k, e) in shuffled.enumerated() {
                XCTAssertEqual(bassPitch(e), bassPitch(data[k]), "accompaniments stay in order")
                XCTAssertNotEqual(melodyPitch(e) % 12, bassPitch(e) % 12, "seed \(seed): example \(k) kept its melody")
            }
            XCTAssertEqual(Set(shuffled.map(melodyPitch)), Set(data.map(melodyPitch)), "each melody used once")
            XCTAssertEqual(EvaluationExample.shuffled(data, seed: seed).map(melodyPitch), shuffled.map(melodyPitch))
        }
        let orders = Set((0..<8).map { EvaluationExample.shuffled(data, seed: UInt64($0)).map(melodyPitch) })
        XCTAssertGreaterThan(orders.count, 1, "the seed changes the pairing")
    }

    func testShuffledOnlyPairsExamplesOfTheSameLength() {
        let data = [harmonised(0), harmonised(2, bars: 2), harmonised(4), harmonised(5, bars: 2), harmonised(7, bars: 3)]
        let shuffled = EvaluationExample.shuffled(data, seed: 3)
        XCTAssertEqual(shuffled.count, 4)  // the only 3-bar example has no partner
        for e in shuffled { XCTAssertEqual(e.melody.bars, e.accompaniment.bars) }
        XCTAssertTrue(EvaluationExample.shuffled([harmonised(0)], seed: 0).isEmpty)
    }

    func testReportColumnsTextAndJSON() throws {
        let data = [0, 2, 4, 5, 7, 9, 11].map { harmonised($0) }
        // "Generated": the right pitch classes, but half-length fragments.
        let generated = data.map { e -> EvaluationExample in
            let m = RollBuilder(roles: [.melody], bars: 1)
            m.roll = e.melody
            let a = RollBuilder(roles: [.drums, .bass], bars: 1)
            for step in stride(from: 0, to: 16, by: 2) { a.note(1, bassPitch(e), step..<step + 1) }
            return example(m, a)
        }
        let report = EvaluationReport(data: data, generated: generated, shuffledSeed: 5)
        XCTAssertEqual(report.columns.map(\.name), ["data", "generated", "shuffled"])
        XCTAssertEqual(report.columns.map(\.examples), [7, 7, 7])

        func td(_ column: Int) -> Double? {
            report.columns[column].pairs.first { $0.first == "melody" && $0.second == "bass" }?.tonalDistance
        }
        XCTAssertEqual(td(0)!, 0, accuracy: 1e-12)
        XCTAssertEqual(td(1)!, 0, accuracy: 1e-12)
        XCTAssertGreaterThan(td(2)!, 0.5)
        let bass = report.columns.map { $0.tracks.first { $0.track == "bass" }! }
        XCTAssertEqual(bass[0].qualifiedNotes, 1)
        XCTAssertEqual(bass[1].qualifiedNotes, 0)
        XCTAssertEqual(bass[1].noteDensity, 8)
        XCTAssertEqual(report.columns[0].tracks.first { $0.track == "drums" }?.drumPattern, 1)

        let text = report.text
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("metric"))
        XCTAssertTrue(lines[0].hasSuffix("data  generated   shuffled"), lines[0])
        XCTAssertTrue(lines.contains { $0.hasPrefix("EB: empty bars (%)") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("QN: notes >= an eighth (%)") })
        let row = try XCTUnwrap(lines.first { $0.hasPrefix("  melody–bass") })
        XCTAssertEqual(row.split(separator: " ").suffix(3).map(String.init), ["0.000", "0.000", String(format: "%.3f", td(2)!)])
        let qn = lines.firstIndex { $0.hasPrefix("QN: notes >= an eighth") }!
        XCTAssertEqual(lines[qn + 2].split(separator: " ").suffix(3).map(String.init), ["100.0", "0.0", "100.0"], lines[qn + 2])
        // Every row with values has the same width, so the columns line up.
        let valueRows = lines.filter { $0.hasPrefix("  ") || $0.hasPrefix("metric") || $0.hasPrefix("examples") }
        XCTAssertEqual(Set(valueRows.map(\.count)).count, 1, text)

        let decoded = try JSONDecoder().decode(EvaluationReport.self, from: Data(report.json.utf8))
        XCTAssertEqual(decoded, report)
        XCTAssertTrue(report.json.contains("\"tonalDistance\""))
    }

    func testMissingColumnValuesPrintAsDash() {
        let report = EvaluationReport(data: [harmonised(0), harmonised(7)], generated: [])
        let lines = report.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(report.columns[1].examples, 0)
        let eb = lines.firstIndex { $0.hasPrefix("EB") }!
        XCTAssertEqual(lines[eb + 1].split(separator: " ").suffix(3).map(String.init), ["0.0", "-", "0.0"], lines[eb + 1])
    }

    func testExampleFromCombinedRollAndMismatchesRefused() throws {
        let layout = PianoRollLayout.standard
        var roll = try PianoRoll(layout: layout, bars: 2)
        roll[bar: 0, step: 0, pitch: 60, track: 0] = 1
        roll[bar: 1, step: 0, pitch: 36, track: 2] = 1
        let e = try EvaluationExample(roll: roll)
        XCTAssertEqual(e.melody.layout.roles, [.melody])
        XCTAssertEqual(e.accompaniment.layout.roles, [.drums, .bass, .chords, .pad])
        XCTAssertEqual(ExampleMetrics(e).track("bass")?.emptyBars.value, 0.5)

        let short = try PianoRoll(layout: .melodyOnly, bars: 1)
        XCTAssertThrowsError(try EvaluationExample(melody: short, accompaniment: e.accompaniment))
        XCTAssertThrowsError(try EvaluationExample(melody: e.accompaniment, accompaniment: e.accompaniment))
        let waltz = try PianoRoll(layout: PianoRollLayout.melodyOnly.with(timeSignature: TimeSignature(tick: 0, numerator: 3, denominator: 4)), bars: 2)
        XCTAssertThrowsError(try EvaluationExample(melody: waltz, accompaniment: e.accompaniment))
        XCTAssertThrowsError(try EvaluationExample(roll: e.accompaniment))
    }
}
