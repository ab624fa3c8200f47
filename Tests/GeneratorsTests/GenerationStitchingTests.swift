import XCTest
import MusicCore
@testable import Generators

/// Window schedules, the join at a cut, note clean-up and steps back to ticks.
final class GenerationStitchingTests: XCTestCase {
    func piece(bars: Int, barSteps: Int) -> StepPiece {
        StepPiece(name: "p", stepCount: bars * barSteps, barStarts: (0..<bars).map { $0 * barSteps },
                  beatStarts: (0..<bars * barSteps / 4).map { $0 * 4 }, melody: [], parts: [])
    }

    func testScheduleStartsOnBarLinesOverlapsAndCutsOnBarLines() {
        let fourFour = WindowSchedule(piece: piece(bars: 8, barSteps: 16), range: 0..<128, windowSteps: 64)
        XCTAssertEqual(fourFour.starts, [0, 32, 64])
        XCTAssertEqual(fourFour.cuts, [48, 80])
        XCTAssertEqual(fourFour.windows.map(\.kept), [0..<48, 48..<80, 80..<128])

        let waltz = WindowSchedule(piece: piece(bars: 20, barSteps: 12), range: 0..<240, windowSteps: 64)
        XCTAssertTrue(waltz.starts.allSatisfy { $0 % 12 == 0 })
        XCTAssertTrue(waltz.cuts.allSatisfy { $0 % 12 == 0 })
        XCTAssertGreaterThanOrEqual(waltz.starts.last! + 64, 240)
        for (k, window) in waltz.windows.enumerated() {
            XCTAssertTrue(window.kept.lowerBound >= window.start && window.kept.upperBound <= window.start + 64, "window \(k)")
        }
        XCTAssertEqual(waltz.windows.first?.kept.lowerBound, 0)
        XCTAssertEqual(waltz.windows.last?.kept.upperBound, 240)

        let short = WindowSchedule(piece: piece(bars: 1, barSteps: 16), range: 0..<16, windowSteps: 64)
        XCTAssertEqual(short.windows, [.init(start: 0, kept: 0..<16)])

        // A range inside the piece starts a quarter window early for context.
        let inner = WindowSchedule(piece: piece(bars: 12, barSteps: 16), range: 64..<96, windowSteps: 64)
        XCTAssertEqual(inner.starts, [48])
        XCTAssertEqual(inner.windows.first?.kept, 64..<96)

        // Bars longer than half a window: the next start is the next bar line.
        let long = WindowSchedule(piece: piece(bars: 6, barSteps: 40), range: 0..<240, windowSteps: 64)
        XCTAssertTrue(long.starts.allSatisfy { $0 % 40 == 0 }, "\(long.starts)")
    }

    func testJoinMergesHeldNotesAndNeverDoubles() {
        let left = [StepNote(pitch: 60, start: 40, end: 56), StepNote(pitch: 64, start: 44, end: 52),
                    StepNote(pitch: 67, start: 40, end: 48), StepNote(pitch: 36, start: 47, end: 48)]
        let right = [StepNote(pitch: 60, start: 32, end: 60),  // held in both: one note 40..<60
                     StepNote(pitch: 64, start: 48, end: 50),  // struck at the cut: the left one ends there
                     StepNote(pitch: 67, start: 36, end: 50),  // left ended at the cut, right holds it: one note
                     StepNote(pitch: 72, start: 44, end: 52),  // only the right holds it: starts at the cut
                     StepNote(pitch: 36, start: 47, end: 48)]  // a hit before the cut belongs to the left
        XCTAssertEqual(NoteStitching.join(left, right, at: 48), [
            StepNote(pitch: 60, start: 40, end: 60), StepNote(pitch: 67, start: 40, end: 50),
            StepNote(pitch: 64, start: 44, end: 48), StepNote(pitch: 36, start: 47, end: 48),
            StepNote(pitch: 64, start: 48, end: 50), StepNote(pitch: 72, start: 48, end: 52)])
        XCTAssertEqual(NoteStitching.join([], right, at: 48).map(\.start).min(), 48)
        XCTAssertEqual(NoteStitching.join(left, [], at: 48).map(\.end).max(), 48)
    }

    func testCleanupDropsLoneFlickerAndBridgesPadDropoutsOnRequest() {
        let chords = [StepNote(pitch: 60, start: 0, end: 8), StepNote(pitch: 64, start: 0, end: 8),
                      StepNote(pitch: 62, start: 9, end: 10),                                          // lone flicker
                      StepNote(pitch: 60, start: 12, end: 13), StepNote(pitch: 64, start: 12, end: 13)]  // a stab
        let cleanup = NoteCleanup()
        XCTAssertEqual(cleanup.apply(chords, role: .chords).count, 4)
        let pad = [StepNote(pitch: 60, start: 0, end: 8), StepNote(pitch: 60, start: 9, end: 16),
                   StepNote(pitch: 60, start: 16, end: 24)]  // a dropout, then a re-strike
        XCTAssertEqual(cleanup.apply(pad, role: .pad), pad, "gaps are the data's articulation: kept by default")
        XCTAssertEqual(NoteCleanup(padGap: 1).apply(pad, role: .pad),
                       [StepNote(pitch: 60, start: 0, end: 16), StepNote(pitch: 60, start: 16, end: 24)])
        let bass = [StepNote(pitch: 36, start: 3, end: 4)]
        XCTAssertEqual(cleanup.apply(bass, role: .bass), bass)
        XCTAssertEqual(NoteCleanup.none.apply(chords, role: .chords), chords)
    }

    func testStepTicksHonoursTicksPerQuarter() {
        XCTAssertEqual(StepTicks(ticksPerQuarter: 480).tick(5), 600)
        XCTAssertEqual(StepTicks(ticksPerQuarter: 96).tick(16), 384)
        let odd = StepTicks(ticksPerQuarter: 25)
        for step in 0..<200 { XCTAssertEqual(odd.step(odd.tick(step)), step) }
        let notes = StepTicks(ticksPerQuarter: 480).notes([StepNote(pitch: 60, start: 4, end: 6)]) { _ in 99 }
        XCTAssertEqual(notes, [Note(pitch: 60, velocity: 99, start: 480, duration: 240)])
    }

    func testWindowSeedsDifferBySeedAndStart() {
        let seeds = Set((0..<50).flatMap { s in [0, 32, 64].map { GenerationSeed.window(UInt64(s), start: $0) } })
        XCTAssertEqual(seeds.count, 150)
        XCTAssertEqual(GenerationSeed.window(3, start: 32), GenerationSeed.window(3, start: 32))
    }
}
