import XCTest
import MusicCore
@testable import Generators

final class InScaleTests: XCTestCase {
    func testScaleMasks() {
        let c = Key(tonic: 0, mode: .major).scaleMask
        XCTAssertEqual((0..<12).filter { c[$0] }, [0, 2, 4, 5, 7, 9, 11])
        let a = Key(tonic: 9, mode: .minor).scaleMask  // A natural minor plus G#
        XCTAssertEqual((0..<12).filter { a[$0] }, [0, 2, 4, 5, 7, 8, 9, 11])
    }

    func testInScaleRateIsShareOfSoundingNoteSteps() {
        let m = RollBuilder(roles: [.melody], bars: 2)
        for (k, pitch) in [60, 62, 64, 65, 67, 65, 64, 62].enumerated() { m.note(0, pitch, 4 * k..<4 * k + 4) }
        let a = RollBuilder(roles: [.bass], bars: 2)
        a.note(0, 36, 0..<12).note(0, 42, 12..<16).note(0, 43, 16..<32)  // F# for 4 of 32 steps
        let metrics = ExampleMetrics(example(m, a))
        XCTAssertEqual(metrics.key, Key(tonic: 0, mode: .major))
        XCTAssertEqual(metrics.track("melody")?.inScale.value, 1)
        XCTAssertEqual(metrics.track("bass")?.inScale.value, 28.0 / 32)
        XCTAssertEqual(metrics.accompanimentInScale.value, 28.0 / 32)
    }

    /// Drum pitches are instruments, not notes: they neither vote for the key nor count as out of key.
    func testDrumsAreExcludedFromKeyAndInScale() {
        let m = RollBuilder(roles: [.melody], bars: 1)
        for (k, pitch) in [60, 64, 67, 72].enumerated() { m.note(0, pitch, 4 * k..<4 * k + 4) }
        let a = RollBuilder(roles: [.drums, .bass], bars: 1)
        a.note(1, 36, 0..<8).note(1, 43, 8..<16)
        for pitch in [37, 39, 42, 44, 46, 49] { a.note(0, pitch, 0..<16) }  // C#, D#, F#, G#, A#, C# held all bar
        let metrics = ExampleMetrics(example(m, a))
        XCTAssertEqual(metrics.key, Key(tonic: 0, mode: .major))
        XCTAssertNil(metrics.track("drums")?.inScale.value)
        XCTAssertEqual(metrics.track("bass")?.inScale.value, 1)
        XCTAssertEqual(metrics.accompanimentInScale.value, 1)

        // The test means something: counting the drums' pitches would move the key away from C major.
        var weights = [Double](repeating: 0, count: 12)
        for pc in [0, 4, 7, 0] { weights[pc] += 4 }
        weights[0] += 8; weights[7] += 8
        for pc in [1, 3, 6, 8, 10, 1] { weights[pc] += 16 }
        XCTAssertNotEqual(KeyFinder.estimate(pitchClassWeights: weights)?.key, Key(tonic: 0, mode: .major))
    }
}
