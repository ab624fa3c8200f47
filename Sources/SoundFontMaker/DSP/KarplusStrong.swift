import Foundation

/// Karplus–Strong plucked string with a whole-number delay line.
///
/// The loop filter is the symmetric three-tap average [a, 1−2a, a], whose delay is exactly one point, so a delay
/// line of `period − 1` plus the filter gives a round trip of exactly `period` points: every harmonic lands on a
/// multiple of rate / period and the pitch is exact (see `PitchPlan.integerPeriod`). `a` sets how fast the upper
/// harmonics die (0 rings like steel, 0.25 damps like nylon under a thumb); the loop gain sets the sustain.
struct KarplusStrong {
    let period: Int
    let damping: Double
    let loopGain: Double

    /// `sustain`: seconds for the fundamental to fall 60 dB.
    init(period: Int, rate: Double, damping: Double, sustain: Double) {
        self.period = period
        self.damping = damping.clamped(to: 0...0.25)
        let f = rate / Double(period)
        let perTrip = pow(10, -3 / (f * sustain))  // gain per period for a 60 dB fall in `sustain` s
        let filterAtFundamental = (1 - 2 * self.damping) + 2 * self.damping * cos(2 * Double.pi / Double(period))
        loopGain = min(0.99999, perTrip / filterAtFundamental)
    }

    /// Runs the string for `length` points, fed by `excitation` (usually one period long).
    func render(excitation: [Double], length: Int) -> [Double] {
        var y = [Double](repeating: 0, count: length)
        let a = damping * loopGain, b = (1 - 2 * damping) * loopGain
        let p = period
        y.withUnsafeMutableBufferPointer { out in
            excitation.withUnsafeBufferPointer { e in
                var n = 0
                while n < length {
                    var v = n < e.count ? e[n] : 0
                    if n >= p + 1 {
                        v += a * out[n - p + 1] + b * out[n - p] + a * out[n - p - 1]
                    } else if n >= p {
                        v += a * out[n - p + 1] + b * out[n - p]
                    } else if n >= p - 1 {
                        v += a * out[n - p + 1]
                    }
                    out[n] = v
                    n += 1
                }
            }
        }
        return y
    }

    /// An initial pluck one period long: a triangle displacement peaking at `position` (0…1 along the string)
    /// blended with noise, smoothed by a one-pole low-pass whose coefficient is `softness` (0 = pick, 0.9 = thumb).
    static func pluck(period: Int, position: Double, noise: Double, softness: Double,
                      random: inout SeededRandom) -> [Double] {
        let peak = max(1.0, (position * Double(period)).rounded())
        var shape = (0..<period).map { i -> Double in
            let x = Double(i)
            let tri = x < peak ? x / peak : (Double(period) - x) / (Double(period) - peak)
            return tri * (1 - noise) + noise * random.bipolar()
        }
        let mean = shape.reduce(0, +) / Double(period)
        var state = 0.0
        for i in shape.indices {
            state = softness * state + (1 - softness) * (shape[i] - mean)
            shape[i] = state
        }
        return shape
    }
}
