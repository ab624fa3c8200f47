import Foundation
import Generators
import ModelLibrary
import MusicCore
import NeuralEngine

/// A run ready to go: what `TrainSetup` decided.
struct TrainPlan {
    var run: TrainingRun
    var hyperparameters: TrainingHyperparameters
    var dataset: TrainingDataset
    var generator: any AccompanimentGenerator
    var critic: any AccompanimentCritic
    var previous: TrainingCheckpoint?
    var instruments: [ModelManifest.Instrument]
    var directory: TrainingRunDirectory
    var store: ModelStore

    /// Trains; returns the exit status (130, 143) when a signal stopped it.
    func start() throws -> Int32? { try Self.train(generator, critic, self) }

    private static func train<G: AccompanimentGenerator, C: AccompanimentCritic>(_ generator: G, _ critic: C,
                                                                                 _ plan: TrainPlan) throws -> Int32? {
        try TrainRunner(generator: generator, critic: critic, plan: plan).run()
    }
}

/// The training loop of `ensemble train`: iterations with the loss log, checkpoints and samples at their
/// intervals, live progress, and on finishing or on Ctrl-C / SIGTERM a last checkpoint and the model saved.
final class TrainRunner<G: AccompanimentGenerator, C: AccompanimentCritic> {
    let session: TrainingSession<G, C>
    let plan: TrainPlan
    let display = TrainDisplay()
    private var checkpointed: Int
    private var sampled = -1

    init(generator: G, critic: C, plan: TrainPlan) throws {
        self.plan = plan
        session = TrainingSession(generator: generator, critic: critic, dataset: plan.dataset, spec: plan.run.config.window,
                                  hyperparameters: plan.hyperparameters)
        checkpointed = -1
        if let previous = plan.previous {
            do { try session.restore(previous) } catch {
                throw CommandLineFiles.fail(plan.directory.checkpointPath, "cannot resume: \(error)")
            }
            session.extend(to: plan.hyperparameters.iterations)
            checkpointed = session.iteration
        }
    }

    var target: Int { session.hyperparameters.iterations }

    func run() throws -> Int32? {
        let log: LossLog
        do {
            try plan.directory.create()
            log = try plan.directory.openLog(history: session.history)
        } catch { throw CommandLineFiles.fail(error.path, error.problem) }
        defer { log.close() }
        printHeader()

        let interactive = display.interactive
        let stop = StopSignal {
            if interactive { FileHandle.standardError.write(Data((TrainDisplay.showCursor + "\n").utf8)) }
        }
        defer { stop.uninstall() }
        display.start()
        defer { display.finish(history: session.history, target: target) }
        while !session.isFinished && stop.received == nil {
            let record = session.step()
            do { try log.append(record) } catch { throw CommandLineFiles.fail(error.path, error.problem) }
            if record.iteration % plan.run.checkpointEvery == 0 { try writeCheckpoint() }
            if plan.run.sampleEvery > 0 && record.iteration % plan.run.sampleEvery == 0 { try writeSample() }
            display.update(history: session.history, target: target)
        }
        if stop.received != nil { display.say("stopping at iteration \(session.iteration): writing the checkpoint and the model") }
        display.finish(history: session.history, target: target)

        guard session.iteration > 0 else {
            print("stopped before the first iteration: nothing to save")
            return stop.exitStatus
        }
        if checkpointed != session.iteration { try writeCheckpoint() }
        if sampled != session.iteration { try writeSample() }
        let directory = try saveModel()
        printSummary(modelDirectory: directory, stopped: stop.received != nil)
        return stop.exitStatus
    }

    func writeCheckpoint() throws {
        let checkpoint = session.checkpoint(run: plan.run)
        do { try TrainingCheckpointFile.write(checkpoint, to: plan.directory.checkpointPath) } catch {
            throw CommandLineFiles.fail(error.path, error.problem)
        }
        checkpointed = session.iteration
        display.say("checkpoint: iteration \(session.iteration) in \(plan.directory.checkpointPath)")
    }

    /// The generator's accompaniment for a validation window (a training window when none is held out), with the
    /// same noise every time so samples show how the model changes.
    func writeSample() throws {
        guard let window = plan.dataset.validationWindows.first ?? plan.dataset.trainWindows.first else { return }
        let noise = session.generator.sampleNoise(
            batch: 1, generator: RandomGenerator(seed: TrainingSeeds.seed(session.hyperparameters.seed, .samples)))
        let song = TrainingSample.song(generator: session.generator, piece: plan.dataset.pieces[window.piece],
                                       start: window.start, spec: plan.run.config.window, instruments: plan.instruments,
                                       noise: noise)
        let path = plan.directory.samplePath(iteration: session.iteration)
        do { try ModelStore.writeAtomically(song.midiFileBytes(), to: path) } catch {
            throw CommandLineFiles.fail(error.path, error.problem)
        }
        sampled = session.iteration
        display.say("sample: \(path)")
    }

    func saveModel() throws -> String {
        let h = session.hyperparameters
        let training = ModelManifest.Training(
            iterations: session.iteration, batchSize: h.batchSize, learningRate: h.learningRate, updateRatio: h.updateRatio,
            seed: h.seed, seconds: session.seconds, finishedAt: ISO8601DateFormatter().string(from: Date()),
            fineTunedFrom: plan.run.fineTunedFrom)
        var manifest = ModelManifest(name: plan.run.name, genre: plan.run.genre, config: plan.run.config,
                                     instruments: plan.instruments, dataset: plan.run.dataset, training: training)
        // Each track as busy as the data's (NoteThresholds): a second or two, so every save is calibrated.
        manifest.thresholds = NoteThresholds.calibrate(session.generator, on: plan.dataset)
        do { return try plan.store.save(manifest: manifest, weights: session.generator.stateDictFile()) } catch {
            throw CommandLineFiles.fail(error.path, error.problem)
        }
    }

    func printHeader() {
        func millions(_ module: Module) -> String {
            String(format: "%.2f M", Double(module.parameters().reduce(0) { $0 + $1.count }) / 1e6)
        }
        let h = session.hyperparameters
        let start = session.iteration > 0 ? "resuming at iteration \(session.iteration) of \(target)" : "\(target) iterations"
        FileHandle.standardError.write(Data("""
            training \(plan.run.name) (genre \(plan.run.genre)): \(plan.run.config.architecture), \
            \(millions(session.generator)) generator + \(millions(session.critic)) critic parameters; \(start), \
            batch size \(h.batchSize), lr \(h.learningRate), update ratio \(h.updateRatio), seed \(h.seed); \
            \(Engine.threads) threads
            run directory: \(plan.directory.path)\n
            """.utf8))
    }

    func printSummary(modelDirectory: String, stopped: Bool) {
        let speed = session.seconds > 0 ? String(format: "%.2f it/s", Double(session.history.count) / session.seconds) : ""
        let time = TrainDisplay.clock(session.seconds)
        print("saved model \(plan.run.name) (\(plan.run.config.architecture), genre \(plan.run.genre)) in \(modelDirectory): "
              + "\(session.iteration) iterations, \(time) of training, \(speed)")
        print("losses: \(plan.directory.logPath)")
        if stopped {
            print("stopped at iteration \(session.iteration) of \(target); continue with: ensemble train --name \(plan.run.name) --resume")
        }
    }
}
