/// Seeds of a generation. A take is decided by one seed; every window draws its noise from a stream derived
/// from that seed and the window's start step, so the same seed gives the same notes, a window regenerated on
/// its own (a bar range, the studio playing ahead) gets the noise it had in the full take, and batching windows
/// differently does not change what any of them hears.
public enum GenerationSeed {
    /// A fresh seed for a new take: small enough to read out and type back (`--seed`).
    public static func random() -> UInt64 { UInt64.random(in: 0..<1_000_000) }

    /// The noise stream seed of the window starting at `step` (SplitMix64 finaliser over both, so nearby seeds and
    /// steps give unrelated streams).
    public static func window(_ seed: UInt64, start step: Int) -> UInt64 {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (UInt64(truncatingIfNeeded: step) &+ 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
