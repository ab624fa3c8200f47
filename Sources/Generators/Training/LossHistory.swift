/// What one training iteration measured, with when and at which learning rate.
public struct LossRecord: Hashable, Sendable {
    /// 1-based iteration number.
    public var iteration: Int
    /// Training seconds from the start of the run (resumed runs continue the count).
    public var seconds: Double
    public var losses: WGANGPLosses
    /// The generator's learning rate for this iteration.
    public var learningRate: Float

    public init(iteration: Int, seconds: Double, losses: WGANGPLosses, learningRate: Float) {
        self.iteration = iteration
        self.seconds = seconds
        self.losses = losses
        self.learningRate = learningRate
    }

    /// The CSV columns, in `csvLine` order.
    public static let csvHeader = "iteration,seconds,critic,generator,penalty,wasserstein,lr"

    /// One CSV row (no newline); losses with enough digits to round-trip a Float.
    public var csvLine: String {
        let l = losses
        return "\(iteration),\(Self.fixed(seconds)),\(l.critic),\(l.generator),\(l.gradientPenalty),\(l.wasserstein),\(learningRate)"
    }

    static func fixed(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        let frac = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}

/// Every iteration's losses, in order; iteration i is `records[i - 1]`.
public struct LossHistory: Hashable, Sendable {
    public private(set) var records: [LossRecord] = []

    public init(records: [LossRecord] = []) {
        precondition(records.enumerated().allSatisfy { $0.element.iteration == $0.offset + 1 },
                     "LossHistory: records must be iterations 1, 2, 3, …")
        self.records = records
    }

    public var count: Int { records.count }
    public var last: LossRecord? { records.last }

    public mutating func append(_ record: LossRecord) {
        precondition(record.iteration == records.count + 1, "LossHistory: iteration \(record.iteration) out of order")
        records.append(record)
    }

    public var critic: [Float] { records.map(\.losses.critic) }
    public var generator: [Float] { records.map(\.losses.generator) }

    /// Columns stored per record in a checkpoint's history tensor, in this order.
    public static let columns = 6

    /// The records as a flat row-major [count, 6] table of Floats (critic, generator, penalty, wasserstein,
    /// learning rate, seconds) for a checkpoint; the losses round-trip exactly.
    public var table: [Float] {
        records.flatMap { r in
            [r.losses.critic, r.losses.generator, r.losses.gradientPenalty, r.losses.wasserstein, r.learningRate,
             Float(r.seconds)]
        }
    }

    /// The history from `table` (the inverse of `table`); nil when the length is not a whole number of rows.
    public init?(table: [Float]) {
        guard table.count % Self.columns == 0 else { return nil }
        records = stride(from: 0, to: table.count, by: Self.columns).enumerated().map { i, o in
            LossRecord(iteration: i + 1, seconds: Double(table[o + 5]),
                       losses: WGANGPLosses(critic: table[o], gradientPenalty: table[o + 2], wasserstein: table[o + 3],
                                            generator: table[o + 1]),
                       learningRate: table[o + 4])
        }
    }
}
