// The safetensors format (huggingface/safetensors), bytes in and bytes out: an 8-byte little-endian header length,
// a JSON header {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}, then the data.
// Reading validates everything a damaged or hostile file could get wrong before touching any tensor bytes.

/// A problem with a safetensors file, naming the tensor when one is at fault.
public struct SafeTensorsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The tensor at fault, or nil for a problem with the file as a whole.
    public let tensor: String?
    public let problem: String

    public init(tensor: String? = nil, _ problem: String) {
        self.tensor = tensor
        self.problem = problem
    }

    public var description: String { tensor.map { "tensor '\($0)': \(problem)" } ?? problem }
}

/// One stored tensor: element type, shape and its raw little-endian bytes.
public struct SafeTensor: Equatable, Sendable {
    public let dtype: SafeTensorsDType
    public let shape: [Int]
    public let bytes: [UInt8]

    /// Number of elements (1 for a scalar with shape []).
    public var count: Int { shape.reduce(1, *) }

    /// Wraps raw bytes; their length must be count × dtype size.
    public init(dtype: SafeTensorsDType, shape: [Int], bytes: [UInt8]) throws(SafeTensorsError) {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw SafeTensorsError("negative dimension in shape \(shape)") }
        guard let expected = byteCount(shape, dtype), expected == bytes.count else {
            throw SafeTensorsError("\(bytes.count) bytes do not hold shape \(shape) of \(dtype.rawValue)")
        }
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// Stores floats as F32, F16 or BF16 (halves rounded to nearest even).
    public init(floats: [Float], shape: [Int], dtype: SafeTensorsDType = .f32) {
        precondition(dtype.isFloatStorage, "floats are stored as F32, F16 or BF16, not \(dtype.rawValue)")
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == floats.count,
                     "\(floats.count) values do not fill shape \(shape)")
        self.dtype = dtype
        self.shape = shape
        self.bytes = dtype.encode(floats)
    }

    /// Stores 64-bit integers (PyTorch's dtype for counters such as BatchNorm's num_batches_tracked).
    public init(int64s: [Int64], shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == int64s.count,
                     "\(int64s.count) values do not fill shape \(shape)")
        self.dtype = .i64
        self.shape = shape
        self.bytes = int64s.flatMap { v in withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    }

    /// The elements converted to Float (exact for F32/F16/BF16; integers above 2^24 round).
    public func floats() -> [Float] { dtype.decode(bytes[...]) }

    /// The elements as 64-bit integers, for integer dtypes; nil for floating-point ones.
    public func int64s() -> [Int64]? {
        switch dtype {
        case .i64:
            return bytes.withUnsafeBytes { raw in
                (0..<count).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
            }
        case .i32, .i16, .i8, .u8, .bool: return floats().map { Int64($0) }
        case .f64, .f32, .f16, .bf16: return nil
        }
    }
}

/// A set of named tensors plus string metadata, kept in insertion order.
public struct SafeTensorsFile: Equatable, Sendable {
    public private(set) var names: [String] = []
    private var storage: [String: SafeTensor] = [:]
    /// Free-form string pairs written under "__metadata__".
    public var metadata: [String: String] = [:]

    public init() {}

    public subscript(name: String) -> SafeTensor? {
        get { storage[name] }
        set {
            if storage[name] == nil, newValue != nil { names.append(name) }
            if newValue == nil { names.removeAll { $0 == name } }
            storage[name] = newValue
        }
    }

    /// Every tensor in insertion (for decoded files: data) order.
    public var tensors: [(name: String, tensor: SafeTensor)] { names.map { ($0, storage[$0]!) } }
}

private func byteCount(_ shape: [Int], _ dtype: SafeTensorsDType) -> Int? {
    var total = dtype.size
    for d in shape {
        let (product, overflow) = total.multipliedReportingOverflow(by: d)
        if overflow { return nil }
        total = product
    }
    return total
}

// MARK: - Encoding

extension SafeTensorsFile {
    /// The file's bytes. Tensors are laid out back to back in insertion order; the header is padded with spaces
    /// to a multiple of 8 bytes so the data starts aligned, as the reference writer does.
    public func encoded() -> [UInt8] {
        var members: [(key: String, value: SafeTensorsJSON)] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { (key: $0, value: SafeTensorsJSON.string(metadata[$0]!)) }
            members.append(("__metadata__", .object(pairs)))
        }
        var offset = 0
        for (name, tensor) in tensors {
            let end = offset + tensor.bytes.count
            members.append((name, .object([
                ("dtype", .string(tensor.dtype.rawValue)),
                ("shape", .array(tensor.shape.map { .number(String($0)) })),
                ("data_offsets", .array([.number(String(offset)), .number(String(end))])),
            ])))
            offset = end
        }
        var header = Array(SafeTensorsJSON.object(members).text.utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out += $0 }
        out += header
        for (_, tensor) in tensors { out += tensor.bytes }
        return out
    }
}

