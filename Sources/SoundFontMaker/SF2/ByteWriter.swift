/// Little-endian byte building with RIFF chunk framing (size patched after the body is written).
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func i8(_ v: Int8) { bytes.append(UInt8(bitPattern: v)) }
    mutating func u16(_ v: UInt16) { bytes.append(UInt8(v & 0xFF)); bytes.append(UInt8(v >> 8)) }
    mutating func u32(_ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((v >> UInt32(shift)) & 0xFF)) }
    }

    mutating func fourCC(_ id: String) {
        let ascii = Array(id.utf8)
        precondition(ascii.count == 4, "FourCC must be 4 ASCII characters")
        bytes += ascii
    }

    /// A fixed 20-byte name field: at most 19 characters, zero padded (SF2 names end with a zero byte).
    mutating func name20(_ s: String) {
        let ascii = Array(SF2Names.sanitized(s).utf8.prefix(19))
        bytes += ascii
        bytes += [UInt8](repeating: 0, count: 20 - ascii.count)
    }

    /// Appends 16-bit samples in little-endian order.
    mutating func samples(_ data: [Int16]) {
        bytes.reserveCapacity(bytes.count + data.count * 2)
        for s in data {
            let v = UInt16(bitPattern: s)
            bytes.append(UInt8(v & 0xFF))
            bytes.append(UInt8(v >> 8))
        }
    }

    mutating func zeros(_ count: Int) { bytes += [UInt8](repeating: 0, count: count) }

    /// Writes `id`, a size, the body, and a pad byte when the body is odd (the size excludes the pad).
    mutating func chunk(_ id: String, _ body: (inout ByteWriter) -> Void) {
        fourCC(id)
        let sizeAt = bytes.count
        u32(0)
        let start = bytes.count
        body(&self)
        let size = bytes.count - start
        patch32(at: sizeAt, UInt32(size))
        if size % 2 == 1 { u8(0) }
    }

    /// A RIFF or LIST chunk: the form type comes first inside the body.
    mutating func list(_ id: String, type: String, _ body: (inout ByteWriter) -> Void) {
        chunk(id) { w in
            w.fourCC(type)
            body(&w)
        }
    }

    private mutating func patch32(at offset: Int, _ v: UInt32) {
        for i in 0..<4 { bytes[offset + i] = UInt8((v >> UInt32(8 * i)) & 0xFF) }
    }
}

enum SF2Names {
    /// Names are ASCII in the file; anything else becomes '?'.
    static func sanitized(_ s: String) -> String {
        String(s.unicodeScalars.map { $0.isASCII && $0.value >= 32 ? Character($0) : "?" })
    }
}
