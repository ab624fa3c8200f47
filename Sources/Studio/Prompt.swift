import MusicCore

/// A question on the bottom of the screen: a line to edit, a yes/no, or a list to choose from.
public struct Prompt: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case export, open, save
        case confirmQuit
        case restore(Project, savedAt: String)
        /// Pick the track of `song` to use as the melody.
        case chooseTrack(Song, title: String)
    }

    public var kind: Kind
    public var text: String
    /// Insertion point in `text`, in characters.
    public var cursor: Int
    /// Highlighted row of a choice list.
    public var selection: Int

    public init(kind: Kind, text: String = "", selection: Int = 0) {
        self.kind = kind
        self.text = text
        self.cursor = text.count
        self.selection = selection
    }

    public var isYesNo: Bool {
        switch kind {
        case .confirmQuit, .restore: return true
        default: return false
        }
    }

    public var title: String {
        switch kind {
        case .export: return "Export to"
        case .open: return "Open"
        case .save: return "Save project as"
        case .confirmQuit: return "Quit without saving the latest changes? (autosave failed) [y/N]"
        case .restore(let project, let savedAt):
            return "Restore the session autosaved \(savedAt) (\(project.title), \(project.melody.notes.count) notes, "
                + "\(project.takes.count) takes)? [Y/n]"
        case .chooseTrack(_, let title): return "Use which track of \(title) as the melody?"
        }
    }

    public var help: String {
        switch kind {
        case .export: return "Enter writes · Tab switches .mid / .wav · Esc cancels"
        case .open: return "a .json project, a .mid file or a sample name · Tab: next sample · Esc cancels"
        case .save: return "Enter saves · Esc cancels"
        case .confirmQuit, .restore: return "y or n"
        case .chooseTrack: return "Up/Down choose · Enter imports · Esc cancels"
        }
    }

    // MARK: Line editing

    // Characters can merge as they are edited (a combining accent typed after "e" makes one "é"), so the cursor is
    // recomputed from the text before it and kept inside the text (fuzzing found the insert past the end).
    public mutating func insert(_ c: Character) {
        let chars = Array(text), i = min(max(cursor, 0), chars.count)
        let head = String(chars[..<i]) + String(c)
        text = head + String(chars[i...])
        cursor = min(head.count, text.count)
    }

    public mutating func backspace() {
        let chars = Array(text), i = min(max(cursor, 0), chars.count)
        guard i > 0 else { return }
        let head = String(chars[..<(i - 1)])
        text = head + String(chars[i...])
        cursor = min(head.count, text.count)
    }

    public mutating func deleteForward() {
        let chars = Array(text), i = min(max(cursor, 0), chars.count)
        guard i < chars.count else { return }
        let head = String(chars[..<i])
        text = head + String(chars[(i + 1)...])
        cursor = min(head.count, text.count)
    }

    public mutating func moveCursor(_ delta: Int) { cursor = min(max(cursor + delta, 0), text.count) }

    public mutating func setText(_ newText: String) {
        text = newText
        cursor = newText.count
    }
}

/// What covers the main screen.
public enum Overlay: Equatable, Sendable {
    case none, help
    case prompt(Prompt)
}