// MARK: - Decoding

extension SafeTensorsFile {
    /// Reads a file's bytes, refusing anything malformed with a message naming the tensor and the problem.
    public init(decoding bytes: [UInt8]) throws(SafeTensorsError) {
        guard bytes.count >= 8 else {
            throw SafeTensorsError("file is \(bytes.count) bytes, too short for the 8-byte header length (truncated?)")
        }
        let headerLength = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw SafeTensorsError("header length \(headerLength) runs past the end of the \(bytes.count)-byte file (truncated, or not a safetensors file)")
        }
        let headerEnd = 8 + Int(headerLength)
        let header = bytes[8..<headerEnd]
        guard header.first == UInt8(ascii: "{") else { throw SafeTensorsError("header does not start with '{' (not a safetensors file?)") }
        guard String(validating: header, as: UTF8.self) != nil else { throw SafeTensorsError("header is not valid UTF-8") }
        let json: SafeTensorsJSON
        do { json = try SafeTensorsJSON.parse(header) } catch {
            throw SafeTensorsError("header is not valid JSON: \(error.reason) at header byte \(error.offset)")
        }
        guard case .object(let members) = json else { throw SafeTensorsError("header is not a JSON object") }

        let dataLength = bytes.count - headerEnd
        var entries: [(name: String, dtype: SafeTensorsDType, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in members {
            if name == "__metadata__" {
                metadata = try Self.metadata(value)
                continue
            }
            let (dtype, shape, begin, end) = try Self.entry(name, value)
            guard end <= dataLength else {
                throw SafeTensorsError(tensor: name, "data [\(begin), \(end)) runs past the end of the \(dataLength)-byte data section (truncated file?)")
            }
            entries.append((name, dtype, shape, begin, end))
        }

        // Tensors must tile the data section exactly: no overlap, no gap, nothing left over.
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expected = 0
        for (index, e) in entries.enumerated() {
            if e.begin < expected {
                throw SafeTensorsError(tensor: e.name, "data [\(e.begin), \(e.end)) overlaps tensor '\(entries[index - 1].name)'")
            }
            if e.begin > expected {
                throw SafeTensorsError(tensor: e.name, "data starts at \(e.begin) but the previous tensor ends at \(expected): bytes belonging to no tensor")
            }
            expected = e.end
        }
        guard expected == dataLength else {
            throw SafeTensorsError("\(dataLength - expected) bytes after the last tensor belong to no tensor")
        }
        for e in entries {
            let slice = Array(bytes[(headerEnd + e.begin)..<(headerEnd + e.end)])
            self[e.name] = try SafeTensor(dtype: e.dtype, shape: e.shape, bytes: slice)
        }
    }

    private static func metadata(_ value: SafeTensorsJSON) throws(SafeTensorsError) -> [String: String] {
        guard case .object(let pairs) = value else { throw SafeTensorsError("__metadata__ is not an object") }
        var result: [String: String] = [:]
        for (key, v) in pairs {
            guard case .string(let s) = v else { throw SafeTensorsError("__metadata__ value for '\(key)' is not a string") }
            result[key] = s
        }
        return result
    }

    private static func entry(_ name: String, _ value: SafeTensorsJSON)
        throws(SafeTensorsError) -> (SafeTensorsDType, [Int], Int, Int)
    {
        guard case .object(let fields) = value else { throw SafeTensorsError(tensor: name, "entry is not an object") }
        func field(_ key: String) throws(SafeTensorsError) -> SafeTensorsJSON {
            guard let v = fields.first(where: { $0.key == key })?.value else {
                throw SafeTensorsError(tensor: name, "missing \"\(key)\"")
            }
            return v
        }
        guard case .string(let dtypeName) = try field("dtype") else { throw SafeTensorsError(tensor: name, "dtype is not a string") }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw SafeTensorsError(tensor: name, "unknown dtype \(dtypeName) (supported: \(SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard case .array(let dims) = try field("shape"), dims.allSatisfy({ $0.nonNegativeInt != nil }) else {
            throw SafeTensorsError(tensor: name, "shape is not a list of non-negative integers")
        }
        let shape = dims.map { $0.nonNegativeInt! }
        guard case .array(let offsets) = try field("data_offsets"), offsets.count == 2,
              let begin = offsets[0].nonNegativeInt, let end = offsets[1].nonNegativeInt
        else { throw SafeTensorsError(tensor: name, "data_offsets is not a pair of non-negative integers") }
        guard begin <= end else { throw SafeTensorsError(tensor: name, "data_offsets [\(begin), \(end)) end before they begin") }
        guard let size = byteCount(shape, dtype), size == end - begin else {
            throw SafeTensorsError(tensor: name, "data_offsets hold \(end - begin) bytes but shape \(shape) of \(dtype.rawValue) needs \(byteCount(shape, dtype).map(String.init) ?? "too many")")
        }
        return (dtype, shape, begin, end)
    }
}
