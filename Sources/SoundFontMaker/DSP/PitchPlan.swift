import Foundation

/// Chooses a sample's rate so that its loop holds a whole number of cycles at exactly the root key's pitch.
///
/// A loop of `loopLength` points at rate `sampleRate` repeats at `sampleRate / loopLength` Hz, so any partial on
/// that grid loops seamlessly. Instead of rounding the pitch to the grid (an error of many cents), the rate is
/// picked to fit the pitch: `rate = round(f · loopLength / cycles)`, which leaves an error below 0.5 / rate
/// (under 0.05 cent at 22 kHz). SF2 stores a rate per sample, and players scale pitch by it exactly.
struct PitchPlan: Sendable {
    let rootKey: Int
    let sampleRate: Int
    let loopLength: Int
    /// Cycles of the fundamental in one loop: the fundamental sits on bin `cycles` of the loop's spectrum.
    let cycles: Int

    /// The fundamental actually synthesised: exactly periodic in the loop.
    var frequency: Double { Double(sampleRate) * Double(cycles) / Double(loopLength) }
    /// The loop's frequency grid: partials must sit on multiples of this to loop without a seam.
    var binHz: Double { Double(sampleRate) / Double(loopLength) }
    var nyquist: Double { Double(sampleRate) / 2 }

    static func frequency(ofKey key: Int) -> Double { 440 * pow(2, Double(key - 69) / 12) }

    /// A plan for a loop of exactly `loopLength` points (spectral loops; a power of two for the FFT).
    static func loop(rootKey: Int, loopLength: Int, nominalRate: Int) -> PitchPlan {
        let f = frequency(ofKey: rootKey)
        let cycles = max(1, Int((f * Double(loopLength) / Double(nominalRate)).rounded()))
        let rate = Int((f * Double(loopLength) / Double(cycles)).rounded())
        return PitchPlan(rootKey: rootKey, sampleRate: rate, loopLength: loopLength, cycles: cycles)
    }

    /// A plan with a whole number of points per cycle (Karplus–Strong delay lines), the loop being the
    /// smallest number of whole cycles that spans at least `minLoop` points.
    static func integerPeriod(rootKey: Int, nominalRate: Int, minLoop: Int = 64) -> PitchPlan {
        let f = frequency(ofKey: rootKey)
        let period = max(2, Int((Double(nominalRate) / f).rounded()))
        let rate = Int((f * Double(period)).rounded())
        let cycles = max(1, (minLoop + period - 1) / period)
        return PitchPlan(rootKey: rootKey, sampleRate: rate, loopLength: cycles * period, cycles: cycles)
    }

    /// The pitch error of the synthesised fundamental, in cents (for tests and docs).
    var errorCents: Double { 1200 * log2(frequency / PitchPlan.frequency(ofKey: rootKey)) }

    /// Rounds a frequency to the loop grid (0 when it would fall outside 1…Nyquist·0.96).
    func bin(for hertz: Double) -> Int {
        let k = Int((hertz / binHz).rounded())
        return (k >= 1 && Double(k) * binHz < nyquist * 0.96) ? k : 0
    }
}
