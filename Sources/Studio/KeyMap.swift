/// The studio's key bindings — the one table the reducer, the hints line and the help overlay all read, so
/// the guide, the screen and the behaviour agree. Note keys (the FT2 rows) are handled before this table.
public enum KeyMap {
    public struct Binding: Sendable {
        public var keys: [KeyPress]
        public var command: StudioCommand
        /// As shown in help: "Ctrl-R".
        public var label: String
        public var description: String
        /// Short form for the hints line (nil: help only), and its rank (lower shows first).
        public var hint: String?
        public var rank: Int
        public var section: Section
        /// False for the second key of a pair already described by the first ("PgUp/PgDn").
        public var inHelp: Bool
    }

    public enum Section: String, CaseIterable, Sendable {
        case play = "Play and record", generate = "Generate", edit = "Edit", mix = "Mix", files = "Files"
    }

    private static func b(_ keys: [KeyPress], _ command: StudioCommand, _ label: String, _ description: String,
                          _ section: Section, hint: String? = nil, rank: Int = 100, help: Bool = true) -> Binding {
        Binding(keys: keys, command: command, label: label, description: description, hint: hint, rank: rank,
                section: section, inHelp: help)
    }

    private static func k(_ key: Key, _ modifiers: Modifiers = []) -> KeyPress { KeyPress(key, modifiers) }

    public static let bindings: [Binding] = [
        b([k(.space)], .playStop, "Space", "play / stop", .play, hint: "Spc play", rank: 0),
        b([.ctrl("r")], .record, "Ctrl-R", "record on/off (one-bar count-in)", .play, hint: "^R rec", rank: 1),
        b([k(.pageUp)], .octave(1), "PgUp/PgDn", "octave up / down", .play, hint: "PgUp/Dn oct", rank: 20),
        b([k(.pageDown)], .octave(-1), "PgDn", "octave down", .play, help: false),
        b([k(.home)], .velocity(8), "Home/End", "velocity up / down", .play, hint: "Home/End vel", rank: 21),
        b([k(.end)], .velocity(-8), "End", "velocity down", .play, help: false),
        b([.char("+")], .tempo(5), "+ / -", "tempo up / down 5 bpm", .play, hint: "-/+ tempo", rank: 30),
        b([.char("-")], .tempo(-5), "-", "tempo -5 bpm", .play, help: false),
        b([k(.function(2))], .metronome, "F2", "metronome on/off", .play, hint: "F2 click", rank: 31),
        b([k(.function(3))], .quantizeSetting, "F3", "quantize on stop: off, 1/8, 1/16", .play, hint: "F3 quant", rank: 32),
        b([k(.function(4))], .loopMode, "F4", "loop: song, range, off", .play, hint: "F4 loop", rank: 33),
        b([.char("{")], .loopStart, "{ / }", "loop range from / to the cursor's bar", .play),
        b([.char("}")], .loopEnd, "}", "loop range ends with the cursor's bar", .play, help: false),
        b([.ctrl("b")], .songLength, "Ctrl-B", "song length: 2, 4, 8, 12, 16, 24, 32 bars", .play, hint: "^B bars", rank: 34),

        b([.ctrl("g")], .generate, "Ctrl-G", "generate (again: a new take, new seed)", .generate, hint: "^G gen", rank: 2),
        b([k(.tab)], .nextGenre, "Tab/S-Tab", "next / previous genre", .generate, hint: "Tab genre", rank: 3),
        b([k(.tab, .shift)], .previousGenre, "Shift-Tab", "previous genre", .generate, help: false),
        b([.ctrl("t")], .switchGenerator, "Ctrl-T", "switch generator (MuseGAN / U-Net)", .generate, hint: "^T model", rank: 4),
        b([.ctrl("n")], .nextTake, "Ctrl-N/P", "next / previous take", .generate, hint: "^N/^P take", rank: 22),
        b([.ctrl("p")], .previousTake, "Ctrl-P", "previous take", .generate, help: false),

        b([k(.left), k(.right), k(.up), k(.down)], .moveCursor(steps: 0, semitones: 0), "Arrows", "move the cursor", .edit),
        b([k(.enter)], .addNote, "Enter", "add a note at the cursor", .edit, hint: "Enter add", rank: 23),
        b([k(.delete), k(.backspace)], .deleteNote, "Del", "delete the note at the cursor", .edit, hint: "Del del", rank: 24),
        b([k(.right, .shift)], .lengthenNote, "S-Right/Left", "lengthen / shorten note", .edit),
        b([k(.left, .shift)], .shortenNote, "Shift-Left", "shorten the note", .edit, help: false),
        b([k(.up, .shift)], .moveNote(steps: 0, semitones: 1), "S-Up/Down", "move note up / down", .edit),
        b([k(.down, .shift)], .moveNote(steps: 0, semitones: -1), "Shift-Down", "move the note down a semitone", .edit, help: false),
        b([.char(">"), k(.right, .ctrl)], .moveNote(steps: 1, semitones: 0), "> / <", "move note later / earlier", .edit),
        b([.char("<"), k(.left, .ctrl)], .moveNote(steps: -1, semitones: 0), "< or Ctrl-Left", "move the note earlier", .edit, help: false),
        b([.char(")")], .zoom(1), ") / (", "zoom in / out", .edit, hint: "( ) zoom", rank: 35),
        b([.char("(")], .zoom(-1), "(", "zoom out", .edit, help: false),
        b([.ctrl("z")], .undo, "Ctrl-Z/Y", "undo / redo", .edit, hint: "^Z undo", rank: 8),
        b([.ctrl("y")], .redo, "Ctrl-Y", "redo", .edit, hint: "^Y redo", rank: 25, help: false),
        b([.ctrl("x")], .clearMelody, "Ctrl-X", "clear the melody", .edit),
        b([.ctrl("k")], .trim, "Ctrl-K", "trim empty bars around the melody", .edit),

        b([k(.function(6))], .selectTrack(1), "F6", "select the next track", .mix, hint: "F6-8 mix", rank: 36),
        b([k(.function(7))], .mute, "F7", "mute the selected track", .mix),
        b([k(.function(8))], .solo, "F8", "solo the selected track", .mix),
        b([k(.up, .ctrl)], .volume(1), "C-Up/Down", "track volume up / down", .mix),
        b([k(.down, .ctrl)], .volume(-1), "Ctrl-Down", "volume down", .mix, help: false),
        b([.ctrl("f")], .instrument(1), "Ctrl-F/D", "next / previous instrument", .mix),
        b([.ctrl("d")], .instrument(-1), "Ctrl-D", "previous instrument for the track", .mix, help: false),

        b([.ctrl("e")], .export, "Ctrl-E", "export MIDI or WAV (Tab switches)", .files, hint: "^E export", rank: 5),
        b([.ctrl("o")], .open, "Ctrl-O", "open a project, import a MIDI file or a sample", .files, hint: "^O open", rank: 6),
        b([.ctrl("s")], .save, "Ctrl-S", "save the project", .files, hint: "^S save", rank: 7),
        b([k(.function(1)), .char("?")], .help, "F1 or ?", "help", .files, hint: "F1 help", rank: 9),
        b([.ctrl("l")], .redraw, "Ctrl-L", "redraw the screen", .files),
        b([.ctrl("q")], .quit, "Ctrl-Q", "quit", .files, hint: "^Q quit", rank: 10),
        b([.ctrl("c")], .interrupt, "Ctrl-C", "quit at once (work is autosaved)", .files),
    ]

