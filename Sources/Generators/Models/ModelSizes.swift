/// One size an architecture reads from `ModelConfig.sizes`: its key, default, allowed values and meaning.
public struct SizeKey: Hashable, Sendable {
    public let key: String
    public let defaultValue: Int
    public let range: ClosedRange<Int>
    public let meaning: String

    public init(_ key: String, default defaultValue: Int, range: ClosedRange<Int>, _ meaning: String) {
        self.key = key
        self.defaultValue = defaultValue
        self.range = range
        self.meaning = meaning
    }
}

/// Why a `ModelConfig` cannot be built (one line; a user reaches it through a broken manifest).
public struct ModelConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ModelConfig {
    /// The value of size `key`: the config's own, else the default among `keys`.
    func size(_ key: String, in keys: [SizeKey]) -> Int {
        if let value = sizes[key] { return value }
        guard let known = keys.first(where: { $0.key == key }) else {
            preconditionFailure("ModelConfig: \(architecture) has no size key '\(key)'")
        }
        return known.defaultValue
    }

    /// Checks `sizes` against `keys`: no unknown key, every value in range.
    func checkSizes(_ keys: [SizeKey]) throws(ModelConfigError) {
        let names = keys.map(\.key)
        for key in sizes.keys.sorted() where !names.contains(key) {
            throw ModelConfigError("unknown size '\(key)' for \(architecture) (known: \(names.joined(separator: ", ")))")
        }
        for known in keys {
            if let value = sizes[known.key], !known.range.contains(value) {
                throw ModelConfigError("size '\(known.key)' of \(architecture) is \(value), must be "
                                       + "\(known.range.lowerBound)...\(known.range.upperBound)")
            }
        }
    }
}
