import Foundation

/// Signal analysis for the listening tests: an iterative radix-2 FFT, windowed magnitude spectra, a blind
/// fundamental estimate (harmonic product spectrum) refined by parabolic interpolation, and simple levels.
enum Spectrum {
    /// In-place complex FFT; `real.count` must be a power of two.
    static func fft(_ real: inout [Double], _ imag: inout [Double]) {
        let n = real.count
        precondition(n > 0 && n & (n - 1) == 0, "FFT size must be a power of two")
        var j = 0
        for i in 1..<n {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { real.swapAt(i, j); imag.swapAt(i, j) }
        }
        var length = 2
        while length <= n {
            let angle = -2 * Double.pi / Double(length)
            for start in stride(from: 0, to: n, by: length) {
                for k in 0..<length / 2 {
                    let wr = cos(angle * Double(k)), wi = sin(angle * Double(k))
                    let a = start + k, b = a + length / 2
                    let tr = real[b] * wr - imag[b] * wi
                    let ti = real[b] * wi + imag[b] * wr
                    real[b] = real[a] - tr; imag[b] = imag[a] - ti
                    real[a] += tr; imag[a] += ti
                }
            }
            length <<= 1
        }
    }

    /// Magnitudes of bins 0...size/2 of a Hann-windowed slice, zero-padded to `size`.
    static func magnitudes(_ signal: ArraySlice<Double>, size: Int) -> [Double] {
        var real = [Double](repeating: 0, count: size)
        var imag = [Double](repeating: 0, count: size)
        let count = min(signal.count, size)
        for (offset, value) in signal.prefix(count).enumerated() {
            let window = 0.5 - 0.5 * cos(2 * Double.pi * Double(offset) / Double(count - 1))
            real[offset] = value * window
        }
        fft(&real, &imag)
        return (0...size / 2).map { (real[$0] * real[$0] + imag[$0] * imag[$0]).squareRoot() }
    }

    /// The fundamental frequency of a steady tone, found without being told what to expect. Candidates are
    /// the strongest spectral peaks and their integer fractions; each is scored by subharmonic summation
    /// (Σ 0.84^(k-1)·|X(k·f)| over 10 harmonics), which favours the lowest frequency that explains the
    /// harmonic series — so neither a strong second harmonic nor a weak fundamental causes an octave error.
    /// The winner is refined by parabolic interpolation of the log magnitude around its peak.
    static func fundamental(_ signal: ArraySlice<Double>, sampleRate: Int, range: ClosedRange<Double> = 25...4000) -> Double {
        let size = 1 << 17
        let spectrum = magnitudes(signal, size: size)
        let binHz = Double(sampleRate) / Double(size)
        func amplitude(at frequency: Double) -> Double {
            let center = Int((frequency / binHz).rounded())
            let span = max(2, center / 200)
            guard center - span >= 1, center + span < spectrum.count else { return 0 }
            return spectrum[(center - span)...(center + span)].max() ?? 0
        }
        let loudest = spectrum.max() ?? 0
        var peakBins: [Int] = []
        for bin in 2..<spectrum.count - 1 {
            let value = spectrum[bin]
            if value > 0.05 * loudest, value >= spectrum[bin - 1], value > spectrum[bin + 1] { peakBins.append(bin) }
        }
        let peaks = peakBins.sorted { spectrum[$0] > spectrum[$1] }.prefix(12)
        var best = 0.0
        var bestScore = -1.0
        for peak in peaks {
            for divisor in 1...6 {
                let candidate = Double(peak) * binHz / Double(divisor)
                guard range.contains(candidate) else { continue }
                var score = 0.0
                for harmonic in 1...10 {
                    score += pow(0.84, Double(harmonic - 1)) * amplitude(at: candidate * Double(harmonic))
                }
                if score > bestScore { bestScore = score; best = candidate }
            }
        }
        let center = Int((best / binHz).rounded())
        let span = max(2, center / 100)
        var peak = center
        for bin in max(1, center - span)...min(spectrum.count - 2, center + span) where spectrum[bin] > spectrum[peak] { peak = bin }
        let (a, b, c) = (log(spectrum[peak - 1] + 1e-12), log(spectrum[peak] + 1e-12), log(spectrum[peak + 1] + 1e-12))
        let shift = 0.5 * (a - c) / (a - 2 * b + c)
        return (Double(peak) + (shift.isFinite ? shift : 0)) * binHz
    }

    /// Cents from `reference` to `frequency`.
    static func cents(_ frequency: Double, from reference: Double) -> Double { 1200 * log2(frequency / reference) }

    /// Equal-tempered frequency of a MIDI pitch (A4 = 440 Hz).
    static func frequency(ofPitch pitch: Int) -> Double { 440 * pow(2, Double(pitch - 69) / 12) }

    static func rms(_ signal: ArraySlice<Double>) -> Double {
        guard !signal.isEmpty else { return 0 }
        return (signal.reduce(0) { $0 + $1 * $1 } / Double(signal.count)).squareRoot()
    }

    /// Energy in a frequency band of a slice, from its spectrum.
    static func bandEnergy(_ signal: ArraySlice<Double>, sampleRate: Int, band: ClosedRange<Double>) -> Double {
        let size = 1 << 14
        let spectrum = magnitudes(signal, size: size)
        let binHz = Double(sampleRate) / Double(size)
        let low = Int(band.lowerBound / binHz), high = min(spectrum.count - 1, Int(band.upperBound / binHz))
        return spectrum[low...high].reduce(0) { $0 + $1 * $1 }
    }

    /// Amplitudes of harmonics 1...count relative to the strongest, a timbre fingerprint.
    static func harmonicProfile(_ signal: ArraySlice<Double>, sampleRate: Int, fundamental: Double, count: Int = 10) -> [Double] {
        let size = 1 << 16
        let spectrum = magnitudes(signal, size: size)
        let binHz = Double(sampleRate) / Double(size)
        let amplitudes = (1...count).map { harmonic -> Double in
            let center = Int((fundamental * Double(harmonic) / binHz).rounded())
            let span = max(2, center / 100)
            guard center + span < spectrum.count else { return 0 }
            return spectrum[max(0, center - span)...center + span].max() ?? 0
        }
        let strongest = amplitudes.max() ?? 1
        return amplitudes.map { $0 / max(strongest, 1e-12) }
    }

    /// Times (seconds) where the signal's 5 ms envelope rises through `threshold` × its peak after being
    /// below half of that for at least `gap` seconds.
    static func onsets(_ signal: [Double], sampleRate: Int, threshold: Double = 0.25, gap: Double = 0.1) -> [Double] {
        let hop = max(1, sampleRate / 200)
        let envelope = stride(from: 0, to: signal.count, by: hop).map { start in
            signal[start..<min(signal.count, start + hop)].reduce(0) { max($0, abs($1)) }
        }
        let peak = envelope.max() ?? 0
        guard peak > 0 else { return [] }
        var result: [Double] = []
        var armed = true
        var quietFrames = 0
        let gapFrames = Int(gap * 200)
        for (index, value) in envelope.enumerated() {
            if armed, value >= threshold * peak {
                // Refine to the first sample over the threshold inside this hop.
                let start = index * hop
                let first = (start..<min(signal.count, start + hop)).first { abs(signal[$0]) >= threshold * peak } ?? start
                result.append(Double(first) / Double(sampleRate))
                armed = false
                quietFrames = 0
            } else if !armed {
                quietFrames = value < threshold * peak / 2 ? quietFrames + 1 : 0
                if quietFrames >= gapFrames { armed = true }
            }
        }
        return result
    }
}