    /// The command for a key press (presses and repeats; releases trigger nothing).
    public static func command(for press: KeyPress) -> StudioCommand? {
        guard press.action != .release else { return nil }
        switch (press.key, press.modifiers) {
        case (.left, []): return .moveCursor(steps: -1, semitones: 0)
        case (.right, []): return .moveCursor(steps: 1, semitones: 0)
        case (.up, []): return .moveCursor(steps: 0, semitones: 1)
        case (.down, []): return .moveCursor(steps: 0, semitones: -1)
        default: break
        }
        for binding in bindings where binding.keys.contains(where: { matches($0, press) }) {
            return binding.command
        }
        return nil
    }

    static func matches(_ bound: KeyPress, _ press: KeyPress) -> Bool {
        guard bound.key == press.key || sameLetter(bound.key, press.key, ctrl: bound.modifiers.contains(.ctrl)) else {
            return false
        }
        if case .character = press.key { return bound.modifiers == press.modifiers.subtracting(.shift) }
        return bound.modifiers == press.modifiers
    }

    /// Ctrl-R and Ctrl-Shift-R (or Caps Lock) are the same command.
    private static func sameLetter(_ a: Key, _ b: Key, ctrl: Bool) -> Bool {
        guard ctrl, case .character(let x) = a, case .character(let y) = b else { return false }
        return x.lowercased() == y.lowercased()
    }

    /// Hints that fit in `width` columns, most important first, separated by two spaces.
    public static func hints(width: Int) -> [String] {
        var result: [String] = []
        var used = 0
        for hint in bindings.compactMap({ b in b.hint.map { (b.rank, $0) } }).sorted(by: { $0.0 < $1.0 }).map(\.1) {
            let cost = hint.count + (result.isEmpty ? 0 : 2)
            guard used + cost <= width else { break }
            result.append(hint)
            used += cost
        }
        return result
    }
}
