import MusicCore
import NeuralEngine
@testable import Generators

/// Small configs of every architecture, quick in debug builds, and helpers shared by the architecture tests.
enum ArchitectureFixtures {
    static let allRoles: [TrackRole] = [.drums, .bass, .chords, .pad]

    /// A tiny config of `architecture` for `roleCount` roles: 2 bars × 24 pitches (36 for `octaves: 3`).
    static func tiny(_ architecture: Architecture, roleCount: Int = 2, octaves: Int = 2) -> ModelConfig {
        let roles = Array(allRoles.prefix(roleCount))
        switch architecture {
        case .musegan:
            return ModelConfig(architecture: .musegan,
                               window: WindowSpec(steps: 32, lowestPitch: 24, pitchCount: 12 * octaves, roles: roles),
                               sizes: ["latent": 4, "sharedWidth": 8, "privateWidth": 4, "encoderWidth": 2, "criticWidth": 2])
        case .unet:
            return ModelConfig(architecture: .unet, window: WindowSpec(steps: 32, lowestPitch: 24, pitchCount: 12 * octaves, roles: roles),
                               sizes: ["width": 4, "noiseChannels": 4, "criticWidth": 4])
        case .unetDC:
            return ModelConfig(architecture: .unetDC,
                               window: WindowSpec(steps: 32, lowestPitch: 48, pitchCount: 32, roles: roles,
                                                  conditionPlanes: [.melodySustain]),
                               sizes: ["width": 4, "noiseChannels": 4, "criticWidth": 4])
        }
    }

    /// Bipolar planes with about `density` of the cells on.
    static func roll(_ shape: [Int], density: Float = 0.1, seed: UInt64) -> Tensor {
        Tensor.rand(shape, generator: RandomGenerator(seed: seed)).less(density) * 2 - 1
    }

    static func condition(_ config: ModelConfig, batch: Int, seed: UInt64) -> Tensor {
        roll([batch] + config.window.conditionShape, seed: seed)
    }

    static func tracks(_ config: ModelConfig, batch: Int, seed: UInt64) -> Tensor {
        roll([batch] + config.window.tracksShape, seed: seed)
    }

    static func parameterCount(_ m: Module) -> Int { m.parameters().reduce(0) { $0 + $1.count } }
}
