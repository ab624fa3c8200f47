import Generators

/// The networks this build can rebuild from a stored model's config: the one place the architectures' factory
/// is bound, shared by `ensemble generate`, the studio and the benchmarks.
///
/// Binding point for the merge of branch `archs`: the body of `make` becomes
/// `try ModelFactory.makeGenerator(config)`. Until the architectures are part of the build, every stored model is
/// refused with the one line `Unavailable` gives.
public enum StandardNetworks {
    public struct Unavailable: Error, CustomStringConvertible {
        public var architecture: Architecture
        public var description: String { "this build of ensemble has no \(architecture) network" }
    }

    public static func make(_ config: ModelConfig) throws -> any AccompanimentGenerator {
        throw Unavailable(architecture: config.architecture)
    }
}
