/// A key as the studio sees it, whatever the terminal sent.
public enum Key: Hashable, Sendable {
    /// A printable character (shifted symbols arrive as themselves: "?", "+", "<").
    case character(Character)
    case enter, tab, backspace, escape, space
    case up, down, left, right, home, end, pageUp, pageDown, insert, delete
    case function(Int)
}

/// Shift, Ctrl and Alt. Ctrl-R arrives as `.character("r")` with `.ctrl`.
public struct Modifiers: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let shift = Modifiers(rawValue: 1)
    public static let alt = Modifiers(rawValue: 2)
    public static let ctrl = Modifiers(rawValue: 4)
}

/// One key event. Plain terminals only send presses; the kitty keyboard protocol adds repeats and releases
/// (`reportsRelease` is then true, so a held note can wait for its release instead of timing out).
public struct KeyPress: Hashable, Sendable {
    public enum Action: Hashable, Sendable { case press, repeated, release }

    public var key: Key
    public var modifiers: Modifiers
    public var action: Action
    public var reportsRelease: Bool

    public init(_ key: Key, _ modifiers: Modifiers = [], action: Action = .press, reportsRelease: Bool = false) {
        self.key = key
        self.modifiers = modifiers
        self.action = action
        self.reportsRelease = reportsRelease
    }

    public static func ctrl(_ letter: Character) -> KeyPress { KeyPress(.character(letter), .ctrl) }
    public static func char(_ c: Character) -> KeyPress { KeyPress(.character(c)) }
}
