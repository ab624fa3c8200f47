import ArgumentParser
import FileOutput
import Foundation
import ModelLibrary
import MusicCore

/// `ensemble info FILE.mid [--json]`: what is in a MIDI file, one row per track chunk (so note counts match what
/// mido and other tools show per track), with the instruments each chunk plays per channel.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a MIDI file: format, tempo, meter, key, length and every track's instrument and notes.",
        discussion: """
            Tracks are listed as they are stored (one row per MTrk chunk), so note counts match mido's per-track \
            counts. A chunk that plays on several channels (every format-0 file) is shown with one line per channel: \
            Ensemble splits it into one instrument track per channel, with channel 10 as drums.
            """)

    @Argument(help: "A Standard MIDI File (.mid).")
    var file: String

    @Flag(name: .long, help: "Print the report as JSON (for scripts).")
    var json = false

    func run() throws {
        let bytes = try CommandLineFiles.read(file)
        let midi: MIDIFile
        do {
            midi = try MIDIFile(bytes: bytes)
        } catch {
            throw CommandLineFiles.fail(file, error.message)
        }
        let summary = MIDIFileSummary(midi)
        if json {
            print(try InfoReport.json(summary, file: file))
        } else {
            print(InfoReport.text(summary, file: file), terminator: "")
        }
    }
}

/// Renders a MIDIFileSummary for people (text) or scripts (JSON).
enum InfoReport {
    static func json(_ summary: MIDIFileSummary, file: String) throws -> String {
        struct Output: Encodable {
            let file: String
            let summary: MIDIFileSummary
            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(file, forKey: Key("file"))
                try summary.encode(to: encoder)
            }
            struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(_ s: String) { stringValue = s }
                init?(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Output(file: file, summary: summary)), as: UTF8.self)
    }

    static func text(_ s: MIDIFileSummary, file: String) -> String {
        var out = ""
        func line(_ label: String, _ value: String) { out += label.padding(toLength: 10, withPad: " ", startingAt: 0) + value + "\n" }
        line("File", TerminalText.visible(file, limit: 200))
        line("Format", "\(s.format) (\(s.trackCount) track\(s.trackCount == 1 ? "" : "s")), \(s.ticksPerQuarter) ticks per quarter note")
        line("Tempo", tempoText(s.tempos))
        line("Time", meterText(s.timeSignatures))
        var key = s.keySignature.map { "\($0.name) (key signature)" } ?? "no key signature"
        if let estimate = s.estimatedKey {
            key += String(format: "; estimated %@ (r = %.2f)", estimate.name, estimate.correlation ?? 0)
        } else {
            key += "; no pitched notes to estimate one from"
        }
        line("Key", key)
        line("Length", "\(s.lengthBars) bar\(s.lengthBars == 1 ? "" : "s"), \(duration(s.lengthSeconds)), \(s.noteCount) notes")
        out += "\n"
        out += row("#", "Name", "Ch", "Program", "Role", "Notes", "Range")
        for track in s.tracks {
            let name = track.name.map { TerminalText.visible($0, limit: 22) }
                ?? (track.isConductor ? "(conductor)" : track.parts.isEmpty ? "(no channel events)" : "")
            if track.parts.count <= 1 {
                let p = track.parts.first
                out += row("\(track.number)", name, p.map { "\($0.channel)" } ?? "-", p.map(programText) ?? "-",
                           p?.role ?? "-", "\(track.noteCount)", p.map(rangeText) ?? "-")
            } else {
                let channels = channelList(track.parts.map(\.channel))
                out += row("\(track.number)", name, channels, "\(track.parts.count) channels, one track each:", "",
                           "\(track.noteCount)", "")
                for p in track.parts {
                    out += row("", "", "\(p.channel)", programText(p), p.role, "\(p.noteCount)", rangeText(p))
                }
            }
        }
        return out
    }

    static func row(_ number: String, _ name: String, _ channel: String, _ program: String, _ role: String,
                    _ notes: String, _ range: String) -> String {
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func padLeft(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        let text = padLeft(number, 3) + "  " + pad(name, 22) + "  " + pad(channel, 5) + "  " + pad(program, 30) + "  "
            + pad(role, 7) + "  " + padLeft(notes, 6) + "  " + range
        return String(text.reversed().drop { $0 == " " }.reversed()) + "\n"
    }

    /// "1,2", "1-16", "1-3,10": consecutive channels as ranges.
    static func channelList(_ channels: [Int]) -> String {
        var runs: [(Int, Int)] = []
        for c in channels {
            if let last = runs.last, last.1 == c - 1 { runs[runs.count - 1].1 = c } else { runs.append((c, c)) }
        }
        return runs.map { $0.0 == $0.1 ? "\($0.0)" : $0.1 == $0.0 + 1 ? "\($0.0),\($0.1)" : "\($0.0)-\($0.1)" }
            .joined(separator: ",")
    }

    static func programText(_ p: MIDIFileSummary.Part) -> String { "\(p.program) \(p.programName)" }

    static func rangeText(_ p: MIDIFileSummary.Part) -> String {
        guard let low = p.lowestNote, let high = p.highestNote else { return "-" }
        return low == high ? low : "\(low)–\(high)"
    }

    static func tempoText(_ tempos: [MIDIFileSummary.Tempo]) -> String {
        guard let first = tempos.first else { return "120 bpm (MIDI default)" }
        var text = bpm(first.bpm) + " bpm"
        // Files often repeat the same tempo; only real changes are worth a mention.
        var changes: [MIDIFileSummary.Tempo] = []
        var current = first.microsecondsPerQuarter
        for tempo in tempos.dropFirst() where tempo.microsecondsPerQuarter != current {
            changes.append(tempo)
            current = tempo.microsecondsPerQuarter
        }
        if !changes.isEmpty {
            let shown = changes.prefix(4).map { "\(bpm($0.bpm)) at bar \($0.bar + 1)" }.joined(separator: ", ")
            text += ", then " + shown + (changes.count > 4 ? " … (\(changes.count) changes)" : "")
        }
        return text
    }

    static func meterText(_ meters: [MIDIFileSummary.Meter]) -> String {
        guard let first = meters.first else { return "4/4 (MIDI default)" }
        var text = "\(first.numerator)/\(first.denominator)"
        var changes: [MIDIFileSummary.Meter] = []
        var current = (first.numerator, first.denominator)
        for meter in meters.dropFirst() where (meter.numerator, meter.denominator) != current {
            changes.append(meter)
            current = (meter.numerator, meter.denominator)
        }
        if !changes.isEmpty {
            let shown = changes.prefix(4).map { "\($0.numerator)/\($0.denominator) at bar \($0.bar + 1)" }.joined(separator: ", ")
            text += ", then " + shown + (changes.count > 4 ? " … (\(changes.count) changes)" : "")
        }
        return text
    }

    static func bpm(_ value: Double) -> String {
        abs(value - value.rounded()) < 0.05 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d", total / 60, total % 60)
    }
}

