import NeuralEngine

/// A training run in memory: the WGAN-GP trainer, the batcher feeding it, the loss history and the time spent.
/// `step()` runs one iteration; `checkpoint(run:)` captures everything, `restore(_:)` puts it back, so a run
/// stopped and resumed produces the same weights and losses as one that never stopped.
public final class TrainingSession<Generator: ConditionalGenerator, Critic: ConditionalCritic> {
    public let trainer: WGANGP<Generator, Critic>
    public private(set) var batcher: WindowBatcher
    public private(set) var history = LossHistory()
    /// Training seconds so far, over every session of the run.
    public private(set) var seconds: Double = 0
    /// The schedules follow `iterations`, which a resumed run may extend.
    public private(set) var hyperparameters: TrainingHyperparameters

    /// A fresh run: `generator` and `critic` as given (initialised, or a stored generator for fine-tuning),
    /// fresh Adam states, random streams and data order from `hyperparameters.seed`.
    public init(generator: Generator, critic: Critic, dataset: TrainingDataset, spec: WindowSpec,
                hyperparameters: TrainingHyperparameters) {
        precondition(hyperparameters.problem == nil, "TrainingSession: \(hyperparameters.problem!)")
        self.hyperparameters = hyperparameters
        let h = hyperparameters, schedules = h.schedules
        trainer = WGANGP(generator: generator, critic: critic, learningRate: h.learningRate, betas: (h.beta1, h.beta2),
                         criticUpdates: h.updateRatio, penaltyWeight: h.penaltyWeight,
                         random: RandomGenerator(seed: TrainingSeeds.seed(h.seed, .trainer)),
                         generatorSchedule: schedules.generator, criticSchedule: schedules.critic)
        batcher = WindowBatcher(dataset: dataset, spec: spec, batchSize: h.batchSize, seed: h.seed)
    }

    public var generator: Generator { trainer.generator }
    public var critic: Critic { trainer.critic }
    /// Iterations completed.
    public var iteration: Int { history.count }
    public var isFinished: Bool { iteration >= hyperparameters.iterations }

    /// One iteration: `updateRatio` critic updates on fresh batches, one generator update. Returns its record.
    @discardableResult
    public func step() -> LossRecord {
        let learningRate = trainer.generatorOptimizer.learningRate
        let clock = ContinuousClock(), start = clock.now
        let losses = trainer.step { batcher.next() }
        let elapsed = start.duration(to: clock.now)
        seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let record = LossRecord(iteration: iteration + 1, seconds: seconds, losses: losses, learningRate: learningRate)
        history.append(record)
        return record
    }

    /// Sets the iteration target (a resumed run may train on past its first target); the schedules follow it.
    public func extend(to iterations: Int) {
        hyperparameters.iterations = iterations
        let schedules = hyperparameters.schedules
        trainer.generatorOptimizer.schedule = schedules.generator
        trainer.criticOptimizer.schedule = schedules.critic
    }

    /// Everything needed to continue this run, labelled with `run`.
    public func checkpoint(run: TrainingRun) -> TrainingCheckpoint {
        var tensors = SafeTensorsFile()
        func add(_ prefix: String, _ file: SafeTensorsFile) {
            for (name, tensor) in file.tensors { tensors[prefix + name] = tensor }
        }
        add(TrainingCheckpoint.generatorPrefix, generator.stateDictFile())
        add(TrainingCheckpoint.criticPrefix, critic.stateDictFile())
        add(TrainingCheckpoint.generatorOptimizerPrefix, Self.file(trainer.generatorOptimizer.stateDict()))
        add(TrainingCheckpoint.criticOptimizerPrefix, Self.file(trainer.criticOptimizer.stateDict()))
        tensors[TrainingCheckpoint.historyName] = SafeTensor(floats: history.table, shape: [history.count, LossHistory.columns])
        let progress = TrainingProgress(iteration: iteration, seconds: seconds, hyperparameters: hyperparameters,
                                        cursor: batcher.cursor, trainerRandom: trainer.random.state,
                                        globalRandom: RandomGenerator.current.state)
        return TrainingCheckpoint(info: .init(run: run, progress: progress), tensors: tensors)
    }

