/// Little-endian writer for the `.ensds` body.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes.append(UInt8(v & 0xFF)); bytes.append(UInt8(v >> 8)) }
    mutating func u32(_ v: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) } }
    mutating func u64(_ v: UInt64) { for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) } }

    /// A non-negative Int that the caller guarantees fits 32 bits (counts, steps).
    mutating func u32(_ v: Int) {
        precondition(v >= 0 && v <= Int(UInt32.max), "ByteWriter: \(v) does not fit in 32 bits")
        u32(UInt32(v))
    }
}

/// Little-endian reader over untrusted bytes: every read is checked against what is left, and every count is
/// checked against the bytes its elements would need before anything is allocated.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from offset: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }

    var remaining: Int { end - offset }

    mutating func u8(_ what: @autoclosure () -> String) throws(DatasetError) -> UInt8 {
        try need(1, what())
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16(_ what: @autoclosure () -> String) throws(DatasetError) -> UInt16 {
        UInt16(truncatingIfNeeded: try little(2, what()))
    }

    mutating func u32(_ what: @autoclosure () -> String) throws(DatasetError) -> UInt32 {
        UInt32(truncatingIfNeeded: try little(4, what()))
    }

    mutating func u64(_ what: @autoclosure () -> String) throws(DatasetError) -> UInt64 { try little(8, what()) }

    /// A u32 element count whose `elementSize`-byte elements must fit in the bytes left.
    mutating func count(_ what: @autoclosure () -> String, elementSize: Int) throws(DatasetError) -> Int {
        let label = what()
        let n = Int(try u32(label + " count"))
        guard n <= remaining / max(1, elementSize) else {
            throw DatasetError("truncated or corrupt: \(label) count \(n) needs \(n * elementSize) bytes, \(remaining) left")
        }
        return n
    }

    /// `n` u32 values as Ints (the caller has checked them against the bytes left via `count`).
    mutating func u32Array(_ n: Int, _ what: @autoclosure () -> String) throws(DatasetError) -> [Int] {
        try need(4 * n, what())
        var out = [Int](repeating: 0, count: n)
        bytes.withUnsafeBufferPointer { buffer in
            var p = offset
            for i in 0..<n {
                out[i] = Int(buffer[p]) | Int(buffer[p + 1]) << 8 | Int(buffer[p + 2]) << 16 | Int(buffer[p + 3]) << 24
                p += 4
            }
        }
        offset += 4 * n
        return out
    }

    mutating func u8Array(_ n: Int, _ what: @autoclosure () -> String) throws(DatasetError) -> ArraySlice<UInt8> {
        try need(n, what())
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    private mutating func little(_ size: Int, _ what: String) throws(DatasetError) -> UInt64 {
        try need(size, what)
        var v: UInt64 = 0
        for i in 0..<size { v |= UInt64(bytes[offset + i]) << UInt64(8 * i) }
        offset += size
        return v
    }

    private func need(_ size: Int, _ what: String) throws(DatasetError) {
        guard size >= 0, size <= remaining else {
            throw DatasetError("truncated: \(what) needs \(size) bytes at offset \(offset), \(max(0, remaining)) left")
        }
    }
}
