import MusicCore
import NeuralEngine

/// Builds generators and critics from a `ModelConfig`, after checking it (a config can come from a user's
/// manifest, so every problem is a one-line `ModelConfigError`, never a crash).
public enum ModelFactory {
    /// The sizes `architecture` reads from `ModelConfig.sizes`, with defaults and meanings.
    public static func sizeKeys(_ architecture: Architecture) -> [SizeKey] {
        switch architecture {
        case .unet, .unetDC: UNetSizes.keys(architecture)
        case .musegan: MuseGANSizes.keys
        }
    }

    /// The standard config for `roles`: the default window (64 steps × 84 pitches from MIDI 24, melody sustain,
    /// onset and meter in; sustain and onset per role out) and every size at its default. `unet-dc` takes the
    /// lab's window instead: 32 steps × 128 pitches from MIDI 0 and the melody roll as its only condition plane.
    public static func defaultConfig(_ architecture: Architecture, roles: [TrackRole]) -> ModelConfig {
        let window = architecture == .unetDC
            ? WindowSpec(steps: 32, lowestPitch: 0, pitchCount: 128, roles: roles, conditionPlanes: [.melodySustain])
            : WindowSpec(roles: roles)
        let sizes = Dictionary(uniqueKeysWithValues: sizeKeys(architecture).map { ($0.key, $0.defaultValue) })
        return ModelConfig(architecture: architecture, window: window, sizes: sizes)
    }

    /// Throws the first problem of `config`: a window no model can use, one this architecture cannot use, an
    /// unknown size key or a value out of range.
    public static func check(_ config: ModelConfig) throws(ModelConfigError) {
        if let problem = config.window.problem { throw ModelConfigError(problem) }
        let problem: String? = switch config.architecture {
        case .unet, .unetDC: UNetSizes.windowProblem(config.window, config.architecture)
        case .musegan: MuseGANSizes.windowProblem(config.window)
        }
        if let problem { throw ModelConfigError(problem) }
        try config.checkSizes(sizeKeys(config.architecture))
    }

    /// A fresh generator and critic for training, drawing their initial weights from `random`.
    public static func make(_ config: ModelConfig, random: RandomGenerator)
        throws(ModelConfigError) -> (generator: any AccompanimentGenerator, critic: any AccompanimentCritic)
    {
        let generator = try makeGenerator(config, random: random)
        let critic: any AccompanimentCritic = switch config.architecture {
        case .unet, .unetDC: UNetCritic(config, generator: random)
        case .musegan: MuseGANCritic(config, generator: random)
        }
        return (generator, critic)
    }

    /// A generator alone (inference: load weights into it; no critic is built).
    public static func makeGenerator(_ config: ModelConfig, random: RandomGenerator = RandomGenerator(seed: 0))
        throws(ModelConfigError) -> any AccompanimentGenerator
    {
        try check(config)
        return switch config.architecture {
        case .unet, .unetDC: UNetGenerator(config, generator: random)
        case .musegan: MuseGANGenerator(config, generator: random)
        }
    }
}
