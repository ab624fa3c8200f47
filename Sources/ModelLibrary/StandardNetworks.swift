import Generators

/// The networks this build can rebuild from a stored model's config: the one place the architectures' factory
/// is bound, shared by `ensemble generate`, the studio and the benchmarks.
public enum StandardNetworks {
    /// The untrained generator `config` describes (its weights are loaded next), or `ModelConfigError`.
    public static func make(_ config: ModelConfig) throws -> any AccompanimentGenerator {
        try ModelFactory.makeGenerator(config)
    }
}
