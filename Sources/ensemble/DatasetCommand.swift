import ArgumentParser
import Foundation
import Generators
import ModelLibrary

/// `ensemble dataset build|info`: training datasets (`.ensds`) from folders of MIDI files.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Build a training dataset (.ensds) from folders of MIDI files, or describe one.",
        subcommands: [DatasetBuildCommand.self, DatasetInfoCommand.self])
}

struct DatasetBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Turn folders of MIDI files (searched recursively) into one .ensds training file.",
        discussion: """
            Each file becomes a piece: its melody (a track named "melody", else the best monophonic candidate) and \
            its accompaniment sorted into roles (drums, bass, chords, pad; the roles too few files play are folded \
            into the nearest kept one). Windows of --bars bars of 4/4 start on bar lines every --hop bars; files \
            are split into training and validation by file. Files that cannot be used are skipped with the reason.
            Examples:
              ensemble dataset build data/midi/jazz -o jazz.ensds
              ensemble dataset build songs/ more-songs/ -o mix.ensds --meters 4/4,3/4 --validation 0.2 --seed 7
            """)

    @Argument(help: "Folders (or single files) of MIDI files: *.mid and *.midi, searched recursively.")
    var folders: [String]

    @Option(name: .shortAndLong, help: "The dataset file to write (NAME.ensds).")
    var output: String

    @Option(parsing: .unconditional, help: "Window length in bars of 4/4 (1 to 16).")
    var bars = "4"

    @Option(parsing: .unconditional, help: "Bars between window starts (1 to 64).")
    var hop = "1"

    @Option(parsing: .unconditional, help: "Training transposes each window by up to ± this many semitones (0 to 12).")
    var transpose = "5"

    @Option(name: .customLong("min-notes"), parsing: .unconditional, help: "Leave out accompaniment parts with fewer notes than this.")
    var minNotes = "4"

    @Option(name: .customLong("min-melody-notes"), parsing: .unconditional, help: "Skip files whose melody has fewer notes than this.")
    var minMelodyNotes = "8"

    @Option(help: "Meters allowed, comma-separated (a file with meter changes needs all of its meters allowed).")
    var meters = "4/4,3/4,6/8,2/4,12/8"

    @Option(parsing: .unconditional, help: "Share of files held out for validation (0 to 0.5).")
    var validation = "0.1"

    @Option(parsing: .unconditional, help: "Seed of the train/validation split.")
    var seed = "1"

    @Option(name: .customLong("role-share"), parsing: .unconditional, help: "Keep a role only if at least this share of the files play it (0 to 1).")
    var roleShare = "0.2"

    func run() throws {
        let options = try parsedOptions()
        guard output.lowercased().hasSuffix(".ensds") else {
            throw CommandLineFiles.fail(output, "dataset files end in .ensds; use a name like \(output).ensds")
        }
        let directory = (output as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw CommandLineFiles.fail(output, "no such folder to write into: \(directory)")
        }
        let name = ((output as NSString).lastPathComponent as NSString).deletingPathExtension
        let started = Date()
        let bar = ProgressBar(label: "reading MIDI files")
        let file: DatasetFile
        do {
            file = try DatasetLoader.build(roots: folders, name: name, options: options) { bar.update($0, $1) }
        } catch {
            bar.finish()
            throw CommandLineFiles.fail(error.path, error.problem)
        }
        bar.finish()
        let seconds = Date().timeIntervalSince(started)
        let bytes = file.encoded()
        let hash = DatasetFile.contentHash(ofEncoded: bytes)
        print(DatasetReport.text(file, contentHash: file.dataset.trainWindows.isEmpty ? nil : hash), terminator: "")
        guard !file.dataset.trainWindows.isEmpty else {
            throw CommandLineFiles.fail(folders.count == 1 ? folders[0] : "dataset", file.summary.emptyReason + "; nothing written")
        }
        do { try ModelStore.writeAtomically(bytes, to: output) } catch {
            throw CommandLineFiles.fail(output, "cannot write: \(error.problem)")
        }
        let rate = Double(file.summary.filesSeen) / max(seconds, 1e-6)
        print(String(format: "wrote %@ (%@) in %.1f s, %.0f files/s", output, Self.size(bytes.count), seconds, rate))
    }

    /// The options, or a one-line error naming the flag and its range.
    func parsedOptions() throws -> DatasetBuildOptions {
        var o = DatasetBuildOptions()
        o.windowBars = try Self.integer(bars, "--bars", "1...16")
        o.hopBars = try Self.integer(hop, "--hop", "1...64")
        o.transpose = try Self.integer(transpose, "--transpose", "0...12 semitones")
        o.minPartNotes = try Self.integer(minNotes, "--min-notes", "1...100000")
        o.minMelodyNotes = try Self.integer(minMelodyNotes, "--min-melody-notes", "1...100000")
        o.validationShare = try Self.fraction(validation, "--validation", "0...0.5")
        o.roleShare = try Self.fraction(roleShare, "--role-share", "0...1")
        guard let s = UInt64(seed) else { throw Self.fail("--seed must be a whole number 0...\(UInt64.max) (got '\(CommandLineFiles.shortened(seed))')") }
        o.seed = s
        var list: [Meter] = []
        for text in meters.split(separator: ",").map(String.init) where !text.isEmpty {
            guard let meter = Meter(parsing: text) else { throw Self.fail("--meters: unknown meter '\(CommandLineFiles.shortened(text))'; use \(Meter.allowedText)") }
            if !list.contains(meter) { list.append(meter) }
        }
        o.meters = list
        if let problem = o.problem { throw Self.fail(problem) }
        return o
    }

    static func integer(_ text: String, _ flag: String, _ range: String) throws -> Int {
        guard let value = Int(text) else { throw fail("\(flag) must be a whole number \(range) (got '\(CommandLineFiles.shortened(text))')") }
        return value
    }

    static func fraction(_ text: String, _ flag: String, _ range: String) throws -> Double {
        guard let value = Double(text), value.isFinite else { throw fail("\(flag) must be a number \(range) (got '\(CommandLineFiles.shortened(text))')") }
        return value
    }

    static func fail(_ message: String) -> ExitCode { CommandLineFiles.fail("dataset build", message) }

    static func size(_ bytes: Int) -> String {
        bytes < 1 << 20 ? String(format: "%.1f kB", Double(bytes) / 1024) : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}