/// File access for the MIDI commands, with failures reported as one line `ensemble: FILE: problem` on stderr and
/// exit status 1.
enum CommandLineFiles {
    /// MIDI files are small; anything this big is not one, and reading it whole would only waste memory.
    static let maximumSize = 64 * 1024 * 1024

    static func read(_ path: String, maximumSize: Int = maximumSize, kind: String = "a MIDI file") throws -> [UInt8] {
        if let problem = problem(reading: path, kind: kind) { throw fail(path, problem) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw fail(path, "cannot open the file")  // `problem(reading:)` above already told permission apart
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumSize + 1) ?? Data()
        } catch {
            throw fail(path, "cannot read: \(reason(error))")
        }
        if data.count > maximumSize {
            throw fail(path, "larger than \(maximumSize / 1_048_576) MB: not \(kind) this program will read")
        }
        return [UInt8](data)
    }

    /// Writes through the program's one file writer (`OutputFile`: atomic, following symbolic links, refusing
    /// devices, FIFOs and directories); a failure is one line naming the file.
    static func write(_ bytes: [UInt8], to path: String) throws {
        do { try OutputFile.write(bytes, to: path) } catch { throw fail(error.path, "cannot write: \(error.problem)") }
    }

    /// The operating system's words for a failed file operation ("No such file or directory"), on one line.
    static func reason(_ error: Error) -> String { FileErrorReason.line(error) }

    /// Why `path` cannot be read as `kind` ("a MIDI file"), told apart as the user needs to fix it: no such file,
    /// permission denied, a directory, not a regular file. Nil when it looks readable.
    static func problem(reading path: String, kind: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            switch errno {
            case ENOENT, ENOTDIR: return "no such file"
            case EACCES: return "permission denied (a folder on the way cannot be entered)"
            default: return String(cString: strerror(errno)).lowercased()
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return "is a directory, not \(kind)"
        case S_IFREG: return access(path, R_OK) == 0 ? nil : "permission denied"
        default: return "is not a regular file, not \(kind)"
        }
    }

    /// Echoed user input is cut to this many characters.
    static let echoLimit = 160

    /// `text` (user input or a path) for a message: control characters shown as "?", at most `echoLimit`
    /// characters with the middle elided.
    static func shortened(_ text: String) -> String {
        let text = TerminalText.visible(text, limit: .max)
        guard text.count > echoLimit else { return text }
        return String(text.prefix(echoLimit / 2)) + "…(\(text.count) characters)…" + String(text.suffix(echoLimit / 4))
    }

    /// Prints `ensemble: SUBJECT: message` to stderr (the subject shortened) and returns the exit code to throw.
    static func fail(_ subject: String, _ message: String) -> ExitCode {
        let line = "ensemble: \(shortened(subject)): \(message)\n"
        FileHandle.standardError.write(Data(line.utf8))
        return ExitCode.failure
    }
}
