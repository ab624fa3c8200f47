/// A seeded SplitMix64 generator: every "random" phase and noise burst is the same on every run and platform,
/// which keeps the SoundFont bytes deterministic.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// Seeds from a name, so each sample has its own stream independent of generation order.
    init(_ name: String) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        self.init(seed: h)
    }

    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [-1, 1).
    mutating func bipolar() -> Double { 2 * unit() - 1 }

    /// A phase in [0, 2π).
    mutating func phase() -> Double { 2 * Double.pi * unit() }

    /// Approximately normal (sum of four uniforms), cheap and bounded.
    mutating func gaussian() -> Double { (unit() + unit() + unit() + unit() - 2) * 1.7320508 }
}
