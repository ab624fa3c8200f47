/// The train/validation split, by file: each file is ranked by FNV-1a of (seed as 8 little-endian bytes, then its
/// name in UTF-8) and the lowest-ranked `validationCount` files are held out. Adding a file never moves another
/// across the split, and any reader can recompute it.
public enum DatasetSplit {
    /// How many of `files` are held out: `share` of them rounded, at least one when there are two or more files
    /// and `share` > 0, never all of them.
    public static func validationCount(files: Int, share: Double) -> Int {
        guard files >= 2, share > 0 else { return 0 }
        return min(files - 1, max(1, Int((share * Double(files)).rounded())))
    }

    /// One flag per name: true when held out for validation.
    public static func isValidation(names: [String], share: Double, seed: UInt64) -> [Bool] {
        let count = validationCount(files: names.count, share: share)
        let ranked = names.indices.sorted { (rank(names[$0], seed), names[$0]) < (rank(names[$1], seed), names[$1]) }
        var flags = [Bool](repeating: false, count: names.count)
        for i in ranked.prefix(count) { flags[i] = true }
        return flags
    }

    public static func rank(_ name: String, _ seed: UInt64) -> UInt64 {
        var hasher = FNV1a()
        hasher.add((0..<8).map { UInt8(truncatingIfNeeded: seed >> UInt64(8 * $0)) })
        hasher.add(Array(name.utf8))
        return hasher.value
    }
}
