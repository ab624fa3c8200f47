import ArgumentParser
import Foundation
import Generators
import ModelLibrary
import MusicCore

/// `ensemble models [list] [--json]` and `ensemble models export`.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the stored models, or export one to share it.",
        subcommands: [ModelsListCommand.self, ModelsExportCommand.self, ModelsCalibrateCommand.self],
        defaultSubcommand: ModelsListCommand.self)
}

/// `ensemble models list [--json]`: the trained models `generate` can use, and model directories that are broken.
struct ModelsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the stored models: the user's own (trained with 'ensemble train') and those shipped with Ensemble.",
        discussion: """
            User models live in $XDG_DATA_HOME/ensemble/models (default ~/.local/share/ensemble/models); shipped \
            models in the first Models/ directory found from $ENSEMBLE_MODELS, the program's directory upwards and \
            the working directory upwards. A user model with the name of a shipped one hides it.
            """)

    @Flag(name: .long, help: "Print the list as JSON (for scripts).")
    var json = false

    func run() throws {
        let store = ModelStore.forCurrentProcess()
        let listing = store.list()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(ModelsReport(store: store, listing: listing)), as: UTF8.self))
        } else {
            print(Self.text(store: store, listing: listing), terminator: "")
        }
    }

    static func text(store: ModelStore, listing: (models: [StoredModel], problems: [ModelStoreError])) -> String {
        var out = ""
        if listing.models.isEmpty {
            out += "No models stored. Train one: ensemble train --data DIR --model unet --name NAME\n"
        } else {
            out += pad("NAME", 20) + pad("GENRE", 10) + pad("MODEL", 9) + pad("ITERATIONS", 11) + pad("DATASET", 16)
                + pad("SOURCE", 8) + "INSTRUMENTS\n"
            for model in listing.models {
                let m = model.manifest
                out += pad(m.name, 20) + pad(m.genre, 10) + pad(m.architecture.rawValue, 9)
                    + pad("\(m.training.iterations)", 11) + pad(m.dataset?.name ?? "-", 16) + pad(model.source.rawValue, 8)
                    + m.instruments.map(instrument).joined(separator: ", ") + "\n"
                out += "    " + model.directory + "\n"
            }
        }
        for problem in listing.problems { out += "broken: " + TerminalText.visible("\(problem)", limit: 400) + "\n" }
        out += "\nUser models: \(store.userDirectory)\n"
        out += "Shipped models: \(store.shippedRoot ?? "none found")\n"
        return out
    }

    static func instrument(_ i: ModelManifest.Instrument) -> String {
        i.role == .drums ? "drums" : "\(i.role.rawValue) \(GeneralMIDI.programName(i.program))"
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
}

/// `ensemble models --json`.
struct ModelsReport: Encodable {
    struct Instrument: Encodable {
        var role: String, program: Int, programName: String, velocity: Int
    }
    struct Model: Encodable {
        var name: String, genre: String, architecture: String, instruments: [Instrument]
        var iterations: Int, trainingSeconds: Double, finishedAt: String, fineTunedFrom: String?
        var dataset: ModelManifest.DatasetReference?
        var source: String, directory: String, weights: String
    }
    struct Problem: Encodable { var path: String, problem: String }

    var models: [Model]
    var problems: [Problem]
    var userDirectory: String
    var shippedDirectory: String?

    init(store: ModelStore, listing: (models: [StoredModel], problems: [ModelStoreError])) {
        models = listing.models.map { stored in
            let m = stored.manifest
            return Model(name: m.name, genre: m.genre, architecture: m.architecture.rawValue,
                         instruments: m.instruments.map {
                             Instrument(role: $0.role.rawValue, program: Int($0.program),
                                        programName: $0.role == .drums ? "drum kit" : GeneralMIDI.programName($0.program),
                                        velocity: Int($0.velocity))
                         },
                         iterations: m.training.iterations, trainingSeconds: m.training.seconds,
                         finishedAt: m.training.finishedAt, fineTunedFrom: m.training.fineTunedFrom, dataset: m.dataset,
                         source: stored.source.rawValue, directory: stored.directory, weights: stored.weightsPath)
        }
        problems = listing.problems.map { Problem(path: $0.path, problem: $0.problem) }
        userDirectory = store.userDirectory
        shippedDirectory = store.shippedRoot
    }
}
