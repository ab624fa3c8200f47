// The JSON subset a safetensors header needs, parsed and written by hand so that key order is kept, integers
// (byte offsets) are exact, and a malformed header is reported with the byte where it went wrong.

/// A JSON value. Numbers keep their source text so integers up to 2^63 are read exactly.
enum SafeTensorsJSON: Equatable, Sendable {
    case object([(key: String, value: SafeTensorsJSON)])
    case array([SafeTensorsJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (a: SafeTensorsJSON, b: SafeTensorsJSON) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(x), .array(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    /// The value as a non-negative integer, if it is one written without fraction or exponent.
    var nonNegativeInt: Int? {
        guard case .number(let text) = self, !text.contains(where: { ".eE-+".contains($0) }) else { return nil }
        return Int(text)
    }

    /// Parses UTF-8 bytes holding exactly one JSON value (surrounding whitespace allowed).
    static func parse(_ bytes: ArraySlice<UInt8>) throws(SafeTensorsJSONError) -> SafeTensorsJSON {
        var parser = Parser(bytes: bytes, position: bytes.startIndex)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.endIndex else { throw parser.failure("unexpected text after the JSON value") }
        return value
    }

    /// Compact JSON text for this value.
    var text: String {
        switch self {
        case .object(let members):
            return "{" + members.map { Self.quoted($0.key) + ":" + $0.value.text }.joined(separator: ",") + "}"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .string(let s): return Self.quoted(s)
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Where and why a header failed to parse as JSON.
struct SafeTensorsJSONError: Error, Sendable {
    let offset: Int
    let reason: String
}

private struct Parser {
    let bytes: ArraySlice<UInt8>
    var position: Int

    func failure(_ reason: String) -> SafeTensorsJSONError {
        SafeTensorsJSONError(offset: position - bytes.startIndex, reason: reason)
    }

    mutating func skipWhitespace() {
        while position < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(SafeTensorsJSONError) {
        skipWhitespace()
        guard position < bytes.endIndex, bytes[position] == byte else { throw failure("expected \(what)") }
        position += 1
    }

    mutating func value(depth: Int) throws(SafeTensorsJSONError) -> SafeTensorsJSON {
        // Deep nesting never occurs in a real header; the limit keeps hostile input from exhausting the stack.
        guard depth < 64 else { throw failure("nesting deeper than 64 levels") }
        skipWhitespace()
        guard position < bytes.endIndex else { throw failure("unexpected end of header") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    mutating func object(depth: Int) throws(SafeTensorsJSONError) -> SafeTensorsJSON {
        position += 1
        var members: [(key: String, value: SafeTensorsJSON)] = []
        skipWhitespace()
        if position < bytes.endIndex, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard position < bytes.endIndex, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a key string") }
            let key = try string()
            if members.contains(where: { $0.key == key }) { throw failure("duplicate key \"\(key)\"") }
            try expect(UInt8(ascii: ":"), "':'")
            members.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            guard position < bytes.endIndex else { throw failure("unexpected end of header") }
            let next = bytes[position]
            position += 1
            if next == UInt8(ascii: "}") { return .object(members) }
            guard next == UInt8(ascii: ",") else { position -= 1; throw failure("expected ',' or '}'") }
        }
    }

    mutating func array(depth: Int) throws(SafeTensorsJSONError) -> SafeTensorsJSON {
        position += 1
        var items: [SafeTensorsJSON] = []
        skipWhitespace()
        if position < bytes.endIndex, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            guard position < bytes.endIndex else { throw failure("unexpected end of header") }
            let next = bytes[position]
            position += 1
            if next == UInt8(ascii: "]") { return .array(items) }
            guard next == UInt8(ascii: ",") else { position -= 1; throw failure("expected ',' or ']'") }
        }
    }

    mutating func literal(_ word: String) throws(SafeTensorsJSONError) {
        let utf8 = Array(word.utf8)
        guard bytes.endIndex - position >= utf8.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
            throw failure("invalid literal")
        }
        position += utf8.count
    }

    mutating func number() throws(SafeTensorsJSONError) -> String {
        let start = position
        let allowed = Set("+-0123456789.eE".utf8)
        while position < bytes.endIndex, allowed.contains(bytes[position]) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard !text.isEmpty, Double(text) != nil else { position = start; throw failure("invalid value") }
        return text
    }

    mutating func string() throws(SafeTensorsJSONError) -> String {
        position += 1
        var utf8: [UInt8] = []
        while position < bytes.endIndex {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: utf8, as: UTF8.self)
            }
            if byte < 0x20 { throw failure("control character in string") }
            position += 1
            if byte == UInt8(ascii: "\\") {
                utf8 += Array(String(try escape()).utf8)
            } else {
                utf8.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    mutating func escape() throws(SafeTensorsJSONError) -> Unicode.Scalar {
        guard position < bytes.endIndex else { throw failure("unterminated string") }
        let c = bytes[position]
        position += 1
        switch c {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try hex4()
            if (0xD800..<0xDC00).contains(high) {
                guard bytes.endIndex - position >= 6, bytes[position] == UInt8(ascii: "\\"),
                      bytes[position + 1] == UInt8(ascii: "u") else { throw failure("unpaired surrogate") }
                position += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate") }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else { throw failure("unpaired surrogate") }
            return scalar
        default:
            position -= 1
            throw failure("invalid escape")
        }
    }

    mutating func hex4() throws(SafeTensorsJSONError) -> UInt32 {
        guard bytes.endIndex - position >= 4,
              let v = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else { throw failure("invalid \\u escape") }
        position += 4
        return v
    }
}
