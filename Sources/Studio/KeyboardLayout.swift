/// The FastTracker 2 keyboard: two rows of the computer keyboard as 32 semitones from the base note.
/// Bottom row Z S X D C V G B H N J M , L . ; / plays C to the E above; top row Q 2 W 3 E R 5 T 6 Y 7 U I 9 O 0
/// P [ = ] plays the C an octave up to the G above. (Schism Tracker uses the same rows.)
public enum KeyboardLayout {
    public static let bottomRow: [Character] = ["z", "s", "x", "d", "c", "v", "g", "b", "h", "n", "j", "m", ",", "l", ".", ";", "/"]
    public static let topRow: [Character] = ["q", "2", "w", "3", "e", "r", "5", "t", "6", "y", "7", "u", "i", "9", "o", "0", "p", "[", "=", "]"]
    public static let keyCount = 32
    public static let octaveRange = 0...7

    /// Semitones above the base note for a key; upper-case letters count as their lower-case keys (Caps Lock).
    public static func semitone(for character: Character) -> Int? {
        let c = Character(character.lowercased())
        if let index = bottomRow.firstIndex(of: c) { return index }
        if let index = topRow.firstIndex(of: c) { return 12 + index }
        return nil
    }

    /// The MIDI pitch of the lowest key in `octave` (octave 3 → C3 = 48).
    public static func baseNote(octave: Int) -> Int { (octave + 1) * 12 }

    /// The labels of the keys that play `semitone` (bottom row first).
    public static func labels(forSemitone semitone: Int) -> (bottom: Character?, top: Character?) {
        (semitone < bottomRow.count && semitone >= 0 ? bottomRow[semitone] : nil,
         semitone >= 12 && semitone - 12 < topRow.count ? topRow[semitone - 12] : nil)
    }

    public static func isBlack(_ pitch: Int) -> Bool { [1, 3, 6, 8, 10].contains(((pitch % 12) + 12) % 12) }
}
