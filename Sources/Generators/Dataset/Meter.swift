import MusicCore

/// A time signature as the dataset filter sees it ("3/4"), without a position.
public struct Meter: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public init(_ signature: TimeSignature) { self.init(signature.numerator, signature.denominator) }

    /// What `--meters` accepts: N/D with N in 1...32 and D one of 1, 2, 4, 8, 16, 32.
    public static let allowedText = "N/D with N in 1...32 and D one of 1, 2, 4, 8, 16, 32 (e.g. 4/4, 3/4, 6/8)"

    /// Parses "6/8" (spaces allowed around the numbers); nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let n = Int(parts[0].filter { $0 != " " }),
              let d = Int(parts[1].filter { $0 != " " }),
              (1...32).contains(n), [1, 2, 4, 8, 16, 32].contains(d) else { return nil }
        self.init(n, d)
    }

    public var description: String { "\(numerator)/\(denominator)" }

    public static func < (a: Meter, b: Meter) -> Bool {
        (a.denominator, a.numerator) < (b.denominator, b.numerator)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let meter = Meter(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a meter: \(text)"))
        }
        self = meter
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Song {
    /// The meters in force while the song has notes (a signature placed after the last note does not count), in
    /// order of appearance, without repeats.
    public var metersInUse: [Meter] {
        let end = endTick
        var out: [Meter] = []
        for signature in effectiveTimeSignatures where signature.tick == 0 || signature.tick < end {
            let meter = Meter(signature)
            if !out.contains(meter) { out.append(meter) }
        }
        return out
    }
}
