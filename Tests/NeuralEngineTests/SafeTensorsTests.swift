import XCTest
@testable import NeuralEngine

final class SafeTensorsTests: XCTestCase {
    /// A file from a literal header and data, framed as the format says (8-byte little-endian length first).
    private func file(_ header: String, _ data: [UInt8]) -> [UInt8] {
        let h = Array(header.utf8)
        return withUnsafeBytes(of: UInt64(h.count).littleEndian) { Array($0) } + h + data
    }

    private func floatBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    }

    private func assertRefused(_ bytes: [UInt8], tensor: String?, mentions: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try SafeTensorsFile(decoding: bytes)
            XCTFail("accepted a bad file", file: file, line: line)
        } catch {
            XCTAssertEqual(error.tensor, tensor, "\(error)", file: file, line: line)
            XCTAssertTrue(error.description.contains(mentions), "'\(error)' lacks '\(mentions)'", file: file, line: line)
            if let tensor { XCTAssertTrue(error.description.contains("'\(tensor)'"), file: file, line: line) }
        }
    }

    // MARK: Round trips

    func testRoundTripKeepsNamesOrderShapesValuesAndMetadata() throws {
        var f = SafeTensorsFile()
        f["conv.weight"] = SafeTensor(floats: [1, -2.5, 3.25, .pi, 0, -0, 1e-30, 6e4], shape: [2, 1, 2, 2])
        f["bn.num_batches_tracked"] = SafeTensor(int64s: [1 << 40], shape: [])
        f["half"] = SafeTensor(floats: [0.5, -1, 2048], shape: [3], dtype: .f16)
        f["brain"] = SafeTensor(floats: [0.5, -1, 3e38], shape: [3], dtype: .bf16)
        f["empty"] = SafeTensor(floats: [], shape: [0, 4])
        f.metadata = ["format": "pt", "note": "quote \" backslash \\ newline \n é"]
        let bytes = f.encoded()
        let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual((8 + headerLength) % 8, 0, "data section starts 8-byte aligned")

        let g = try SafeTensorsFile(decoding: bytes)
        XCTAssertEqual(g, f)
        XCTAssertEqual(g.names, ["conv.weight", "bn.num_batches_tracked", "half", "brain", "empty"])
        XCTAssertEqual(g["conv.weight"]!.floats(), [1, -2.5, 3.25, .pi, 0, -0, 1e-30, 6e4])
        XCTAssertEqual(g["bn.num_batches_tracked"]!.int64s(), [1 << 40])
        XCTAssertEqual(g["bn.num_batches_tracked"]!.shape, [])
        XCTAssertEqual(g["half"]!.floats(), [0.5, -1, 2048])
        XCTAssertEqual(g["brain"]!.floats()[0...1], [0.5, -1])
        XCTAssertEqual(g["empty"]!.count, 0)
        XCTAssertNil(g["half"]!.int64s())
    }

    func testReadsAHeaderWrittenByAnotherWriter() throws {
        // Key order, whitespace and trailing padding differ from ours; offsets are not in name order.
        let header = #"{ "b" : {"data_offsets":[0,4], "shape":[1], "dtype":"F32"}, "__metadata__":{"k":"v\u00e9\ud83c\udfb5"},"# +
            #" "a": {"dtype": "I64", "shape": [1, 1], "data_offsets": [4, 12]} }   "#
        let data = floatBytes([7.5]) + withUnsafeBytes(of: Int64(-3).littleEndian) { Array($0) }
        let f = try SafeTensorsFile(decoding: file(header, data))
        XCTAssertEqual(f.names, ["b", "a"])
        XCTAssertEqual(f["b"]!.floats(), [7.5])
        XCTAssertEqual(f["a"]!.int64s(), [-3])
        XCTAssertEqual(f["a"]!.floats(), [-3])
        XCTAssertEqual(f.metadata, ["k": "vé🎵"])
    }

    func testDecodesEveryIntegerAndWideType() throws {
        let header = #"{"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"i":{"dtype":"I32","shape":[1],"data_offsets":[8,12]},"# +
            #""s":{"dtype":"I16","shape":[1],"data_offsets":[12,14]},"b":{"dtype":"I8","shape":[1],"data_offsets":[14,15]},"# +
            #""u":{"dtype":"U8","shape":[1],"data_offsets":[15,16]},"t":{"dtype":"BOOL","shape":[1],"data_offsets":[16,17]}}"#
        var data = withUnsafeBytes(of: (-1.5 as Double).bitPattern.littleEndian) { Array($0) }
        data += withUnsafeBytes(of: Int32(-70000).littleEndian) { Array($0) }
        data += withUnsafeBytes(of: Int16(-300).littleEndian) { Array($0) }
        data += [0xFE, 200, 1]
        let f = try SafeTensorsFile(decoding: file(header, data))
        XCTAssertEqual(f["d"]!.floats(), [-1.5])
        XCTAssertEqual(f["i"]!.int64s(), [-70000])
        XCTAssertEqual(f["s"]!.floats(), [-300])
        XCTAssertEqual(f["b"]!.floats(), [-2])
        XCTAssertEqual(f["u"]!.floats(), [200])
        XCTAssertEqual(f["t"]!.floats(), [1])
    }

    // MARK: Half-precision storage

    func testBFloat16RoundsToNearestEven() {
        XCTAssertEqual(floatToBFloat16(1), 0x3F80)
        XCTAssertEqual(floatToBFloat16(1 + 0x1p-8), 0x3F80, "tie goes to the even mantissa (down)")
        XCTAssertEqual(floatToBFloat16(1 + 3 * 0x1p-8), 0x3F82, "tie goes to the even mantissa (up)")
        XCTAssertEqual(floatToBFloat16(1 + 0x1p-8 + 0x1p-20), 0x3F81, "above the tie rounds up")
        XCTAssertEqual(floatToBFloat16(-2), 0xC000)
        XCTAssertEqual(floatToBFloat16(.greatestFiniteMagnitude), 0x7F80, "rounds past the largest bf16 to infinity")
        XCTAssertEqual(floatToBFloat16(.infinity), 0x7F80)
        XCTAssertTrue(SafeTensorsDType.bf16.decode(floatToBFloat16(.nan).bytesLE[...])[0].isNaN)
    }

    func testHalfMatchesTheHardwareConversionOnManyValues() {
        var rng = SafeTensorsTestRNG(seed: 42)
        var samples: [Float] = [0, -0, 1, -1, 65504, 65519, 65520, 1e9, 0x1p-14, 0x1p-24, 0x1p-25, 3 * 0x1p-26,
                                0x1p-26, 1 + 0x1p-11, 1 + 3 * 0x1p-11, .infinity, -.infinity]
        for _ in 0..<20000 {
            // Spread over the whole half range, subnormals and overflow included.
            let exponent = Int(rng.next() % 50) - 30
            samples.append(Float(sign: rng.next() & 1 == 0 ? .plus : .minus, exponent: exponent,
                                 significand: 1 + Float(rng.next() % (1 << 23)) / Float(1 << 23)))
        }
        for v in samples {
            XCTAssertEqual(floatToHalf(v), Float16(v).bitPattern, "\(v)")
            let h = floatToHalf(v)
            XCTAssertEqual(halfToFloat(h), Float(Float16(bitPattern: h)), "\(v)")
        }
        XCTAssertTrue(halfToFloat(floatToHalf(.nan)).isNaN)
    }

    func testHalfStorageKeepsValuesToItsPrecision() throws {
        let values: [Float] = (0..<100).map { Float($0) * 0.37 - 18 }
        for dtype in [SafeTensorsDType.f16, .bf16] {
            var f = SafeTensorsFile()
            f["x"] = SafeTensor(floats: values, shape: [10, 10], dtype: dtype)
            let back = try SafeTensorsFile(decoding: f.encoded())["x"]!.floats()
            let tolerance: Float = dtype == .f16 ? 0x1p-11 : 0x1p-8  // half an ulp, relative
            for (a, b) in zip(back, values) { XCTAssertLessThanOrEqual(abs(a - b), abs(b) * tolerance, "\(dtype)") }
            XCTAssertEqual(f["x"]!.bytes.count, 200, "2 bytes per element")
        }
    }

    // MARK: Refusals

    private let good = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#

    func testAcceptsTheBaseline() throws {
        XCTAssertEqual(try SafeTensorsFile(decoding: file(good, floatBytes([1, 2, 3]))).names, ["a", "b"])
    }

    func testRefusesTruncatedFiles() {
        let whole = file(good, floatBytes([1, 2, 3]))
        assertRefused([], tensor: nil, mentions: "too short")
        assertRefused(Array(whole[0..<5]), tensor: nil, mentions: "too short")
        assertRefused(Array(whole[0..<40]), tensor: nil, mentions: "header length")
        assertRefused(Array(whole.dropLast(2)), tensor: "b", mentions: "runs past the end")
    }

    func testRefusesAHugeHeaderLength() {
        assertRefused([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7B, 0x7D], tensor: nil, mentions: "header length")
    }

    func testRefusesBadJSON() {
        assertRefused(file(#"{"a": {"dtype": "F32",}}"#, []), tensor: nil, mentions: "not valid JSON")
        assertRefused(file(#"{"a": 1} x"#, []), tensor: nil, mentions: "not valid JSON")
        assertRefused(file(#"{"a": "#, []), tensor: nil, mentions: "not valid JSON")
        assertRefused(file(#"{"a":1,"a":2}"#, []), tensor: nil, mentions: "duplicate key")
        assertRefused(file(#"{"a": "\q"}"#, []), tensor: nil, mentions: "invalid escape")
        assertRefused(file("[1,2]", []), tensor: nil, mentions: "'{'")
        assertRefused(file("{\"a\u{7F}\": \"\u{FF}\"}", []) .replacingByte(0x7F, with: 0xFF), tensor: nil, mentions: "UTF-8")
        assertRefused(file(String(repeating: "{\"a\":[", count: 100), []), tensor: nil, mentions: "nesting")
    }

    func testRefusesBadEntries() {
        assertRefused(file(#"{"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#, [0]), tensor: "w", mentions: "unknown dtype F8_E4M3")
        assertRefused(file(#"{"w":{"shape":[1],"data_offsets":[0,4]}}"#, [0, 0, 0, 0]), tensor: "w", mentions: "missing \"dtype\"")
        assertRefused(file(#"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, [0, 0, 0, 0]), tensor: "w", mentions: "shape")
        assertRefused(file(#"{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#, [0, 0, 0, 0]), tensor: "w", mentions: "shape")
        assertRefused(file(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#, [0, 0, 0, 0]), tensor: "w", mentions: "data_offsets")
        assertRefused(file(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, [0, 0, 0, 0]), tensor: "w", mentions: "end before")
        assertRefused(file(#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, Array(repeating: 0, count: 8)), tensor: "w", mentions: "needs 12")
        assertRefused(file(#"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, Array(repeating: 0, count: 8)), tensor: "w", mentions: "too many")
        assertRefused(file(#"{"w":[1]}"#, []), tensor: "w", mentions: "not an object")
        assertRefused(file(#"{"__metadata__":{"k":1}}"#, []), tensor: nil, mentions: "'k' is not a string")
    }

    func testRefusesOffsetsOutOfRangeOverlappingOrLeavingGaps() {
        let twelve = floatBytes([1, 2, 3])
        assertRefused(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, twelve),
                      tensor: "a", mentions: "runs past the end")
        assertRefused(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"c":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, twelve),
                      tensor: "b", mentions: "overlaps tensor 'a'")
        assertRefused(file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, twelve),
                      tensor: "b", mentions: "belonging to no tensor")
        assertRefused(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, twelve), tensor: nil, mentions: "after the last tensor")
    }

    func testRawInitializerChecksSize() {
        XCTAssertThrowsError(try SafeTensor(dtype: .f32, shape: [3], bytes: [0, 0, 0, 0]))
        XCTAssertNoThrow(try SafeTensor(dtype: .bf16, shape: [2], bytes: [0, 0, 0, 0]))
    }
}

private extension UInt16 {
    var bytesLE: [UInt8] { withUnsafeBytes(of: littleEndian) { Array($0) } }
}

private extension Array where Element == UInt8 {
    func replacingByte(_ a: UInt8, with b: UInt8) -> [UInt8] { map { $0 == a ? b : $0 } }
}

/// A small deterministic generator so the sweep is reproducible.
private struct SafeTensorsTestRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
