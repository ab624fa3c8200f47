import XCTest
import NeuralEngine
@testable import Generators

/// The melody and the noise both matter; the critic's musical features are computed correctly.
final class ArchitectureConditioningTests: XCTestCase {
    private func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
        zip(a.toArray(), b.toArray()).map { Swift.abs($0 - $1) }.max() ?? 0
    }

    func testChangingTheMelodyOrTheNoiseChangesTheOutput() throws {
        for architecture in Architecture.allCases {
            let config = ArchitectureFixtures.tiny(architecture, roleCount: 2)
            let g = try ModelFactory.makeGenerator(config, random: RandomGenerator(seed: 3))
            let c1 = ArchitectureFixtures.condition(config, batch: 1, seed: 1)
            let c2 = ArchitectureFixtures.condition(config, batch: 1, seed: 2)
            let z1 = g.sampleNoise(batch: 1, generator: RandomGenerator(seed: 4))
            let z2 = g.sampleNoise(batch: 1, generator: RandomGenerator(seed: 5))
            let base = g.generate(condition: c1, noise: z1)
            XCTAssertEqual(maxDifference(base, g.generate(condition: c1, noise: z1)), 0, "\(architecture): not deterministic")
            XCTAssertGreaterThan(maxDifference(base, g.generate(condition: c2, noise: z1)), 1e-4, "\(architecture) ignores the melody")
            XCTAssertGreaterThan(maxDifference(base, g.generate(condition: c1, noise: z2)), 1e-4, "\(architecture) ignores the noise")
        }
    }

    func testCriticScoresDependOnTheCondition() throws {
        for architecture in Architecture.allCases {
            let config = ArchitectureFixtures.tiny(architecture, roleCount: 2)
            let (_, d) = try ModelFactory.make(config, random: RandomGenerator(seed: 3))
            let tracks = ArchitectureFixtures.tracks(config, batch: 1, seed: 1)
            let a = d(tracks, ArchitectureFixtures.condition(config, batch: 1, seed: 2))
            let b = d(tracks, ArchitectureFixtures.condition(config, batch: 1, seed: 3))
            XCTAssertNotEqual(a.item(), b.item(), "\(architecture) critic ignores the melody")
        }
    }

    /// Chroma folds octaves (p and p + 12 share a bin, p + 7 does not) and sums each beat's steps — unlike the
    /// anchors' reshape(12, 7), which groups seven adjacent semitones.
    func testMuseGANChromaFoldsOctavesPerBeat() {
        let view = BarView(WindowSpec(steps: 32, pitchCount: 36, roles: [.bass]))
        var values = [Float](repeating: 0, count: 32 * 36)
        values[0 * 36 + 2] = 1          // step 0, pitch 2
        values[1 * 36 + 14] = 1         // step 1, pitch 14 (an octave up): same beat, same class
        values[2 * 36 + 9] = 1          // step 2, pitch 9 (a fifth up)
        values[20 * 36 + 26] = 1        // step 20 = bar 1, beat 1; pitch 26 (class 2)
        let chroma = MuseGANCritic.chroma(Tensor(shape: [1, 1, 32, 36], data: values), view)
        XCTAssertEqual(chroma.shape, [1, 1, 2, 4, 12])
        let c = chroma.toArray()
        func at(_ bar: Int, _ beat: Int, _ pitchClass: Int) -> Float { c[(bar * 4 + beat) * 12 + pitchClass] }
        XCTAssertEqual(at(0, 0, 2), 2)
        XCTAssertEqual(at(0, 0, 9), 1)
        XCTAssertEqual(at(1, 1, 2), 1)
        XCTAssertEqual(c.reduce(0, +), 4)
    }

    func testMuseGANChangesMarkOnsetsAndOffsetsPerStep() {
        // One plane, 4 steps × 12 pitches: two pitches start at step 1, one stops at step 3.
        var values = [Float](repeating: 0, count: 4 * 12)
        for step in 1..<4 { values[step * 12] = 1 }
        for step in 1..<3 { values[step * 12 + 5] = 1 }
        let changes = MuseGANCritic.changes(Tensor(shape: [1, 1, 4, 12], data: values)).toArray()
        XCTAssertEqual(changes, [0, 2, 0, -1])
    }
}
