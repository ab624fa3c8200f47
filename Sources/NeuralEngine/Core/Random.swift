import Foundation
import Synchronization

/// A seeded random number generator that gives the same numbers on every platform and thread count:
/// Philox4x32-10 (Salmon et al. 2011), a counter-based generator. Value i of a draw depends only on
/// (seed, position), so large fills are split over threads without changing the result.
///
/// Like `torch.Generator`, it is a shared reference; `RandomGenerator.current` is the default for layer
/// initialisation, dropout and the tensor factories (reseed it with `RandomGenerator.seedGlobal`).
public final class RandomGenerator: Sendable {
    private let key: (UInt32, UInt32)
    /// Next unused 128-bit block.
    private let position: Mutex<UInt64>

    public init(seed: UInt64) {
        key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        position = Mutex(0)
    }

    /// A generator continuing from a saved `state`: the same numbers follow as from the one it was saved from
    /// (checkpoints resume training with the same random stream).
    public init(state: State) {
        key = (UInt32(truncatingIfNeeded: state.seed), UInt32(truncatingIfNeeded: state.seed >> 32))
        position = Mutex(state.position)
    }

    /// Everything that decides the next numbers: the seed and the next unused block.
    public struct State: Hashable, Sendable, Codable {
        public var seed: UInt64
        public var position: UInt64
        public init(seed: UInt64, position: UInt64) {
            self.seed = seed
            self.position = position
        }
    }

    /// The current state, to save in a checkpoint.
    public var state: State {
        State(seed: UInt64(key.0) | UInt64(key.1) << 32, position: position.withLock { $0 })
    }

    /// A fresh generator for `seed`, installed as the one `RandomGenerator.current` returns.
    public static func seedGlobal(_ seed: UInt64) {
        currentGenerator.withLock { $0 = RandomGenerator(seed: seed) }
    }

    /// Installs `generator` as the one `RandomGenerator.current` returns (a resumed run restores the global
    /// stream it saved).
    public static func installGlobal(_ generator: RandomGenerator) {
        currentGenerator.withLock { $0 = generator }
    }

    private static let currentGenerator = Mutex(RandomGenerator(seed: 0))
    /// The default generator (seed 0 until `seedGlobal` is called).
    public static var current: RandomGenerator { currentGenerator.withLock { $0 } }

    /// Reserves `blocks` consecutive 4-value blocks and returns the first block index.
    private func reserve(_ blocks: Int) -> UInt64 {
        position.withLock { p in
            let start = p
            p &+= UInt64(blocks)
            return start
        }
    }

    /// Four random 32-bit words for block `counter` (the low two counter words; the high two are 0).
    @inline(__always)
    static func philox(_ counter: UInt64, _ key: (UInt32, UInt32)) -> (UInt32, UInt32, UInt32, UInt32) {
        philox(counter: (UInt32(truncatingIfNeeded: counter), UInt32(truncatingIfNeeded: counter >> 32), 0, 0), key: key)
    }

