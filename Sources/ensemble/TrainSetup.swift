import ArgumentParser
import Foundation
import Generators
import ModelLibrary
import MusicCore
import NeuralEngine

/// Turns `ensemble train`'s options into a ready run: the previous checkpoint (--resume), the data, the model
/// configuration (default, a stored model's for --from, the checkpoint's for --resume), the hyperparameters, and
/// fresh or loaded networks. Every problem a user can cause is one line naming the file or option.
struct TrainSetup {
    let command: TrainCommand
    let backends: any TrainingBackends
    let store = ModelStore.forCurrentProcess()
    var directory: TrainingRunDirectory { TrainingRunDirectory.forCurrentProcess(name: command.name) }

    func plan() throws -> TrainPlan {
        let previous = try previousCheckpoint()
        guard let dataPath = (command.data ?? previous?.run.dataPath).map(Self.absolute) else {
            throw CommandLineFiles.fail(command.name, "the run does not record its data: give --data")
        }
        let (dataset, hash) = try loadDataset(dataPath)
        let source = try command.from.map(findSource)
        let config = try modelConfig(previous: previous, source: source, dataset: dataset)
        let hyperparameters = try self.hyperparameters(previous: previous)
        let run = TrainingRun(name: command.name, genre: command.genre ?? previous?.run.genre ?? command.name, config: config,
                              dataset: .init(name: dataset.name, hash: hash, trainingWindows: dataset.trainWindows.count),
                              dataPath: dataPath, fineTunedFrom: previous?.run.fineTunedFrom ?? source?.name,
                              checkpointEvery: command.checkpointEvery ?? previous?.run.checkpointEvery ?? 50,
                              sampleEvery: command.sampleEvery ?? previous?.run.sampleEvery ?? 100)
        if let previous, let problem = previous.mismatches(with: run, compareConfig: false).first {
            throw CommandLineFiles.fail(directory.checkpointPath, "cannot resume: \(problem)")
        }
        let models: (generator: any AccompanimentGenerator, critic: any AccompanimentCritic)
        do {
            models = try backends.make(config, random: RandomGenerator(seed: TrainingSeeds.seed(hyperparameters.seed, .generatorInit)))
        } catch { throw CommandLineFiles.fail(previous != nil ? directory.checkpointPath : "--model", "\(error)") }
        if let source { try startFrom(source, generator: models.generator, critic: models.critic) }
        let missing = config.window.roles.filter { role in !dataset.pieces.contains { $0.part(role) != nil } }
        if !missing.isEmpty {
            note("the data has no \(missing.map(\.rawValue).joined(separator: ", ")) part: the model learns silence there")
        }
        let instruments = TrainedInstruments.instruments(roles: config.window.roles, programs: dataset.programs(),
                                                         previous: source?.manifest.instruments ?? [])
        return TrainPlan(run: run, hyperparameters: hyperparameters, dataset: dataset, generator: models.generator,
                         critic: models.critic, previous: previous, instruments: instruments, directory: directory,
                         store: store)
    }

    /// The checkpoint to resume (--resume), after clearing an old run (--restart) or refusing to overwrite one.
    func previousCheckpoint() throws -> TrainingCheckpoint? {
        if command.resume {
            guard directory.hasCheckpoint else {
                throw CommandLineFiles.fail(command.name, "no checkpoint to resume at \(directory.checkpointPath)")
            }
            do { return try TrainingCheckpointFile.read(directory.checkpointPath) } catch {
                throw CommandLineFiles.fail(error.path, error.problem)
            }
        }
        if command.restart {
            do { try directory.clear() } catch { throw CommandLineFiles.fail(error.path, error.problem) }
        } else if directory.hasCheckpoint {
            let at = (try? TrainingCheckpointFile.read(directory.checkpointPath)).map {
                " (iteration \($0.progress.iteration) of \($0.progress.hyperparameters.iterations))"
            } ?? ""
            throw CommandLineFiles.fail(command.name, "a run of this name has a checkpoint\(at) in \(directory.path): add --resume to continue it or --restart to start over")
        }
        return nil
    }

