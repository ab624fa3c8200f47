/// Independent, reproducible random streams derived from one user seed (`--seed`): model initialisation, the
/// trainer's noise, the data order and the transpositions each get their own, so changing one use of randomness
/// never shifts another.
public enum TrainingSeeds {
    public enum Stream: UInt64, Sendable {
        case generatorInit = 1, criticInit, trainer, dataOrder, transposition, samples
    }

    /// The seed for `stream` under `seed`.
    public static func seed(_ seed: UInt64, _ stream: Stream) -> UInt64 { mix(seed ^ mix(stream.rawValue)) }

    /// SplitMix64's finaliser: a bijection that spreads every input bit over the output.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
