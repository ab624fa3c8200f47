import Generators
import ModelLibrary

/// The networks `generate` can rebuild from a stored model's config: the architectures' factory.
///
/// Binding point for the lead at merge time: the body becomes `try ModelFactory.makeGenerator(config)` (branch `archs`). Until the
/// architectures are part of the build, every stored model is refused with this one line.
enum GeneratorNetworks {
    struct Unavailable: Error, CustomStringConvertible {
        var architecture: Architecture
        var description: String { "this build of ensemble has no \(architecture) network" }
    }

    static func make(_ config: ModelConfig) throws -> any AccompanimentGenerator {
        throw Unavailable(architecture: config.architecture)
    }
}