    func loadDataset(_ path: String) throws -> (TrainingDataset, String) {
        let interactive = isatty(STDERR_FILENO) != 0
        var shown = false
        do {
            let (dataset, hash) = try backends.loadDataset(path: path) { done, total in
                guard interactive else { return }
                shown = true
                FileHandle.standardError.write(Data("\r\u{1B}[2Kreading MIDI files: \(done)/\(total)".utf8))
            }
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            let roles = dataset.settings.roles.map(\.rawValue).joined(separator: ", ")
            note("data: \(dataset.name): \(dataset.trainWindows.count) training windows, \(dataset.validationWindows.count) validation windows; roles \(roles)")
            return (dataset, hash)
        } catch {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            let text = "\(error)"
            if text.hasPrefix(path + ": ") { throw CommandLineFiles.fail(path, String(text.dropFirst(path.count + 2))) }
            throw CommandLineFiles.fail(path, text)
        }
    }

    /// The stored model --from names: a model name, else a genre (with --model's architecture, else any).
    func findSource(_ reference: String) throws -> StoredModel {
        if let model = store.find(name: reference) { return model }
        let architectures = command.model.map { [$0] } ?? [.unet, .musegan, .unetDC]
        for architecture in architectures {
            if let model = store.find(genre: reference, architecture: architecture) { return model }
        }
        throw CommandLineFiles.fail("--from", "no stored model or genre '\(CommandLineFiles.shortened(reference))'\(command.model.map { " for --model \($0)" } ?? ""); 'ensemble models' lists them")
    }

    func modelConfig(previous: TrainingCheckpoint?, source: StoredModel?, dataset: TrainingDataset) throws -> ModelConfig {
        let given = previous?.run.config ?? source?.manifest.config
        if let given {
            if let model = command.model, model != given.architecture {
                let whose = previous != nil ? "the run trains" : "\(source!.name) is"
                throw CommandLineFiles.fail("--model", "\(whose) \(given.architecture), not \(model)")
            }
            return given
        }
        var config = backends.defaultConfig(command.model ?? .unet, roles: dataset.settings.roles)
        if let sizes = command.sizes { config.sizes.merge(try TrainCommand.parseSizes(sizes)) { $1 } }
        if command.chordPlane { config.window.conditionPlanes.append(.melodyChord) }
        return config
    }

    /// A new run's from the options; a resumed run's from its checkpoint, where only --iterations may change.
    func hyperparameters(previous: TrainingCheckpoint?) throws -> TrainingHyperparameters {
        guard let previous else { return command.hyperparameters(base: TrainingHyperparameters()) }
        let was = previous.progress.hyperparameters
        var asked = command.hyperparameters(base: was)
        asked.iterations = was.iterations
        let options: [(String, Bool)] = [
            ("--batch-size \(was.batchSize)", asked.batchSize != was.batchSize),
            ("--lr \(was.learningRate)", asked.learningRate != was.learningRate),
            ("--update-ratio \(was.updateRatio)", asked.updateRatio != was.updateRatio),
            ("--seed \(was.seed)", asked.seed != was.seed),
            ("--lr-decay-from \(was.decayFrom.map { "\($0)" } ?? "(none)")", asked.decayFrom != was.decayFrom),
        ]
        if let (option, _) = options.first(where: \.1) {
            throw CommandLineFiles.fail(command.name, "the run was started with \(option); resume without changing it, or --restart")
        }
        var h = was
        h.iterations = command.iterations ?? max(was.iterations, previous.progress.iteration)
        return h
    }

    /// Loads the source model's generator weights, and its critic from its own run's checkpoint when one is kept.
    func startFrom(_ source: StoredModel, generator: any AccompanimentGenerator, critic: any AccompanimentCritic) throws {
        do {
            try generator.loadStateDict(try store.weights(of: source))
        } catch let error as ModelStoreError {
            throw CommandLineFiles.fail(error.path, error.problem)
        } catch {
            throw CommandLineFiles.fail(source.weightsPath, "does not fit the model: \(error)")
        }
        let sourceRun = TrainingRunDirectory.forCurrentProcess(name: source.name)
        var criticNote = "a fresh critic"
        if sourceRun.hasCheckpoint, let checkpoint = try? TrainingCheckpointFile.read(sourceRun.checkpointPath),
           checkpoint.run.config == source.manifest.config,
           (try? critic.loadStateDict(checkpoint.tensors(under: TrainingCheckpoint.criticPrefix))) != nil {
            criticNote = "its critic from \(sourceRun.checkpointPath)"
        }
        note("fine-tuning \(source.name) (\(source.source.rawValue), \(source.manifest.architecture)) with \(criticNote)")
    }

    func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