    /// Puts a checkpoint's state back. Everything is checked before anything changes: a refused checkpoint
    /// leaves the session as it was. The hyperparameters must match this session's (except `iterations`).
    public func restore(_ checkpoint: TrainingCheckpoint) throws(TrainingCheckpointError) {
        let progress = checkpoint.progress
        var mine = hyperparameters, theirs = progress.hyperparameters
        mine.iterations = 0
        theirs.iterations = 0
        guard mine == theirs else { throw TrainingCheckpointError("its hyperparameters differ from this session's") }
        let history = try checkpoint.history()
        guard progress.cursor.epoch >= 0, (0..<batcher.windows.count).contains(progress.cursor.index) else {
            throw TrainingCheckpointError("its data position \(progress.cursor) is outside the dataset's \(batcher.windows.count) windows")
        }
        let generatorState = checkpoint.tensors(under: TrainingCheckpoint.generatorPrefix)
        let criticState = checkpoint.tensors(under: TrainingCheckpoint.criticPrefix)
        let generatorMoments = try Self.tensors(checkpoint.tensors(under: TrainingCheckpoint.generatorOptimizerPrefix))
        let criticMoments = try Self.tensors(checkpoint.tensors(under: TrainingCheckpoint.criticOptimizerPrefix))
        // Validate the weights on scratch copies' shapes first (loadStateDict checks all before writing, but the
        // generator must not be loaded when the critic is then refused).
        try Self.check(generatorState, against: generator, "generator")
        try Self.check(criticState, against: critic, "critic")
        let adamG = Adam(parameters: trainer.generatorOptimizer.parameters.map(Tensor.zerosLike))
        let adamC = Adam(parameters: trainer.criticOptimizer.parameters.map(Tensor.zerosLike))
        do throws(TensorError) {
            try adamG.loadStateDict(generatorMoments)
            try adamC.loadStateDict(criticMoments)
        } catch { throw TrainingCheckpointError("\(error)") }

        do throws(SafeTensorsError) {
            try generator.loadStateDict(generatorState)
            try critic.loadStateDict(criticState)
        } catch { throw TrainingCheckpointError("\(error)") }
        try? trainer.generatorOptimizer.loadStateDict(generatorMoments)
        try? trainer.criticOptimizer.loadStateDict(criticMoments)
        trainer.random = RandomGenerator(state: progress.trainerRandom)
        RandomGenerator.installGlobal(RandomGenerator(state: progress.globalRandom))
        batcher = WindowBatcher(pieces: batcher.pieces, windows: batcher.windows, spec: batcher.spec,
                                batchSize: batcher.batchSize, transposition: batcher.transposition, seed: batcher.seed,
                                cursor: progress.cursor)
        self.history = history
        seconds = progress.seconds
        extend(to: max(progress.hyperparameters.iterations, hyperparameters.iterations))
    }

    private static func file(_ state: [(String, Tensor)]) -> SafeTensorsFile {
        var file = SafeTensorsFile()
        for (name, tensor) in state { file[name] = tensor.safeTensor() }
        return file
    }

    private static func tensors(_ file: SafeTensorsFile) throws(TrainingCheckpointError) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (name, stored) in file.tensors {
            guard stored.dtype.isFloatStorage else { throw TrainingCheckpointError("optimizer tensor '\(name)' is \(stored.dtype.rawValue), not a float") }
            out[name] = stored.tensor()
        }
        return out
    }

    /// The same names and shapes as `module`'s state dict, or why not.
    private static func check(_ file: SafeTensorsFile, against module: Module, _ what: String) throws(TrainingCheckpointError) {
        let expected = module.stateDict()
        for (name, tensor) in expected {
            guard let stored = file[name] else { throw TrainingCheckpointError("\(what) tensor '\(name)' is missing") }
            guard stored.shape == tensor.shape else {
                throw TrainingCheckpointError("\(what) tensor '\(name)' has shape \(stored.shape), the model needs \(tensor.shape)")
            }
        }
        if file.names.count != expected.count {
            let known = Set(expected.map(\.0))
            let extra = file.names.first { !known.contains($0) } ?? "?"
            throw TrainingCheckpointError("\(what) tensor '\(extra)' is not in the model")
        }
    }
}
