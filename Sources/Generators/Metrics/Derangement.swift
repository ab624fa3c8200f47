import NeuralEngine

/// Seeded permutations with no fixed point, for the shuffled reference.
enum Derangement {
    /// A random cyclic permutation of 0..<count (Sattolo's algorithm), so `p[i] != i` for every i when count > 1.
    /// Draws from the engine's Philox generator: the same seed gives the same permutation on every machine.
    static func cyclic(count: Int, using random: RandomGenerator) -> [Int] {
        var p = Array(0..<count)
        guard count > 1 else { return p }
        let draws = random.uniform(count: count)
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = min(Int(draws[i] * Float(i)), i - 1)
            p.swapAt(i, j)
        }
        return p
    }
}