struct DatasetInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a dataset file: files used and skipped, pieces, windows, roles, note density, meters.")

    @Argument(help: "A dataset file (.ensds).")
    var file: String

    @Flag(name: .long, help: "Print the header as JSON (for scripts).")
    var json = false

    func run() throws {
        let loaded: LoadedDataset
        do { loaded = try DatasetLoader.read(path: file) } catch {
            throw CommandLineFiles.fail(error.path, error.problem)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        if json {
            print(try Self.json(loaded, file: file, bytes: size))
        } else {
            print(DatasetReport.text(loaded.file, contentHash: loaded.contentHash), terminator: "")
            print("File      \(file) (\(DatasetBuildCommand.size(size)), format version \(DatasetFile.version))")
        }
    }

    struct Output: Encodable {
        var file: String
        var bytes: Int
        var version: UInt32
        var contentHash: String
        var name: String
        var settings: TrainingDataset.Settings
        var options: DatasetBuildOptions?
        var summary: DatasetSummary
        var pieces: [DatasetPieceInfo]
    }

    static func json(_ loaded: LoadedDataset, file: String, bytes: Int) throws -> String {
        let output = Output(file: file, bytes: bytes, version: DatasetFile.version, contentHash: loaded.contentHash,
                            name: loaded.dataset.name, settings: loaded.dataset.settings, options: loaded.file.options,
                            summary: loaded.summary, pieces: loaded.file.pieces)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(output), as: UTF8.self)
    }
}

/// A progress bar redrawn in place on stderr (only when stderr is a terminal), at most ten times a second.
final class ProgressBar {
    let label: String
    let enabled = isatty(STDERR_FILENO) != 0
    var lastDraw = Date.distantPast
    var drawn = false

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        guard enabled, done == total || Date().timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = Date()
        let width = 30, filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(done)/\(total)\u{1B}[K".utf8))
        drawn = true
    }

    /// Clears the bar's line.
    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
