/// Turns the bytes a terminal sends into key events: UTF-8 text, control characters, xterm/VT escape sequences
/// (arrows, Home/End, PageUp/Down, Insert/Delete, F1–F12, with modifiers), the Linux console's F1–F5, and the
/// kitty keyboard protocol's `CSI code;mods:event u` (press, repeat, release). A lone Escape is ambiguous until
/// the bytes stop coming: the edge calls `flush()` after a short quiet time.
public struct KeyDecoder: Sendable {
    /// Something the terminal said: a key, or an answer to a query.
    public enum Input: Hashable, Sendable {
        case key(KeyPress)
        /// Reply to `CSI ? u`: the terminal speaks the kitty keyboard protocol.
        case kittyKeyboard(flags: Int)
        /// Reply to the primary device attributes query `CSI c` (ends the capability probe).
        case deviceAttributes
    }

    private var pending: [UInt8] = []

    public init() {}

    public mutating func feed(_ bytes: [UInt8]) -> [Input] {
        pending += bytes
        var result: [Input] = []
        while !pending.isEmpty {
            guard let (input, used) = decodeOne(pending, final: false) else { break }
            pending.removeFirst(used)
            if let input { result.append(input) }
        }
        return result
    }

    /// Decodes what is left as if no more bytes will follow (a lone ESC becomes Escape).
    public mutating func flush() -> [Input] {
        var result: [Input] = []
        while !pending.isEmpty {
            guard let (input, used) = decodeOne(pending, final: true) else { pending.removeAll(); break }
            pending.removeFirst(used)
            if let input { result.append(input) }
        }
        return result
    }

    public var hasPending: Bool { !pending.isEmpty }

    /// One input from the front of `bytes` and how many bytes it used; nil when more bytes are needed.
    private func decodeOne(_ bytes: [UInt8], final: Bool) -> (Input?, Int)? {
        let first = bytes[0]
        if first == 0x1B {
            if bytes.count == 1 { return final ? (.key(KeyPress(.escape)), 1) : nil }
            if bytes[1] == UInt8(ascii: "[") { return decodeCSI(bytes, final: final) }
            if bytes[1] == UInt8(ascii: "O") { return decodeSS3(bytes, final: final) }
            if bytes[1] == 0x1B { return (.key(KeyPress(.escape)), 1) }
            // Alt+key: ESC then the key.
            guard let (inner, used) = decodeOne(Array(bytes.dropFirst()), final: final) else { return nil }
            if case .key(var press)? = inner {
                press.modifiers.insert(.alt)
                return (.key(press), used + 1)
            }
            return (inner, used + 1)
        }
        if first < 0x20 || first == 0x7F { return (.key(Self.control(first)), 1) }
        return decodeUTF8(bytes, final: final)
    }

    static func control(_ byte: UInt8) -> KeyPress {
        switch byte {
        case 0x0D, 0x0A: return KeyPress(.enter)
        case 0x09: return KeyPress(.tab)
        case 0x7F, 0x08: return KeyPress(.backspace)
        case 0x00: return KeyPress(.space, .ctrl)
        case 0x1C...0x1F: return KeyPress(.character(Character(Unicode.Scalar(byte + 0x40))), .ctrl)
        default: return KeyPress(.character(Character(Unicode.Scalar(byte + 0x60))), .ctrl)
        }
    }

    private func decodeUTF8(_ bytes: [UInt8], final: Bool) -> (Input?, Int)? {
        let first = bytes[0]
        // A stray continuation byte or an invalid lead byte is skipped alone.
        guard first < 0x80 || (0xC2...0xF4).contains(first) else { return (nil, 1) }
        let length = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2
        guard bytes.count >= length else { return final ? (nil, 1) : nil }
        guard let text = String(validating: bytes[0..<length], as: UTF8.self), let c = text.first else {
            return (nil, 1)
        }
        return (.key(c == " " ? KeyPress(.space) : KeyPress(.character(c))), length)
    }

    /// ESC O x: SS3 keys (application cursor mode arrows, F1–F4).
    private func decodeSS3(_ bytes: [UInt8], final: Bool) -> (Input?, Int)? {
        guard bytes.count >= 3 else { return final ? (.key(KeyPress(.character("O"), .alt)), 2) : nil }
        guard let key = Self.finalKey(bytes[2]) else { return (nil, 3) }
        return (.key(KeyPress(key)), 3)
    }

