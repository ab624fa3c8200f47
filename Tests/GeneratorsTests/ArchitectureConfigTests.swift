import XCTest
import MusicCore
import NeuralEngine
@testable import Generators

/// Config checking (one-line errors a user can meet through a manifest) and weights round trips.
final class ArchitectureConfigTests: XCTestCase {
    private func error(_ config: ModelConfig) -> String? {
        do {
            _ = try ModelFactory.makeGenerator(config)
            return nil
        } catch {
            return error.message
        }
    }

    func testDefaultConfigsListEverySizeAndPassTheirOwnCheck() throws {
        for architecture in Architecture.allCases {
            let config = ModelFactory.defaultConfig(architecture, roles: [.drums, .bass])
            XCTAssertEqual(Set(config.sizes.keys), Set(ModelFactory.sizeKeys(architecture).map(\.key)))
            XCTAssertNoThrow(try ModelFactory.check(config))
            // Missing keys take their defaults.
            var sparse = config
            sparse.sizes = [:]
            XCTAssertNoThrow(try ModelFactory.check(sparse))
        }
        XCTAssertEqual(ModelFactory.defaultConfig(.unetDC, roles: [.bass]).window.pitchCount, 128)
        XCTAssertEqual(ModelFactory.defaultConfig(.unetDC, roles: [.bass]).sizes["noiseChannels"], 512)
    }

    func testBadConfigsAreRefusedWithOneLine() {
        var config = ModelFactory.defaultConfig(.musegan, roles: [.bass])
        config.sizes["widht"] = 3
        XCTAssertEqual(error(config), "unknown size 'widht' for musegan (known: latent, sharedWidth, privateWidth, encoderWidth, criticWidth)")

        config = ModelFactory.defaultConfig(.unet, roles: [.bass])
        config.sizes["width"] = 0
        XCTAssertEqual(error(config), "size 'width' of unet is 0, must be 1...512")
        config.sizes["width"] = 100_000
        XCTAssertEqual(error(config), "size 'width' of unet is 100000, must be 1...512")

        config = ModelFactory.defaultConfig(.musegan, roles: [.bass])
        config.window.steps = 56
        XCTAssertEqual(error(config), "musegan needs window steps in whole bars of 16, got 56")
        config.window.steps = 64
        config.window.pitchCount = 88
        XCTAssertEqual(error(config), "musegan needs a pitch count in whole octaves (24, 36, ... 84), got 88")

        config = ModelFactory.defaultConfig(.unetDC, roles: [.bass])
        config.window.pitchCount = 84
        config.window.lowestPitch = 24
        XCTAssertEqual(error(config), "unet-dc needs a pitch count divisible by 16 (the lab's 128), got 84")

        config = ModelFactory.defaultConfig(.unet, roles: [.bass])
        config.window.steps = 40
        XCTAssertEqual(error(config), "unet needs window steps divisible by 16, got 40")
        config.window.steps = 64
        config.window.roles = []
        XCTAssertEqual(error(config), "no accompaniment roles")

        for architecture in Architecture.allCases {
            var c = ModelFactory.defaultConfig(architecture, roles: [.bass])
            c.sizes["nonsense"] = -1
            XCTAssertFalse(error(c)?.contains("\n") ?? true)
        }
    }

    func testUNetPadsPitchesToSixteen() {
        let p = UNetPitchPadding(84)
        XCTAssertEqual([p.left, p.right, p.padded], [6, 6, 96])
        XCTAssertEqual(UNetPitchPadding(128).padded, 128)
        XCTAssertEqual([UNetPitchPadding(36).left, UNetPitchPadding(36).right], [6, 6])
    }

    func testStateDictRoundTripsThroughSafeTensors() throws {
        for architecture in Architecture.allCases {
            let config = ArchitectureFixtures.tiny(architecture, roleCount: 3)
            let (g, d) = try ModelFactory.make(config, random: RandomGenerator(seed: 1))
            // Train-mode calls move the batch-norm statistics away from their initial values.
            let c = ArchitectureFixtures.condition(config, batch: 2, seed: 2)
            _ = g(c, g.sampleNoise(batch: 2))
            for model in [g, d] as [Module] {
                let names = model.stateDict().map(\.0)
                XCTAssertEqual(Set(names).count, names.count, "\(architecture): duplicate state-dict names")
            }
            let bytes = g.stateDictFile().encoded()
            let copy = try ModelFactory.makeGenerator(config, random: RandomGenerator(seed: 99))
            try copy.loadStateDict(SafeTensorsFile(decoding: bytes))
            let z = g.sampleNoise(batch: 1, generator: RandomGenerator(seed: 3))
            let c1 = c.slice(axis: 0, 0..<1)
            XCTAssertEqual(g.generate(condition: c1, noise: z).toArray(), copy.generate(condition: c1, noise: z).toArray(),
                           "\(architecture)")
            let (_, d2) = try ModelFactory.make(config, random: RandomGenerator(seed: 42))
            try d2.loadStateDict(SafeTensorsFile(decoding: d.stateDictFile().encoded()))
            let t = ArchitectureFixtures.tracks(config, batch: 1, seed: 4)
            XCTAssertEqual(d(t, c1).item(), d2(t, c1).item(), "\(architecture) critic")
        }
    }

    /// Names are part of the weights format: the U-Nets keep the lab's PyTorch names.
    func testStateDictNamesAreStable() throws {
        let unet = try ModelFactory.make(ArchitectureFixtures.tiny(.unet), random: RandomGenerator(seed: 1))
        let gNames = Set(unet.generator.stateDict().map(\.0)), dNames = Set(unet.critic.stateDict().map(\.0))
        for name in ["d1.0.weight", "d2.2.running_mean", "u4.1.weight", "u6.2.num_batches_tracked", "out.1.bias"] {
            XCTAssertTrue(gNames.contains(name), name)
        }
        XCTAssertTrue(dNames.isSuperset(of: ["features.0.weight", "features.6.bias", "dense.weight"]))
        let musegan = try ModelFactory.make(ArchitectureFixtures.tiny(.musegan, roleCount: 2), random: RandomGenerator(seed: 1))
        let mNames = Set(musegan.generator.stateDict().map(\.0))
        for name in ["encoder.pitch_time.0.conv.weight", "encoder.shared.2.norm.running_var", "temporal.conv.weight",
                     "bar.1.norm.weight", "tracks.1.time_pitch.1.conv.weight", "tracks.0.merge.bias"] {
            XCTAssertTrue(mNames.contains(name), name)
        }
        let cNames = Set(musegan.critic.stateDict().map(\.0))
        for name in ["tracks.1.pitch_time.0.conv.weight", "shared.1.conv.bias", "chroma.0.conv.weight",
                     "onset.1.conv.weight", "merged.conv.weight", "dense.weight"] {
            XCTAssertTrue(cNames.contains(name), name)
        }
    }
}
