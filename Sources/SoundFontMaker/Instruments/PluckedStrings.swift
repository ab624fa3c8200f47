import Foundation

/// Plucked strings (nylon, steel and electric guitar, upright and electric bass) as Karplus–Strong strings with
/// exact whole-number periods, then a body or pickup colouring. The loop is a few whole periods taken from the
/// settled tail; the volume envelope carries the long decay.
struct PluckedString: Sendable {
    var name: String
    var roots: [Int]
    /// Loop-filter damping (0 bright … 0.25 dark) and seconds for the fundamental to fall 60 dB.
    var damping: Double
    var sustain: Double
    var pluckPosition: Double
    var pluckNoise: Double
    var pluckSoftness: Double
    /// Seconds of natural string sound before the loop, at the lowest and highest root.
    var attackLow: Double
    var attackHigh: Double
    /// Colouring after the string: body resonances or pickup and tone control.
    var color: @Sendable (inout [Double], Double) -> Void

    func sample(root: Int) -> SynthSample {
        let plan = PitchPlan.integerPeriod(rootKey: root, nominalRate: 22050, minLoop: 256)
        let rate = Double(plan.sampleRate)
        let period = plan.loopLength / plan.cycles
        let attack = Int(rate * Keys.scale(root, roots.first!, attackLow, roots.last!, attackHigh))
        let length = attack + plan.loopLength
        var random = SeededRandom("\(name) \(root)")
        let string = KarplusStrong(period: period, rate: rate, damping: damping,
                                   sustain: sustain * Keys.scale(root, 28, 1, 96, 0.35))
        let excitation = KarplusStrong.pluck(period: period, position: pluckPosition, noise: pluckNoise,
                                             softness: pluckSoftness, random: &random)
        var points = string.render(excitation: excitation, length: length)
        color(&points, rate)
        let loop = attack..<length
        Loops.crossfade(&points, loop: loop, fade: min(plan.loopLength, period * 2))
        return SynthSample(name: "\(name) \(root)", points: points, loop: loop, sampleRate: plan.sampleRate,
                           rootKey: root)
    }

    /// A guitar's wooden body: the dry string plus its air and top-plate resonances, with the treble softened.
    static func acousticBody(top: Double, treble: Double) -> @Sendable (inout [Double], Double) -> Void {
        { x, rate in
            let dry = x
            for (hz, q, gain) in [(98.0, 4.0, 1.6), (200.0, 5.0, 1.1), (top, 2.5, 0.9), (2600.0, 1.5, 0.35)] {
                Buffers.mix(Biquad.bandpass(hz, q: q, rate: rate).applied(to: dry), into: &x, gain: gain)
            }
            Biquad.lowpass(treble, q: 0.6, rate: rate).apply(&x)
        }
    }

    /// A magnetic pickup and tone knob: a resonant low-pass (coil and cable) and a high-pass for the hum range.
    static func pickup(resonance: Double, q: Double) -> @Sendable (inout [Double], Double) -> Void {
        { x, rate in
            Biquad.lowpass(resonance, q: q, rate: rate).apply(&x)
            Biquad.highpass(70, q: 0.7, rate: rate).apply(&x)
        }
    }
}