    /// ESC [ params final.
    private func decodeCSI(_ bytes: [UInt8], final: Bool) -> (Input?, Int)? {
        var index = 2
        // Linux console: ESC [ [ A..E are F1..F5.
        if bytes.count > 2, bytes[2] == UInt8(ascii: "[") {
            guard bytes.count >= 4 else { return final ? (nil, bytes.count) : nil }
            let n = Int(bytes[3]) - Int(UInt8(ascii: "A")) + 1
            return ((1...5).contains(n) ? .key(KeyPress(.function(n))) : nil, 4)
        }
        while index < bytes.count, !(0x40...0x7E).contains(bytes[index]) { index += 1 }
        guard index < bytes.count else { return final || bytes.count > 64 ? (nil, bytes.count) : nil }
        let body = String(decoding: bytes[2..<index], as: UTF8.self)
        return (Self.interpretCSI(body: body, final: bytes[index]), index + 1)
    }

    static func interpretCSI(body: String, final: UInt8) -> Input? {
        if body.hasPrefix("?") {
            if final == UInt8(ascii: "u") { return .kittyKeyboard(flags: Int(body.dropFirst()) ?? 0) }
            if final == UInt8(ascii: "c") { return .deviceAttributes }
            return nil
        }
        let fields = body.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let (modifiers, action, kitty) = modifierField(fields.count > 1 ? fields[1] : "")
        func press(_ key: Key) -> Input {
            .key(KeyPress(key, modifiers, action: action, reportsRelease: kitty))
        }
        switch final {
        case UInt8(ascii: "u"):
            return kittyKey(fields[0], modifiers: modifiers, action: action)
        case UInt8(ascii: "~"):
            guard let key = tildeKey(Int(fields[0].split(separator: ":").first ?? "") ?? -1) else { return nil }
            return press(key)
        case UInt8(ascii: "Z"):
            return .key(KeyPress(.tab, modifiers.union(.shift), action: action, reportsRelease: kitty))
        default:
            guard let key = finalKey(final) else { return nil }
            return press(key)
        }
    }

    /// "mods[:event]": mods is 1 + bit set (shift 1, alt 2, ctrl 4); event 1 press, 2 repeat, 3 release.
    static func modifierField(_ field: String) -> (Modifiers, KeyPress.Action, Bool) {
        let parts = field.split(separator: ":")
        let bits = max(0, (parts.first.flatMap { Int($0) } ?? 1) - 1)
        var modifiers: Modifiers = []
        if bits & 1 != 0 { modifiers.insert(.shift) }
        if bits & 2 != 0 { modifiers.insert(.alt) }
        if bits & 4 != 0 { modifiers.insert(.ctrl) }
        let event = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
        let action: KeyPress.Action = event == 3 ? .release : event == 2 ? .repeated : .press
        return (modifiers, action, parts.count > 1)
    }

    static func finalKey(_ byte: UInt8) -> Key? {
        switch byte {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "P"): return .function(1)
        case UInt8(ascii: "Q"): return .function(2)
        case UInt8(ascii: "R"): return .function(3)
        case UInt8(ascii: "S"): return .function(4)
        case UInt8(ascii: "M"): return .enter
        default: return nil
        }
    }

    static func tildeKey(_ code: Int) -> Key? {
        switch code {
        case 1, 7: return .home
        case 2: return .insert
        case 3: return .delete
        case 4, 8: return .end
        case 5: return .pageUp
        case 6: return .pageDown
        case 11...15: return .function(code - 10)
        case 17...21: return .function(code - 11)
        case 23, 24: return .function(code - 12)
        default: return nil
        }
    }

    /// Kitty's `CSI key[:shifted[:base]];mods[:event][;text] u`. With "report alternate keys" the shifted key
    /// arrives too, so Shift+/ reads as "?" as the user meant it.
    static func kittyKey(_ field: String, modifiers: Modifiers, action: KeyPress.Action) -> Input? {
        let codes = field.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard let code = codes.first ?? nil else { return nil }
        var modifiers = modifiers
        var scalarCode = code
        if modifiers.contains(.shift), codes.count > 1, let shifted = codes[1] {
            scalarCode = shifted
            modifiers.remove(.shift)
        }
        let key: Key
        switch code {
        case 13: key = .enter
        case 9: key = .tab
        case 127, 8: key = .backspace
        case 27: key = .escape
        case 32: key = .space
        case 57399...57425: return nil // keypad and lock keys: not used
        case 57441...57454: return nil // bare modifier keys
        default:
            guard let scalar = Unicode.Scalar(scalarCode), scalarCode >= 0x20 else { return nil }
            key = .character(Character(scalar))
        }
        return .key(KeyPress(key, modifiers, action: action, reportsRelease: true))
    }
}
