import XCTest
import MusicCore
import NeuralEngine
@testable import Generators

final class DrumGrooveTests: XCTestCase {
    func hit(_ pitch: UInt8, _ start: Int) -> StepNote { StepNote(pitch: pitch, start: start, end: start + 1) }

    /// Bars of 16 steps, then a 12-step bar (a meter change or the song's last bar).
    let bars = [0 ..< 16, 16 ..< 32, 32 ..< 48, 48 ..< 60]

    func testASilentBarRepeatsTheNearestBarBeforeIt() {
        let groove = [hit(36, 0), hit(42, 4), hit(38, 8), hit(42, 14)]
        let filled = DrumGroove.fill(groove, bars: bars)
        XCTAssertEqual(filled, groove + groove.map { hit($0.pitch, $0.start + 16) } + groove.map { hit($0.pitch, $0.start + 32) }
                       + [hit(36, 48), hit(42, 52), hit(38, 56)], "the 12-step bar takes the hits that fit")
    }

    func testBarsBeforeTheFirstHitsTakeTheFirstBarWithHits() {
        let filled = DrumGroove.fill([hit(36, 32), hit(38, 40), hit(36, 48)], bars: bars)
        XCTAssertEqual(filled, [hit(36, 0), hit(38, 8), hit(36, 16), hit(38, 24), hit(36, 32), hit(38, 40), hit(36, 48)])
    }

    /// Filling bars 3–4 only (the range the studio writes): bar 3 takes bar 1's groove from before the range, bar
    /// 2 (silent, outside) stays silent.
    func testOnlyTheWrittenBarsAreFilledFromAnyBarBefore() {
        let filled = DrumGroove.fill([hit(36, 0), hit(38, 8), hit(42, 52)], bars: bars, in: 32 ..< 60)
        XCTAssertEqual(filled, [hit(36, 0), hit(38, 8), hit(36, 32), hit(38, 40), hit(42, 52)])
    }

    func testPlayedBarsAndSilenceEverywhereStayAsTheyAre() {
        let everyBar = [hit(36, 0), hit(36, 16), hit(36, 32), hit(36, 48)]
        XCTAssertEqual(DrumGroove.fill(everyBar, bars: bars), everyBar)
        XCTAssertEqual(DrumGroove.fill([], bars: bars), [])
        XCTAssertEqual(DrumGroove.fill([hit(36, 70)], bars: bars), [hit(36, 70)], "hits outside the bars are not a groove")
    }

    /// Only drums the data plays in every bar (read per bar) keep their groove; `NoteCleanup.none` keeps none.
    func testTheAccompanistFillsOnlyDrumsReadPerBar() throws {
        let melody = try Accompanist.melodyPiece(GenerationFixtures.melody(bars: 4), name: "m").piece
        let accompanist = Accompanist(generator: SilentBarsGenerator(), instruments: GenerationFixtures.instruments)
        func drumBars(barRelative: Bool, cleanup: NoteCleanup = NoteCleanup()) -> Set<Int> {
            accompanist.cleanup = cleanup
            accompanist.thresholds = NoteThresholds(roles: [NoteThresholds.Role(role: .drums, sustain: 0, onset: 0,
                                                                                barRelative: barRelative)], windows: 1)
            let drums = accompanist.accompany(melody, seed: 1).first { $0.role == .drums }!.notes
            return Set(drums.map { $0.start / 16 })
        }
        XCTAssertEqual(drumBars(barRelative: false), [0])
        XCTAssertEqual(drumBars(barRelative: true), [0, 1, 2, 3])
        XCTAssertEqual(drumBars(barRelative: true, cleanup: .none), [0])
    }
}

/// Drums: a kick on each window's first step, the rest of the output flat at −1 (a 4-bar song is one window: a kick
/// in its first bar only).
final class SilentBarsGenerator: Module, AccompanimentGenerator {
    let window = WindowSpec(roles: [.drums, .bass, .chords, .pad])
    var noiseShape: [Int] { [1] }

    func callAsFunction(_ condition: Tensor, _ noise: Tensor) -> Tensor {
        let n = condition.shape[0], spec = window, plane = spec.steps * spec.pitchCount
        var out = [Float](repeating: -1, count: n * spec.tracksCount)
        for s in 0..<n {
            for channel in [0, 1] { out[s * spec.tracksCount + channel * plane + 36 - spec.lowestPitch] = 1 }
        }
        return Tensor(shape: [n] + spec.tracksShape, data: out)
    }
}
