import Foundation

/// A biquad section (RBJ audio-EQ cookbook), run over whole buffers: body resonances, pickups, cabinets.
struct Biquad {
    private var b0 = 1.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0

    static func lowpass(_ hz: Double, q: Double = 0.7071, rate: Double) -> Biquad {
        let (cw, alpha) = terms(hz, q, rate)
        return Biquad(normalizing: (1 - cw) / 2, 1 - cw, (1 - cw) / 2, 1 + alpha, -2 * cw, 1 - alpha)
    }

    static func highpass(_ hz: Double, q: Double = 0.7071, rate: Double) -> Biquad {
        let (cw, alpha) = terms(hz, q, rate)
        return Biquad(normalizing: (1 + cw) / 2, -(1 + cw), (1 + cw) / 2, 1 + alpha, -2 * cw, 1 - alpha)
    }

    /// Band-pass with 0 dB peak gain.
    static func bandpass(_ hz: Double, q: Double, rate: Double) -> Biquad {
        let (cw, alpha) = terms(hz, q, rate)
        return Biquad(normalizing: alpha, 0, -alpha, 1 + alpha, -2 * cw, 1 - alpha)
    }

    static func peak(_ hz: Double, q: Double, gainDB: Double, rate: Double) -> Biquad {
        let (cw, alpha) = terms(hz, q, rate)
        let a = pow(10, gainDB / 40)
        return Biquad(normalizing: 1 + alpha * a, -2 * cw, 1 - alpha * a, 1 + alpha / a, -2 * cw, 1 - alpha / a)
    }

    private static func terms(_ hz: Double, _ q: Double, _ rate: Double) -> (Double, Double) {
        let w = 2 * Double.pi * min(hz, rate * 0.49) / rate
        return (cos(w), sin(w) / (2 * q))
    }

    private init(normalizing b0: Double, _ b1: Double, _ b2: Double, _ a0: Double, _ a1: Double, _ a2: Double) {
        self.b0 = b0 / a0; self.b1 = b1 / a0; self.b2 = b2 / a0
        self.a1 = a1 / a0; self.a2 = a2 / a0
    }

    /// Filters `x` in place (transposed direct form II).
    func apply(_ x: inout [Double]) {
        var z1 = 0.0, z2 = 0.0
        x.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i < p.count {
                let input = p[i]
                let out = b0 * input + z1
                z1 = b1 * input - a1 * out + z2
                z2 = b2 * input - a2 * out
                p[i] = out
                i += 1
            }
        }
    }

    func applied(to x: [Double]) -> [Double] {
        var y = x
        apply(&y)
        return y
    }
}

enum Buffers {
    /// y += gain · x (x may be shorter).
    static func mix(_ x: [Double], into y: inout [Double], gain: Double = 1, at offset: Int = 0) {
        y.withUnsafeMutableBufferPointer { yp in
            x.withUnsafeBufferPointer { xp in
                var i = 0
                while i < xp.count && i + offset < yp.count {
                    yp[i + offset] += gain * xp[i]
                    i += 1
                }
            }
        }
    }

    static func peak(_ x: [Double]) -> Double { x.reduce(0) { max($0, abs($1)) } }

    static func rms(_ x: ArraySlice<Double>) -> Double {
        guard !x.isEmpty else { return 0 }
        return (x.reduce(0) { $0 + $1 * $1 } / Double(x.count)).squareRoot()
    }

    /// Fades the last `count` points to zero (one-shot tails).
    static func fadeOut(_ x: inout [Double], count: Int) {
        let n = min(count, x.count)
        for i in 0..<n {
            let w = Double(n - i) / Double(n)
            x[x.count - n + i] *= w * w
        }
    }
}
