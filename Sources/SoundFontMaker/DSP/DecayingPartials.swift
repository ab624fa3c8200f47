import Foundation

/// One partial of a struck or plucked tone: a sinusoid whose amplitude falls along two exponentials (the quick
/// "prompt" sound and the slow "aftersound" of pianos, bars and tines).
struct DecayingPartial {
    var hertz: Double
    var amplitude: Double
    var phase: Double = 0
    /// Time constants in seconds of the fast and slow parts, and the fast part's share of the amplitude.
    var fastDecay: Double
    var slowDecay: Double
    var fastShare: Double = 0.5
}

/// Renders decaying partials up to `attackLength` points, then holds each amplitude where it arrived and lets the
/// loop (one `plan.loopLength` of points) repeat that still spectrum. Partials are snapped to the loop grid, so
/// the hold is exactly periodic; the SoundFont's volume envelope then carries the decay on.
enum DecayingPartials {
    static func render(_ partials: [DecayingPartial], plan: PitchPlan, attackLength: Int,
                       onset: Int = 16) -> [Double] {
        let total = attackLength + plan.loopLength
        var out = [Double](repeating: 0, count: total)
        let rate = Double(plan.sampleRate)
        out.withUnsafeMutableBufferPointer { y in
            for p in partials {
                let k = plan.bin(for: p.hertz)
                guard k > 0, p.amplitude != 0 else { continue }
                let w = 2 * Double.pi * Double(k) / Double(plan.loopLength)
                let (cw, sw) = (cos(w), sin(w))
                var (c, s) = (cos(p.phase), sin(p.phase))
                let df = exp(-1 / (p.fastDecay * rate)), ds = exp(-1 / (p.slowDecay * rate))
                var fast = p.amplitude * p.fastShare, slow = p.amplitude * (1 - p.fastShare)
                var t = 0
                while t < total {
                    // A short linear onset keeps the first point from clicking.
                    let ramp = t < onset ? Double(t) / Double(onset) : 1
                    y[t] += (fast + slow) * ramp * c
                    let nc = c * cw - s * sw
                    s = c * sw + s * cw
                    c = nc
                    if t < attackLength { fast *= df; slow *= ds }
                    t += 1
                }
            }
        }
        return out
    }
}
