import MusicCore

/// A dataset's summary for people: what `ensemble dataset build` prints at the end and `dataset info` shows.
public enum DatasetReport {
    /// Examples listed per skip reason.
    public static let examplesPerReason = 3

    public static func text(_ file: DatasetFile, contentHash: String?) -> String {
        let s = file.summary, settings = file.dataset.settings
        var out = ""
        func line(_ label: String, _ value: String) { out += pad(label, 10) + value + "\n" }
        // Names and paths come from the user's files: through TerminalText before they reach the terminal.
        line("Dataset", TerminalText.visible(file.dataset.name, limit: 120) + (contentHash.map { " (hash \($0))" } ?? ""))
        line("Files", "\(s.filesSeen) MIDI file\(plural(s.filesSeen)): \(s.filesUsed) used, \(s.skipped.count) skipped")
        var label = "Skipped"
        for group in s.skippedByReason {
            let examples = group.files.prefix(examplesPerReason).map {
                TerminalText.visible("\($0.path) (\($0.detail))", limit: 300)
            }
            let more = group.files.count > examplesPerReason ? "; and \(group.files.count - examplesPerReason) more" : ""
            line(label, "\(group.files.count) \(group.reason.title): " + examples.joined(separator: "; ") + more)
            label = ""
        }
        guard s.filesUsed > 0 else { return out }
        let seed = file.options.map { ", seed \($0.seed)" } ?? ""
        line("Pieces", "\(s.trainPieces) train, \(s.validationPieces) validation (split by file\(seed)), \(s.bars) bars")
        let bars = Double(settings.windowSteps) / 16
        let hop = settings.hopBars == 1 ? "every bar" : "every \(settings.hopBars) bars"
        let shift = settings.transposeLow == 0 && settings.transposeHigh == 0 ? "not transposed"
            : "transposed " + (settings.transposeLow == -settings.transposeHigh ? "±\(settings.transposeHigh)"
                : "\(settings.transposeLow)...\(settings.transposeHigh)") + " semitones"
        line("Windows", "\(s.trainWindows) train, \(s.validationWindows) validation: \(settings.windowSteps) steps"
             + " (\(number(bars)) bars of 4/4), starting on a bar line \(hop); \(shift) in training")
        label = "Roles"
        for role in s.roles {
            let share = 100 * Double(role.pieces) / Double(max(1, s.candidatePieces))
            let percent = format1(share, digits: 0) + "%"
            var text = pad(role.role.rawValue, 8) + String(repeating: " ", count: max(0, 4 - percent.count)) + percent + " of files   "
            if role.kept {
                text += format1(role.notesPerBar) + " notes per bar"
            } else if role.pieces > 0 {
                let into = PianoRollLayout.nearestRoles(to: role.role).first(where: settings.roles.contains)
                text += "dropped (too rare)" + (into.map { ", folded into \($0.rawValue)" } ?? "")
            } else {
                text += "not in the data"
            }
            line(label, text)
            label = ""
        }
        line("Melody", format1(s.melodyNotesPerBar) + " notes per bar")
        let meters = s.meters.map { "\($0.meter) \($0.pieces)" }.joined(separator: ", ")
        line("Meters", (meters.isEmpty ? "none" : meters)
             + (s.meterChangePieces > 0 ? " (\(s.meterChangePieces) piece\(plural(s.meterChangePieces)) with meter changes)" : ""))
        return out
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    static func plural(_ n: Int) -> String { n == 1 ? "" : "s" }

    /// A number with one decimal (or `digits`), without Foundation's formatting.
    static func format1(_ x: Double, digits: Int = 1) -> String {
        let scale = digits == 0 ? 1.0 : 10.0
        let v = (x * scale).rounded() / scale
        if digits == 0 { return String(Int(v)) }
        let whole = Int(v.rounded(.towardZero)), tenth = Int((abs(v - Double(whole)) * 10).rounded())
        return (v < 0 && whole == 0 ? "-" : "") + "\(whole).\(tenth)"
    }

    static func number(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : format1(x, digits: 1) }
}
