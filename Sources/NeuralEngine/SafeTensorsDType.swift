// Element types of the safetensors format and conversions between them and Float. Values are little-endian.

/// A safetensors element type, spelled as in the file header.
public enum SafeTensorsDType: String, Sendable, CaseIterable {
    case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
    case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .f64, .i64: return 8
        case .f32, .i32: return 4
        case .f16, .bf16, .i16: return 2
        case .i8, .u8, .bool: return 1
        }
    }

    /// Whether floats can be stored in this type (the types `SafeTensor(floats:shape:dtype:)` writes).
    public var isFloatStorage: Bool { self == .f32 || self == .f16 || self == .bf16 }
}

extension SafeTensorsDType {
    /// Decodes `count` elements of this type from little-endian bytes, converting each to Float.
    func decode(_ bytes: ArraySlice<UInt8>) -> [Float] {
        let count = bytes.count / size
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            bytes.withUnsafeBytes { raw in
                for i in 0..<count { out[i] = element(raw, i) }
            }
            initialized = count
        }
    }

    private func element(_ raw: UnsafeRawBufferPointer, _ i: Int) -> Float {
        switch self {
        case .f64: return Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))))
        case .f32: return Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
        case .f16: return halfToFloat(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))
        case .bf16: return Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))) << 16)
        case .i64: return Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)))
        case .i32: return Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: Int32.self)))
        case .i16: return Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: Int16.self)))
        case .i8: return Float(Int8(bitPattern: raw[i]))
        case .u8: return Float(raw[i])
        case .bool: return raw[i] == 0 ? 0 : 1
        }
    }

    /// Encodes floats as little-endian bytes of this type (f32, f16 or bf16; the halves round to nearest even).
    func encode(_ values: [Float]) -> [UInt8] {
        precondition(isFloatStorage, "floats are stored as F32, F16 or BF16, not \(rawValue)")
        var bytes = [UInt8](repeating: 0, count: values.count * size)
        bytes.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() {
                switch self {
                case .f32: raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self)
                case .f16: raw.storeBytes(of: floatToHalf(v).littleEndian, toByteOffset: i * 2, as: UInt16.self)
                default: raw.storeBytes(of: floatToBFloat16(v).littleEndian, toByteOffset: i * 2, as: UInt16.self)
                }
            }
        }
        return bytes
    }
}

/// bfloat16 is the top half of a float32; round to nearest even on the dropped 16 bits, keep NaN a NaN.
func floatToBFloat16(_ v: Float) -> UInt16 {
    let bits = v.bitPattern
    if v.isNaN { return UInt16(bits >> 16) | 0x0040 }
    let roundingBias = 0x7FFF + ((bits >> 16) & 1)
    return UInt16((bits &+ roundingBias) >> 16)
}

/// IEEE binary16 from float32 with round-to-nearest-even, overflow to infinity and subnormals kept.
func floatToHalf(_ v: Float) -> UInt16 {
    let bits = v.bitPattern
    let sign = UInt16((bits >> 16) & 0x8000)
    let exponent = Int((bits >> 23) & 0xFF)
    let mantissa = bits & 0x7F_FFFF
    if exponent == 0xFF { return sign | 0x7C00 | (mantissa != 0 ? 0x0200 : 0) }
    let e = exponent - 127 + 15
    if e >= 0x1F { return sign | 0x7C00 }
    if e <= 0 {
        // Subnormal half (or zero): shift the full significand right, rounding to nearest even.
        if e < -10 { return sign }
        let significand = mantissa | 0x80_0000
        let shift = UInt32(14 - e)
        var half = significand >> shift
        let remainder = significand & ((1 << shift) - 1)
        let halfway = UInt32(1) << (shift - 1)
        if remainder > halfway || (remainder == halfway && half & 1 == 1) { half += 1 }
        return sign | UInt16(half)
    }
    var half = UInt32(e) << 10 | (mantissa >> 13)
    let remainder = mantissa & 0x1FFF
    if remainder > 0x1000 || (remainder == 0x1000 && half & 1 == 1) { half += 1 }  // may carry into infinity: correct
    return sign | UInt16(half)
}

/// Float32 from IEEE binary16 (exact).
func halfToFloat(_ h: UInt16) -> Float {
    let sign: Float = h & 0x8000 != 0 ? -1 : 1
    let exponent = Int((h >> 10) & 0x1F)
    let mantissa = Float(h & 0x3FF)
    switch exponent {
    case 0: return sign * mantissa * 0x1p-24
    case 0x1F: return mantissa == 0 ? sign * .infinity : .nan
    default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
    }
}
