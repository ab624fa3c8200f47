/// Text from outside (names in MIDI files, SoundFonts, models, datasets, projects) made safe to print on a
/// terminal: control characters (C0, DEL, C1 — which would move the cursor, clear the screen or start an escape
/// sequence) become "?", and long text is cut with "…". Every command and the studio pass such names through it.
public enum TerminalText {
    public static func visible(_ text: String, limit: Int = 200) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) ? "?" : $0
        }))
        return clean.count > limit ? String(clean.prefix(max(0, limit - 1))) + "…" : clean
    }
}
