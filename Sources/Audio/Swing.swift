/// A groove: off-beat eighths (or sixteenths) are played late by `amount` of their length.
/// `amount` 0 is straight, 1/3 is a triplet feel (long–short 2:1), larger is a harder shuffle.
/// Genres set their own (e.g. jazz ≈ 0.33 on eighths, hip-hop ≈ 0.2 on sixteenths).
public struct Swing: Sendable, Hashable, Codable {
    public enum Unit: String, Sendable, Hashable, Codable, CaseIterable {
        case eighth, sixteenth
    }

    /// The largest delay accepted; beyond it the off-beat would collide with the next on-beat.
    public static let maximumAmount = 0.75

    public let amount: Double
    public let unit: Unit

    /// `amount` is clamped to 0...`maximumAmount`.
    public init(amount: Double, unit: Unit = .eighth) {
        self.amount = amount.isFinite ? min(max(amount, 0), Swing.maximumAmount) : 0
        self.unit = unit
    }

    public static let straight = Swing(amount: 0)

    public var isStraight: Bool { amount == 0 }

    /// Moves a tick onto the swung grid. Each pair of units (on-beat + off-beat) is stretched piecewise
    /// linearly: the on-beat half lasts (1 + amount), the off-beat half (1 - amount). Pair boundaries (beats
    /// for eighths) stay fixed, the warp is monotonic, and note ends move with their starts.
    func warp(_ tick: Double, ticksPerQuarter: Int) -> Double {
        guard amount > 0 else { return tick }
        let unitTicks = self.unitTicks(ticksPerQuarter)
        let pairStart = (tick / (2 * unitTicks)).rounded(.down) * 2 * unitTicks
        let offset = tick - pairStart
        if offset < unitTicks { return pairStart + offset * (1 + amount) }
        return pairStart + unitTicks * (1 + amount) + (offset - unitTicks) * (1 - amount)
    }

    /// The inverse of `warp`.
    func unwarp(_ tick: Double, ticksPerQuarter: Int) -> Double {
        guard amount > 0 else { return tick }
        let unitTicks = self.unitTicks(ticksPerQuarter)
        let pairStart = (tick / (2 * unitTicks)).rounded(.down) * 2 * unitTicks
        let offset = tick - pairStart
        let split = unitTicks * (1 + amount)
        if offset < split { return pairStart + offset / (1 + amount) }
        return pairStart + unitTicks + (offset - split) / (1 - amount)
    }

    private func unitTicks(_ ticksPerQuarter: Int) -> Double {
        Double(max(1, ticksPerQuarter)) / (unit == .eighth ? 2 : 4)
    }
}
