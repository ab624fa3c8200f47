import Foundation

/// A loop designed in the frequency domain: partials and noise are placed on the loop's grid (multiples of
/// rate / loopLength), so one inverse FFT yields points that repeat without a seam. Detuned voices, formants
/// and breath noise are all just amplitudes on bins.
struct SpectralLoop {
    let plan: PitchPlan
    private var re: [Double]
    private var im: [Double]

    init(plan: PitchPlan) {
        precondition(plan.loopLength & (plan.loopLength - 1) == 0, "spectral loops need a power-of-two length")
        self.plan = plan
        re = [Double](repeating: 0, count: plan.loopLength / 2 + 1)
        im = re
    }

    /// Adds a cosine of `amplitude` and `phase` at the grid bin nearest `hertz` (dropped near Nyquist).
    mutating func addPartial(hertz: Double, amplitude: Double, phase: Double) {
        let k = plan.bin(for: hertz)
        guard k > 0, k < re.count - 1 else { return }
        re[k] += amplitude * cos(phase)
        im[k] += amplitude * sin(phase)
    }

    /// Adds the harmonics of one voice `detuneCents` off the root: `amplitude(n, hertz)` for harmonic n, phases
    /// from `random`. Harmonic n sits on bin n·cycles (the fundamental on its exact pitch).
    mutating func addHarmonics(maxHertz: Double = .infinity, random: inout SeededRandom,
                               amplitude: (Int, Double) -> Double) {
        addEnsemble(detunes: [0], maxHertz: maxHertz, random: &random, amplitude: amplitude)
    }

    /// A chorus of voices detuned by `detunes` cents (given as ± pairs) sharing one spectrum `amplitude(n, hertz)`.
    ///
    /// A voice's harmonic n moves off bin n·cycles by the detune, truncated to whole bins, so ±d land
    /// symmetrically and small detunes stay on the true harmonic. Voices that share a bin add in power with one
    /// phase (random phases could cancel), and the fundamental always stays on its bin: the ensemble agrees on
    /// its pitch and the beating lives in the upper harmonics.
    mutating func addEnsemble(detunes: [Double], maxHertz: Double = .infinity, random: inout SeededRandom,
                              amplitude: (Int, Double) -> Double) {
        let limit = min(maxHertz, plan.nyquist * 0.96)
        var n = 1
        while Double(n) * plan.frequency < limit {
            let center = n * plan.cycles
            let a = amplitude(n, Double(n) * plan.frequency)
            var voicesAt: [Int: Int] = [:]
            for d in detunes {
                let offset = n == 1 ? 0 : Int(Double(center) * d * M_LN2 / 1200)
                voicesAt[center + offset, default: 0] += 1
            }
            for (k, count) in voicesAt.sorted(by: { $0.key < $1.key }) {
                let phase = random.phase()
                guard a != 0, k > 0, k < re.count - 1 else { continue }
                let gain = a * Double(count).squareRoot()
                re[k] += gain * cos(phase)
                im[k] += gain * sin(phase)
            }
            n += 1
        }
    }

    /// Adds noise shaped by `shape(hertz)` (amplitude per bin) with random phases: breath, bow hiss, wind.
    mutating func addNoise(level: Double, random: inout SeededRandom, shape: (Double) -> Double) {
        // Scale so the noise's RMS is `level` for a flat shape: each bin contributes amplitude²/2 of power.
        let perBin = level * (2 / Double(re.count)).squareRoot()
        for k in 1..<(re.count - 1) {
            let hz = Double(k) * plan.binHz
            guard hz < plan.nyquist * 0.96 else { break }
            let a = perBin * shape(hz) * (0.5 + random.unit())
            let phase = random.phase()
            re[k] += a * cos(phase)
            im[k] += a * sin(phase)
        }
    }

    /// Multiplies every bin by `gain(hertz)`: a zero-phase filter, so the loop stays seamless.
    mutating func shape(_ gain: (Double) -> Double) {
        for k in 1..<re.count {
            let g = gain(Double(k) * plan.binHz)
            re[k] *= g
            im[k] *= g
        }
    }

    /// One loop of points.
    func render() -> [Double] {
        let n = plan.loopLength
        var fr = [Double](repeating: 0, count: n), fi = fr
        // A cosine a·cos(ωt+φ) is (a/2)e^{iφ} at +ω and its conjugate at −ω.
        for k in 1..<(n / 2) {
            fr[k] = re[k] / 2; fi[k] = im[k] / 2
            fr[n - k] = re[k] / 2; fi[n - k] = -im[k] / 2
        }
        FFT.inverse(re: &fr, im: &fi)
        return fr
    }
}

/// Common spectral envelopes for shaping partials.
enum Spectra {
    /// A resonance of `gain` at `center` Hz with bandwidth `width` (a Lorentzian on linear frequency).
    static func resonance(_ hz: Double, center: Double, width: Double, gain: Double) -> Double {
        let x = (hz - center) / (width / 2)
        return gain / (1 + x * x)
    }

    /// An n-th order low-pass magnitude (Butterworth-like) at `cutoff`.
    static func lowpass(_ hz: Double, cutoff: Double, order: Double = 2) -> Double {
        1 / (1 + pow(hz / cutoff, 2 * order)).squareRoot()
    }

    static func highpass(_ hz: Double, cutoff: Double, order: Double = 2) -> Double {
        let r = pow(hz / cutoff, 2 * order)
        return (r / (1 + r)).squareRoot()
    }

    /// Converts decibels to a linear gain.
    static func db(_ d: Double) -> Double { pow(10, d / 20) }
}
