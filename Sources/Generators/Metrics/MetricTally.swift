/// A metric kept as a sum and a count, so results pool exactly across bars, beats, notes and examples.
///
/// Every metric here is a mean of something (empty bars over bars, qualified notes over notes, tonal distance over
/// beats). Keeping the numerator and denominator apart lets a set of examples be summarised by adding tallies — the
/// pooled ("micro") mean, as MuseGAN's current code pools over a batch — and leaves "undefined" (nothing counted,
/// such as the pitch classes of a track with no notes) distinct from zero.
public struct MetricTally: Hashable, Sendable, Codable {
    /// Sum of the measured quantity.
    public var sum: Double
    /// How many things (bars, notes, steps, beats) were measured.
    public var count: Double

    public init(sum: Double = 0, count: Double = 0) {
        self.sum = sum
        self.count = count
    }

    /// A tally of `part` out of `whole` (a rate: `value` = part / whole).
    public init(part: Int, of whole: Int) {
        self.init(sum: Double(part), count: Double(whole))
    }

    /// The mean, or nil when nothing was counted.
    public var value: Double? { count > 0 ? sum / count : nil }

    /// Adds one observation.
    public mutating func add(_ x: Double, weight: Double = 1) {
        sum += x * weight
        count += weight
    }

    public static func + (a: MetricTally, b: MetricTally) -> MetricTally {
        MetricTally(sum: a.sum + b.sum, count: a.count + b.count)
    }

    public static func += (a: inout MetricTally, b: MetricTally) { a = a + b }
}
