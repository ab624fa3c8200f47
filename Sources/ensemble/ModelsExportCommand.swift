import ArgumentParser
import Foundation
import Generators
import ModelLibrary
import NeuralEngine

/// `ensemble models export NAME --to DIR [--precision f16]`: a stored model's directory written elsewhere (to share
/// it, or to ship it in `Models/`), its weights checked on the way and stored in half precision by default.
struct ModelsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a stored model (manifest and generator weights) into another directory.",
        discussion: """
            The model is loaded first (a broken one is refused), then written to DIR/NAME: manifest.json and \\
            generator.safetensors, each through a temporary file renamed into place. Half precision (f16, the \\
            default) halves the file; generation loads it as float32 and its output differs from the f32 \\
            model's only where a value sits on the note threshold. Copy the directory into another machine's \\
            ~/.local/share/ensemble/models, or point ENSEMBLE_MODELS at DIR.
            Example: ensemble models export surf --to ~/shared-models
            """)

    enum Precision: String, ExpressibleByArgument, CaseIterable {
        case f32, f16, bf16
        var dtype: SafeTensorsDType {
            switch self {
            case .f32: .f32
            case .f16: .f16
            case .bf16: .bf16
            }
        }
    }

    @Argument(help: "The model's name, as 'ensemble models' lists it.")
    var name: String

    @Option(help: "The directory to write the model's directory into (created when missing).")
    var to: String

    @Option(help: "How the weights are stored: f32, f16 or bf16 (default f16).")
    var precision: Precision = .f16

    func run() throws {
        let stored = try GenerateCommand.findModel(name: name, genre: nil, architecture: "")
        let loaded = try GenerateCommand.load(stored)
        let target = ModelStore(userDirectory: to, shippedDirectories: [])
        let weights = loaded.generator.stateDictFile(dtype: precision.dtype, metadata: ["name": stored.name])
        do {
            let directory = try target.save(manifest: stored.manifest, weights: weights)
            print("exported \(stored.name) (\(precision.rawValue) weights) to \(directory)")
        } catch { throw CommandLineFiles.fail(error.path, error.problem) }
    }
}
