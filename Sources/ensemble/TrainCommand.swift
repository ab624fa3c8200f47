import ArgumentParser
import Foundation
import Generators
import ModelLibrary
import MusicCore
import NeuralEngine

extension Architecture: ExpressibleByArgument {}

/// `ensemble train`: WGAN-GP training of a MuseGAN or U-Net accompaniment model on a dataset or a MIDI folder, with
/// live progress, checkpoints and exact resume; the result goes to the user's model store.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an accompaniment model (MuseGAN or U-Net) on a dataset or a folder of MIDI files.",
        discussion: """
            The hyperparameters are DeepComposer's, under its words: --iterations (1000), --batch-size (64), --lr \
            (0.001, Adam with betas 0.5 and 0.9 for both networks), --update-ratio (5 critic updates per generator \
            update); WGAN-GP with a gradient penalty weight of 10.
            The run lives in $XDG_DATA_HOME/ensemble/runs/NAME (default ~/.local/share/ensemble/runs/NAME): \
            checkpoint.safetensors (every --checkpoint-every iterations, on finishing and on Ctrl-C), losses.csv and \
            samples/*.mid. --resume continues exactly where the checkpoint stopped (same data order and random \
            streams); a larger --iterations trains on. The model is saved to $XDG_DATA_HOME/ensemble/models/NAME \
            on finishing and on Ctrl-C, and 'ensemble models' lists it.
            Examples:
              ensemble train --data rock.ensds --model musegan --name rock-gan --genre rock
              ensemble train --data ~/midi/surf --name surf --from rock --iterations 300
              ensemble train --name surf --resume
            """)

    @Option(help: "A dataset (.ensds, from 'ensemble dataset build') or a folder of MIDI files. With --resume: the run's.")
    var data: String?

    @Option(help: "The network: musegan, unet or unet-dc (default unet; with --from or --resume, that model's).")
    var model: Architecture?

    @Option(help: "The model's name: its directory among your models and the run's (letters, digits, '.', '-', '_').")
    var name: String

    @Option(help: "The genre the model writes, as 'generate --genre' and the studio show it (default: the name).")
    var genre: String?

    @Option(help: "Generator updates to run (default \(TrainingHyperparameters.defaultIterations)).")
    var iterations: Int?

    @Option(name: .customLong("batch-size"), help: "Windows per batch (default \(TrainingHyperparameters.defaultBatchSize)).")
    var batchSize: Int?

    @Option(help: "Adam's learning rate for both networks (default 0.001).")
    var lr: Float?

    @Option(name: .customLong("update-ratio"), help: "Critic updates per generator update (default \(TrainingHyperparameters.defaultUpdateRatio)).")
    var updateRatio: Int?

    @Option(help: "Seeds the weights, noise, data order and transpositions (default 0).")
    var seed: UInt64?

    @Option(name: .customLong("lr-decay-from"),
            help: "Keep the learning rate for this fraction of the iterations, then lower it linearly to 0 (MuseGAN: 0.9). Default: constant.")
    var lrDecayFrom: Double?

    @Flag(help: "Continue run NAME from its checkpoint.")
    var resume = false

    @Flag(help: "Discard run NAME's checkpoint, losses and samples and start again.")
    var restart = false

    @Option(help: "Fine-tune: start from a stored model's generator (a model name or a genre), on --data.")
    var from: String?

    @Option(name: .customLong("checkpoint-every"), help: "Write a checkpoint every N iterations (default 50; a resumed run keeps its own).")
    var checkpointEvery: Int?

    @Option(name: .customLong("sample-every"),
            help: "Write a sample MIDI file every N iterations (default 100, 0: only at the end; a resumed run keeps its own).")
    var sampleEvery: Int?

    @Option(help: "Network sizes over the architecture's defaults, e.g. --sizes width=16,noise=8 (see docs/generators.md).")
    var sizes: String?

    @Flag(name: .customLong("chord-plane"),
          help: "Also give the network each bar's chord of the melody (unet, musegan; see docs/training.md).")
    var chordPlane = false

    func validate() throws {
        guard Self.isValidName(name) else {
            throw ValidationError("--name takes letters, digits, '.', '-' and '_' (not starting with '.'), at most 100 characters")
        }
        if let genre, genre.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--genre must not be empty") }
        if let checkpointEvery, checkpointEvery < 1 { throw ValidationError("--checkpoint-every must be at least 1") }
        if let sampleEvery, sampleEvery < 0 { throw ValidationError("--sample-every must be 0 or more") }
        if resume && restart { throw ValidationError("--resume and --restart contradict each other") }
        if resume && from != nil { throw ValidationError("--from starts a run; --resume continues one: use one of them") }
        if resume && sizes != nil { throw ValidationError("a resumed run keeps its sizes: drop --sizes") }
        if chordPlane && (resume || from != nil) {
            throw ValidationError("--chord-plane changes a new model's window: a resumed run or a fine-tuned model keeps its own")
        }
        if chordPlane && model == .unetDC { throw ValidationError("--chord-plane: unet-dc keeps the lab's window (the melody only)") }
        if from != nil && sizes != nil { throw ValidationError("a fine-tuned model keeps its sizes: drop --sizes") }
        if let sizes { _ = try Self.parseSizes(sizes) }
        if !resume && data == nil { throw ValidationError("--data is required (a .ensds dataset or a folder of MIDI files)") }
        if let problem = hyperparameters(base: TrainingHyperparameters()).problem { throw ValidationError(problem) }
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 100 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-".unicodeScalars.contains($0) }
    }

    /// "width=16,noise=8" → ["width": 16, "noise": 8].
    static func parseSizes(_ text: String) throws -> [String: Int] {
        var out: [String: Int] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let value = Int(parts[1]) else {
                throw ValidationError("--sizes takes KEY=NUMBER pairs separated by commas, e.g. width=16,noise=8")
            }
            out[parts[0]] = value
        }
        return out
    }

    /// `base` with the options given on the command line.
    func hyperparameters(base: TrainingHyperparameters) -> TrainingHyperparameters {
        var h = base
        if let iterations { h.iterations = iterations }
        if let batchSize { h.batchSize = batchSize }
        if let lr { h.learningRate = lr }
        if let updateRatio { h.updateRatio = updateRatio }
        if let seed { h.seed = seed }
        if let lrDecayFrom { h.decayFrom = lrDecayFrom }
        return h
    }

    func run() throws {
        let plan = try TrainSetup(command: self, backends: LibraryBackends()).plan()
        let status = try plan.start()
        if let status { throw ExitCode(status) }
    }
}
