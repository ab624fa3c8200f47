import ArgumentParser
import Foundation
import Generators
import ModelLibrary
import MusicCore

/// `ensemble evaluate`: a model's accompaniments for a dataset's validation melodies, measured beside the data's own
/// accompaniments and beside the same data with melodies shuffled across examples.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure a model's accompaniments against a dataset's validation data (docs/metrics.md).",
        discussion: """
            Cuts 4-bar segments from the dataset's validation pieces (pieces the model never trained on when it \
            was trained on this dataset), writes an accompaniment for each melody with the model, and prints the \
            metrics in three columns: the data's own accompaniment, the generated one, and the data with every \
            accompaniment paired with another segment's melody ("shuffled": what no harmonic following looks like). \
            Per track: EB, UPC, QN, DP, polyphony, in-scale rate; tonal distance between the melody and each track \
            and between tracks.
            Examples:
              ensemble evaluate --genre rock --model musegan --data data/rock.ensds
              ensemble evaluate --name my-band --data ~/midi/band --json report.json
            """)

    @Option(help: "The genre of the model (see 'ensemble models').")
    var genre: String?

    @Option(help: "The architecture: unet, musegan or unet-dc.")
    var model: String = Architecture.unet.rawValue

    @Option(help: "A stored model by name, instead of --genre and --model.")
    var name: String?

    @Option(help: "The dataset: a .ensds file or a folder of MIDI files.")
    var data: String

    enum Pieces: String, ExpressibleByArgument, CaseIterable { case validation, all }

    @Option(help: "Which pieces: validation (the dataset's validation split) or all (for a folder the model never saw, e.g. held-out melodies).")
    var pieces: Pieces = .validation

    @Option(help: "Segments to evaluate at most (spread over the validation data).")
    var limit: Int = 400

    @Option(help: "Seed of the generated takes and of the shuffled pairing.")
    var seed: UInt64 = 1

    @Option(help: "Also write the report as JSON to this file.")
    var json: String?

    func validate() throws {
        guard (1...100_000).contains(limit) else {
            throw CommandLineFiles.fail("--limit", "must be 1...100000, got \(limit)")
        }
    }

    func run() throws {
        let stored = try GenerateCommand.findModel(name: name, genre: genre, architecture: model)
        let loaded = try GenerateCommand.load(stored)
        let dataset: TrainingDataset
        do { dataset = try DatasetLoader.load(path: data).dataset } catch { throw CommandLineFiles.fail(error.path, error.problem) }

        let roles = loaded.manifest.config.window.roles
        let useAll = pieces == .all || dataset.validationWindows.isEmpty
        let windows = useAll ? dataset.trainWindows + dataset.validationWindows : dataset.validationWindows
        let segments = EvaluationSegments.segments(dataset, windows: windows, maximumSteps: loaded.generator.window.steps,
                                                   limit: limit)
        guard segments.count >= 2 else {
            throw CommandLineFiles.fail(data, "needs at least two 4-bar validation segments of one meter; it has \(segments.count)")
        }
        if pieces == .validation && dataset.validationWindows.isEmpty {
            FileHandle.standardError.write(Data("ensemble: \(data): no validation pieces; evaluating on training pieces\n".utf8))
        }
        let accompanist = loaded.accompanist()
        var real: [EvaluationExample] = [], generated: [EvaluationExample] = []
        let start = ContinuousClock.now
        do throws(PianoRollError) {
            for segment in segments {
                let piece = dataset.pieces[segment.piece]
                var melodyOnly = piece
                melodyOnly.parts = []
                let parts = accompanist.accompany(melodyOnly, seed: seed &+ UInt64(segment.start), steps: segment.start ..< segment.end)
                real.append(try EvaluationSegments.example(piece, segment, roles: roles))
                generated.append(try EvaluationSegments.example(piece, segment, roles: roles, parts: parts))
            }
        } catch { throw CommandLineFiles.fail(data, error.description) }
        let seconds = Double((ContinuousClock.now - start).components.seconds)
        let report = EvaluationReport(data: real, generated: generated, shuffledSeed: seed)
        print("model \(loaded.manifest.name) (\(loaded.manifest.architecture), \(loaded.manifest.genre)) on \(dataset.name): "
              + "\(segments.count) segments of 4 bars, \(pieces == .all ? "all" : useAll ? "training" : "validation") pieces, "
              + "\(Int(seconds)) s")
        print(report.text, terminator: report.text.hasSuffix("\n") ? "" : "\n")
        if let json { try CommandLineFiles.write(Array(report.json.utf8) + [10], to: json) }
    }
}