    /// The Philox4x32-10 bijection of a 128-bit counter under a 64-bit key.
    static func philox(counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32)) -> (UInt32, UInt32, UInt32, UInt32) {
        var (c0, c1, c2, c3) = counter
        var k0 = key.0, k1 = key.1
        for _ in 0..<10 {
            let p0 = UInt64(0xD251_1F53) &* UInt64(c0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(c2)
            let hi0 = UInt32(p0 >> 32), lo0 = UInt32(truncatingIfNeeded: p0)
            let hi1 = UInt32(p1 >> 32), lo1 = UInt32(truncatingIfNeeded: p1)
            (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
            k0 &+= 0x9E37_79B9
            k1 &+= 0xBB67_AE85
        }
        return (c0, c1, c2, c3)
    }

    /// Fills `count` values, 4 per block, computing each block with `make`.
    private func fill(_ count: Int, _ make: @escaping @Sendable ((UInt32, UInt32, UInt32, UInt32)) -> (Float, Float, Float, Float)) -> [Float] {
        let blocks = (count + 3) / 4
        let start = reserve(blocks)
        let key = self.key
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = buffer.baseAddress!
            Engine.parallelFor(blocks, grain: 1 << 12) { range in
                for b in range {
                    let v = make(RandomGenerator.philox(start &+ UInt64(b), key))
                    let i = b * 4
                    base[i] = v.0
                    if i + 1 < count { base[i + 1] = v.1 }
                    if i + 2 < count { base[i + 2] = v.2 }
                    if i + 3 < count { base[i + 3] = v.3 }
                }
            }
            initialized = count
        }
    }

    /// Uniform in [0, 1) from the top 24 bits.
    @inline(__always)
    static func unit(_ u: UInt32) -> Float { Float(u >> 8) * 0x1p-24 }
    /// Uniform in (0, 1), never 0 (for logarithms).
    @inline(__always)
    static func openUnit(_ u: UInt32) -> Double { (Double(u >> 8) + 0.5) * 0x1p-24 }

    /// Uniform values in [low, high).
    public func uniform(count: Int, low: Float = 0, high: Float = 1) -> [Float] {
        let span = high - low
        return fill(count) { w in
            (low + span * RandomGenerator.unit(w.0), low + span * RandomGenerator.unit(w.1),
             low + span * RandomGenerator.unit(w.2), low + span * RandomGenerator.unit(w.3))
        }
    }

    /// Normal values (Box–Muller on each pair of words).
    public func normal(count: Int, mean: Float = 0, std: Float = 1) -> [Float] {
        fill(count) { w in
            let (a, b) = RandomGenerator.boxMuller(w.0, w.1), (c, d) = RandomGenerator.boxMuller(w.2, w.3)
            return (mean + std * a, mean + std * b, mean + std * c, mean + std * d)
        }
    }

    /// Normal values restricted to mean ± `limit`·std (TensorFlow's truncated_normal uses limit 2), drawn by
    /// inverting the normal CDF on the truncated range — no rejection, so positions stay deterministic.
    public func truncatedNormal(count: Int, mean: Float = 0, std: Float = 1, limit: Double = 2) -> [Float] {
        let lo = NormalDistribution.cdf(-limit), hi = NormalDistribution.cdf(limit)
        return fill(count) { w in
            func v(_ u: UInt32) -> Float {
                let p = lo + (hi - lo) * RandomGenerator.openUnit(u)
                return mean + std * Float(NormalDistribution.quantile(p))
            }
            return (v(w.0), v(w.1), v(w.2), v(w.3))
        }
    }

    @inline(__always)
    static func boxMuller(_ u: UInt32, _ v: UInt32) -> (Float, Float) {
        let r = (-2 * Foundation.log(openUnit(u))).squareRoot()
        let theta = 2 * Double.pi * Double(unit(v))
        return (Float(r * cos(theta)), Float(r * sin(theta)))
    }
}

/// The standard normal distribution's CDF and its inverse.
enum NormalDistribution {
    static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Acklam's rational approximation refined by one Halley step (accurate to ~1e-15).
    static func quantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * Foundation.log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * Foundation.log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = cdf(x) - p
        let u = e * (2 * Double.pi).squareRoot() * Foundation.exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}

extension Tensor {
    /// Standard normal values (scaled by `std`, shifted by `mean`).
    public static func randn(_ shape: [Int], mean: Float = 0, std: Float = 1,
                             generator: RandomGenerator = .current) -> Tensor {
        Tensor(shape: shape, data: generator.normal(count: Shapes.count(shape), mean: mean, std: std))
    }

    /// Uniform values in [low, high).
    public static func rand(_ shape: [Int], low: Float = 0, high: Float = 1,
                            generator: RandomGenerator = .current) -> Tensor {
        Tensor(shape: shape, data: generator.uniform(count: Shapes.count(shape), low: low, high: high))
    }

    /// Normal values truncated to mean ± 2·std (TensorFlow's truncated_normal, used for the U-Net's noise).
    public static func truncatedNormal(_ shape: [Int], mean: Float = 0, std: Float = 1,
                                       generator: RandomGenerator = .current) -> Tensor {
        Tensor(shape: shape, data: generator.truncatedNormal(count: Shapes.count(shape), mean: mean, std: std))
    }
}
