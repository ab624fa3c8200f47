import XCTest
import MusicCore
import NeuralEngine
@testable import Generators

/// Output shapes and ranges of every architecture for 1 to 4 roles, and the default models' sizes.
final class ArchitectureShapeTests: XCTestCase {
    func testTinyModelsMapConditionAndNoiseToTracksInTanhRange() throws {
        for architecture in Architecture.allCases {
            for k in 1...4 {
                let config = ArchitectureFixtures.tiny(architecture, roleCount: k)
                let (g, d) = try ModelFactory.make(config, random: RandomGenerator(seed: 1))
                let c = ArchitectureFixtures.condition(config, batch: 3, seed: 2)
                let z = g.sampleNoise(batch: 3, generator: RandomGenerator(seed: 3))
                let y = g(c, z)
                XCTAssertEqual(y.shape, [3, 2 * k, config.window.steps, config.window.pitchCount], "\(architecture) K=\(k)")
                let values = y.toArray()
                XCTAssertTrue(values.allSatisfy { $0 > -1 && $0 < 1 && $0.isFinite }, "\(architecture) K=\(k): outside (−1, 1)")
                XCTAssertGreaterThan(Set(values).count, values.count / 2, "\(architecture) K=\(k): output nearly constant")
                XCTAssertEqual(d(y, c).shape, [3, 1], "\(architecture) K=\(k) critic")
                XCTAssertEqual(g.generate(condition: c.slice(axis: 0, 0..<1), noise: z.slice(axis: 0, 0..<1)).shape,
                               [1, 2 * k, config.window.steps, config.window.pitchCount])
            }
        }
    }

    func testMuseGANHandlesOddAndEvenOctaveCounts() throws {
        for octaves in [2, 3, 7] {
            let config = ArchitectureFixtures.tiny(.musegan, roleCount: 1, octaves: octaves)
            let (g, d) = try ModelFactory.make(config, random: RandomGenerator(seed: 1))
            let c = ArchitectureFixtures.condition(config, batch: 2, seed: 2)
            let y = g(c, g.sampleNoise(batch: 2))
            XCTAssertEqual(y.shape, [2, 2, 32, 12 * octaves])
            XCTAssertEqual(d(y, c).shape, [2, 1])
        }
    }

    /// Parameter counts of the default models: a change here changes the weights files (and speed).
    func testDefaultModelSizesAreStable() throws {
        let expected: [Architecture: (generator: Int, critic: Int)] = [
            .unet: (1_682_952, 700_385), .musegan: (1_158_880, 218_617), .unetDC: (8_279_048, 2_770_881),
        ]
        for architecture in Architecture.allCases {
            let config = ModelFactory.defaultConfig(architecture, roles: ArchitectureFixtures.allRoles)
            let (g, d) = try ModelFactory.make(config, random: RandomGenerator(seed: 0))
            let counts = (ArchitectureFixtures.parameterCount(g), ArchitectureFixtures.parameterCount(d))
            print("\(architecture): generator \(counts.0) parameters, critic \(counts.1)")
            XCTAssertEqual(counts.0, expected[architecture]?.generator, "\(architecture) generator")
            XCTAssertEqual(counts.1, expected[architecture]?.critic, "\(architecture) critic")
            XCTAssertEqual(g.window, config.window)
        }
    }

    func testDefaultWindowsAndNoiseShapes() throws {
        let unet = try ModelFactory.makeGenerator(ModelFactory.defaultConfig(.unet, roles: ArchitectureFixtures.allRoles))
        XCTAssertEqual(unet.window.conditionShape, [3, 64, 84])
        XCTAssertEqual(unet.window.tracksShape, [8, 64, 84])
        XCTAssertEqual(unet.noiseShape, [64, 4, 6])     // pitches padded 84 → 96
        let dc = try ModelFactory.makeGenerator(ModelFactory.defaultConfig(.unetDC, roles: ArchitectureFixtures.allRoles))
        XCTAssertEqual(dc.window.conditionShape, [1, 32, 128])
        XCTAssertEqual(dc.window.tracksShape, [8, 32, 128])
        XCTAssertEqual(dc.noiseShape, [512, 2, 8])      // the lab's
        let musegan = try ModelFactory.makeGenerator(ModelFactory.defaultConfig(.musegan, roles: [.bass]))
        XCTAssertEqual(musegan.noiseShape, [64])
        XCTAssertEqual(musegan.window.tracksShape, [2, 64, 84])
    }

    func testFullSizeDefaultsProduceTheirWindow() throws {
        for architecture in [Architecture.unet, .musegan] {
            let config = ModelFactory.defaultConfig(architecture, roles: [.bass, .chords])
            let g = try ModelFactory.makeGenerator(config)
            let y = g.generate(condition: ArchitectureFixtures.condition(config, batch: 1, seed: 5), noise: g.sampleNoise(batch: 1))
            XCTAssertEqual(y.shape, [1, 4, 64, 84], "\(architecture)")
        }
    }
}
