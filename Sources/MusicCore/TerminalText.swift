/// Text from outside (names in MIDI files, SoundFonts, models, datasets, projects) made safe to print on a
/// terminal: control characters (C0, DEL, C1 — which would move the cursor, clear the screen or start an escape
/// sequence) become "?", and long text is cut with "…". Every command and the studio pass such names through it.
public enum TerminalText {
    public static func visible(_ text: String, limit: Int = 200) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map(visible)))
        return clean.count > limit ? String(clean.prefix(max(0, limit - 1))) + "…" : clean
    }

    /// One scalar as it may be shown: a control character (C0, DEL, C1) becomes "?".
    public static func visible(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) ? "?" : scalar
    }

    /// One scalar for a screen of fixed cells (the studio): besides control characters, a character that takes
    /// no cell (a combining mark, a format character) or two (East Asian wide, emoji) becomes "?", so text from
    /// a file cannot shift the columns after it.
    public static func singleCell(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .surrogate, .unassigned, .privateUse: return "?"
        default: break
        }
        if scalar.properties.isEmojiPresentation || wideRanges.contains(where: { $0.contains(v) }) { return "?" }
        return visible(scalar)
    }

    /// East Asian wide and fullwidth blocks (Unicode's EastAsianWidth W and F, by block).
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD,
    ]
}
