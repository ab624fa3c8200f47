import Foundation

/// Building blocks for drum sounds, all one-shots rendered in the time domain: membranes whose pitch falls as
/// the skin relaxes, filtered noise (snare wires, shakers, hats), clusters of inharmonic partials (cymbals, bells,
/// cowbells) and short resonant clicks (sticks, wood).
struct DrumSynth {
    let rate: Double
    var random: SeededRandom

    init(rate: Double, seed: String) {
        self.rate = rate
        random = SeededRandom(seed)
    }

    func count(_ seconds: Double) -> Int { Int(seconds * rate) }

    /// A drum head: a sine that glides from `startHz` to `endHz` (time constant `glide`) and decays in `decay`
    /// seconds, with optional overtones (ratio, level) that decay twice as fast.
    func membrane(seconds: Double, startHz: Double, endHz: Double, glide: Double, decay: Double,
                  overtones: [(Double, Double)] = []) -> [Double] {
        let n = count(seconds)
        var out = [Double](repeating: 0, count: n)
        for (ratio, level) in [(1.0, 1.0)] + overtones {
            var phase = 0.0
            let d = exp(-1 / (decay * rate * (ratio == 1 ? 1 : 0.5)))
            let g = exp(-1 / (glide * rate))
            var amp = level, offset = startHz - endHz
            for i in 0..<n {
                phase += 2 * Double.pi * ratio * (endHz + offset) / rate
                out[i] += amp * sin(phase)
                amp *= d
                offset *= g
            }
        }
        return out
    }

    /// White noise under an envelope with attack `attack` and exponential decay `decay`, through `filters`.
    mutating func noise(seconds: Double, decay: Double, attack: Double = 0.0005, filters: [Biquad] = []) -> [Double] {
        let n = count(seconds)
        let d = exp(-1 / (decay * rate)), a = max(1, count(attack))
        var env = 1.0
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            out[i] = random.bipolar() * env * min(1, Double(i + 1) / Double(a))
            env *= d
        }
        for f in filters { f.apply(&out) }
        return out
    }

    /// A cluster of `count` sinusoids with random frequencies between `low` and `high` Hz, each decaying with a
    /// time constant near `decay` (higher ones faster): the shimmer of cymbals and the ring of bells.
    mutating func metal(seconds: Double, partials: Int, low: Double, high: Double, decay: Double) -> [Double] {
        let freqs = (0..<partials).map { _ in low * pow(high / low, random.unit()) }
        return tones(seconds: seconds, freqs.map { ($0, 0.5 + random.unit(), decay * pow(low / $0, 0.5)) })
    }

    /// Decaying sinusoids given as (hertz, level, decay seconds).
    mutating func tones(seconds: Double, _ list: [(Double, Double, Double)]) -> [Double] {
        let partials = list.map { hz, level, decay in
            DecayingPartial(hertz: hz, amplitude: level, phase: random.phase(), fastDecay: decay,
                            slowDecay: decay, fastShare: 1)
        }
        return Self.render(partials, count: count(seconds), rate: rate)
    }

    /// A rotation-based bank of decaying oscillators (no loop; drums are one-shots).
    static func render(_ partials: [DecayingPartial], count n: Int, rate: Double) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { y in
            for p in partials where p.hertz < rate * 0.48 {
                let w = 2 * Double.pi * p.hertz / rate
                let d = exp(-1 / (p.slowDecay * rate))
                let (cw, sw) = (cos(w) * d, sin(w) * d)
                var (c, s) = (p.amplitude * cos(p.phase), p.amplitude * sin(p.phase))
                var i = 0
                while i < n {
                    y[i] += c
                    let nc = c * cw - s * sw
                    s = c * sw + s * cw
                    c = nc
                    i += 1
                }
            }
        }
        return out
    }

    func sum(_ parts: [([Double], Double)]) -> [Double] {
        var out = [Double](repeating: 0, count: parts.map(\.0.count).max() ?? 0)
        for (part, gain) in parts {
            let peak = Buffers.peak(part)
            if peak > 0 { Buffers.mix(part, into: &out, gain: gain / peak) }
        }
        return out
    }

    func bandpass(_ hz: Double, q: Double) -> Biquad { .bandpass(hz, q: q, rate: rate) }
    func highpass(_ hz: Double, q: Double = 0.7) -> Biquad { .highpass(hz, q: q, rate: rate) }
    func lowpass(_ hz: Double, q: Double = 0.7) -> Biquad { .lowpass(hz, q: q, rate: rate) }
    func peak(_ hz: Double, q: Double, gainDB: Double) -> Biquad { .peak(hz, q: q, gainDB: gainDB, rate: rate) }

    /// Soft saturation for punch, keeping the peak where it was.
    static func saturate(_ x: [Double], drive: Double) -> [Double] {
        let peak = max(1e-9, Buffers.peak(x))
        let norm = tanh(drive)
        return x.map { tanh(drive * $0 / peak) / norm * peak }
    }

    /// Repeats `hit` at the given onsets (seconds) with the given gains: claps, guiros, castanets.
    func repeated(_ hit: [Double], onsets: [(Double, Double)], seconds: Double) -> [Double] {
        var out = [Double](repeating: 0, count: count(seconds))
        for (t, g) in onsets { Buffers.mix(hit, into: &out, gain: g, at: count(t)) }
        return out
    }
}
