import Foundation
import XCTest
@testable import SoundFontMaker

/// The DSP under the instruments: exact pitch plans, seamless spectral loops, Karplus–Strong periods.
final class SynthesisTests: XCTestCase {
    func testPitchPlansAreWithinATenthOfACent() {
        for key in 12...120 {
            for length in [4096, 8192, 16384] {
                let plan = PitchPlan.loop(rootKey: key, loopLength: length, nominalRate: 22050)
                XCTAssertLessThan(abs(plan.errorCents), 0.1, "key \(key) loop \(length)")
                XCTAssertTrue((11025...44100).contains(plan.sampleRate), "key \(key): rate \(plan.sampleRate)")
            }
            let pluck = PitchPlan.integerPeriod(rootKey: key, nominalRate: 22050, minLoop: 256)
            XCTAssertLessThan(abs(pluck.errorCents), 0.1, "key \(key) integer period")
            XCTAssertEqual(pluck.loopLength % pluck.cycles, 0, "whole periods")
            XCTAssertGreaterThanOrEqual(pluck.loopLength, 256)
        }
    }

    func testSpectralLoopIsPeriodicAndPutsPartialsWhereAsked() {
        let plan = PitchPlan.loop(rootKey: 57, loopLength: 4096, nominalRate: 22050)
        var loop = SpectralLoop(plan: plan)
        loop.addPartial(hertz: plan.frequency, amplitude: 0.5, phase: 0.3)
        loop.addPartial(hertz: 3 * plan.frequency, amplitude: 0.25, phase: 1)
        let x = loop.render()
        XCTAssertEqual(x.count, 4096)
        // The rendered points are exactly the two cosines, so the loop joins its start with no step.
        let w = 2 * Double.pi * Double(plan.cycles) / 4096
        for n in stride(from: 0, to: 4096, by: 97) {
            let expected = 0.5 * cos(w * Double(n) + 0.3) + 0.25 * cos(3 * w * Double(n) + 1)
            XCTAssertEqual(x[n], expected, accuracy: 1e-9)
        }
        XCTAssertEqual(amplitude(x, bin: plan.cycles), 0.5, accuracy: 1e-9)
        XCTAssertEqual(amplitude(x, bin: 3 * plan.cycles), 0.25, accuracy: 1e-9)
        XCTAssertEqual(amplitude(x, bin: 2 * plan.cycles), 0, accuracy: 1e-9)
    }

    func testDetunedEnsembleStaysCentredOnItsPitch() {
        let plan = PitchPlan.loop(rootKey: 60, loopLength: 16384, nominalRate: 22050)
        var loop = SpectralLoop(plan: plan)
        var random = SeededRandom(seed: 1)
        loop.addEnsemble(detunes: [0, -12, 12, -5, 5], random: &random) { n, _ in 1 / Double(n) }
        let x = loop.render()
        // The fundamental is one coherent bin; upper harmonics spread symmetrically around theirs.
        let f = plan.cycles
        XCTAssertGreaterThan(amplitude(x, bin: f), 2)
        XCTAssertEqual(amplitude(x, bin: f - 1), 0, accuracy: 1e-9)
        XCTAssertEqual(amplitude(x, bin: f + 1), 0, accuracy: 1e-9)
        let h = 20 * f
        let offset = Int(Double(h) * 12 * M_LN2 / 1200)
        XCTAssertGreaterThan(offset, 0)
        XCTAssertEqual(amplitude(x, bin: h - offset), amplitude(x, bin: h + offset), accuracy: 1e-9)
    }

    func testKarplusStrongRepeatsWithItsPeriodAndDecays() {
        var random = SeededRandom(seed: 3)
        let period = 100
        let string = KarplusStrong(period: period, rate: 22050, damping: 0.1, sustain: 2)
        let pluck = KarplusStrong.pluck(period: period, position: 0.2, noise: 0.3, softness: 0.3, random: &random)
        let y = string.render(excitation: pluck, length: 22050)
        // After the highs settle, one period later the wave repeats almost exactly.
        let a = Array(y[10000..<10100]), b = Array(y[10100..<10200])
        let diff = zip(a, b).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(diff, 0.02 * Buffers.peak(a))
        // And the fundamental falls by roughly 60 dB over the sustain time (here: 30 dB in one second).
        let early = Buffers.rms(y[2000..<4000]), late = Buffers.rms(y[20000..<22000])
        let fall = 20 * log10(early / late)
        XCTAssertEqual(fall, 26, accuracy: 8)
    }

    func testDecayingPartialsHoldStillInTheLoop() {
        let plan = PitchPlan.loop(rootKey: 69, loopLength: 4096, nominalRate: 22050)
        let partial = DecayingPartial(hertz: plan.frequency, amplitude: 1, fastDecay: 0.05, slowDecay: 0.3,
                                      fastShare: 0.5)
        let x = DecayingPartials.render([partial], plan: plan, attackLength: 8000)
        XCTAssertEqual(x.count, 8000 + 4096)
        // The loop is one steady cosine: its single bin accounts for all of its energy.
        let loop = Array(x[8000...])
        let a = amplitude(loop, bin: plan.cycles)
        XCTAssertEqual(a * a / 2, Buffers.rms(loop[...]) * Buffers.rms(loop[...]), accuracy: 1e-9)
        XCTAssertLessThan(a, Buffers.peak(Array(x[16..<400])) / 2, "it decayed before the loop")
    }

    func testCrossfadeLoopJoinsSmoothly() {
        // A sine whose period does not divide the loop: without the crossfade the jump would be a step.
        var x = (0..<2000).map { sin(Double($0) * 0.0731) }
        let loop = 1000..<1600
        Loops.crossfade(&x, loop: loop, fade: 200)
        let jump = abs(x[loop.upperBound - 1] - x[loop.lowerBound - 1])
        XCTAssertLessThan(jump, 0.01)
    }

    func testRandomIsDeterministicAndNamed() {
        var a = SeededRandom("piano 60"), b = SeededRandom("piano 60"), c = SeededRandom("piano 61")
        let sa = (0..<5).map { _ in a.next() }
        XCTAssertEqual(sa, (0..<5).map { _ in b.next() })
        XCTAssertNotEqual(sa, (0..<5).map { _ in c.next() })
        for _ in 0..<1000 { XCTAssertTrue((0..<1).contains(a.unit())) }
    }

    /// Amplitude of the cosine at `bin` of a loop (a single DFT bin, scaled to the cosine's amplitude).
    func amplitude(_ x: [Double], bin k: Int) -> Double {
        var re = 0.0, im = 0.0
        let w = 2 * Double.pi * Double(k) / Double(x.count)
        for (n, v) in x.enumerated() {
            re += v * cos(w * Double(n))
            im -= v * sin(w * Double(n))
        }
        return 2 * (re * re + im * im).squareRoot() / Double(x.count)
    }
}
