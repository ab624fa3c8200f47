import ArgumentParser
import Foundation
import Generators
import ModelLibrary
import MusicCore

/// `ensemble models calibrate NAME --data DATASET`: sets a user model's note thresholds (`NoteThresholds`) from a
/// dataset, so each generated track is as busy as the data's. `ensemble train` does this on every save; this
/// command redoes it on other data, or for a model trained before thresholds existed.
struct ModelsCalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Set a model's note thresholds so each generated track is as busy as the dataset's.",
        discussion: """
            Runs the model on up to --windows training windows of the dataset with their real melodies and sets, per \\
            instrument, the output levels above which a note sounds and starts to the values that make it sound and \\
            start as often as the data's own parts do. Only the manifest changes (the weights stay). Works on your \\
            own models; shipped models are calibrated already.
            Example: ensemble models calibrate surf --data ~/midi/surf
            """)

    @Argument(help: "The model's name, as 'ensemble models' lists it.")
    var name: String

    @Option(help: "The dataset: a .ensds file or a folder of MIDI files (usually the one it was trained on).")
    var data: String

    @Option(help: "Training windows to calibrate on at most (1...100000).")
    var windows: Int = 256

    @Option(help: ArgumentHelp("How much lower notes outside the melody's key read (0...2): 0 lets the model's own chromatic notes through, 2 keeps every note in the key.", valueName: "prior"))
    var keyPrior: Float = NoteThresholds.defaultKeyPrior

    func validate() throws {
        guard (1...100_000).contains(windows) else { throw CommandLineFiles.fail("--windows", "must be 1...100000, got \(windows)") }
        guard keyPrior >= 0 && keyPrior <= 2 else { throw CommandLineFiles.fail("--key-prior", "must be 0...2, got \(keyPrior)") }
    }

    func run() throws {
        let store = ModelStore.forCurrentProcess()
        let stored = try GenerateCommand.findModel(name: name, genre: nil, architecture: "")
        guard stored.source == .user else {
            throw CommandLineFiles.fail(stored.directory, "a shipped model is not changed; export it to your models first")
        }
        let loaded = try GenerateCommand.load(stored)
        let dataset: TrainingDataset
        do { dataset = try DatasetLoader.load(path: data).dataset } catch { throw CommandLineFiles.fail(error.path, error.problem) }
        guard !(dataset.trainWindows.isEmpty && dataset.validationWindows.isEmpty) else {
            throw CommandLineFiles.fail(data, "has no windows to calibrate on")
        }
        var manifest = stored.manifest
        let thresholds = NoteThresholds.calibrate(loaded.generator, on: dataset, windows: windows, keyPrior: keyPrior)
        manifest.thresholds = thresholds
        do { try store.saveManifest(manifest) } catch {
            throw CommandLineFiles.fail(error.path, error.problem)
        }
        print("calibrated \(stored.name) on \(thresholds.windows) windows of \(TerminalText.visible(dataset.name)), key prior \(thresholds.keyPrior):")
        for role in thresholds.roles { print("  " + Self.describe(role)) }
    }

    /// One role's levels as a line: "bass: sustain above -0.822, onset above -0.487, one pitch at a time, ...".
    static func describe(_ role: NoteThresholds.Role) -> String {
        var parts = ["sustain above \(String(format: "%.3f", role.sustain))", "onset above \(String(format: "%.3f", role.onset))"]
        if role.monophonic { parts.append("one pitch at a time") }
        if let hold = role.hold { parts.append(String(format: "a note holds down to %.2f below", hold)) }
        if let margin = role.margin { parts.append(String(format: "another pitch takes over %.2f stronger", margin)) }
        if let lowest = role.lowest, let highest = role.highest { parts.append("pitches \(lowest)–\(highest)") }
        if let harmony = role.harmony { parts.append(String(format: "pitches outside the melody's chord %.2f lower", harmony)) }
        if role.shortest > 1 { parts.append("notes of \(role.shortest) steps or more") }
        if role.barRelative { parts.append("read per bar") }
        if let gate = role.gate { parts.append("silent in bars at or below \(String(format: "%.3f", gate))") }
        return "\(role.role.rawValue): " + parts.joined(separator: ", ")
    }
}
