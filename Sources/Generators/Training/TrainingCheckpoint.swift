import NeuralEngine

/// Which run a checkpoint belongs to: the model being trained and the data it is trained on. A checkpoint is
/// only resumed for the same model name, configuration and dataset content.
public struct TrainingRun: Hashable, Sendable, Codable {
    /// The model's name (its directory in the store and the run's directory).
    public var name: String
    public var genre: String
    public var config: ModelConfig
    /// The dataset, with the hash of its content.
    public var dataset: ModelManifest.DatasetReference
    /// Where the data was read from, so `--resume` can find it again without `--data`.
    public var dataPath: String?
    /// The stored model whose generator the run started from (`--from`), if any.
    public var fineTunedFrom: String?
    /// Iterations between checkpoints and between sample files (0: samples only at the end), kept so a resumed
    /// run keeps its rhythm.
    public var checkpointEvery: Int
    public var sampleEvery: Int

    public init(name: String, genre: String, config: ModelConfig, dataset: ModelManifest.DatasetReference,
                dataPath: String? = nil, fineTunedFrom: String? = nil, checkpointEvery: Int = 50, sampleEvery: Int = 100) {
        self.name = name
        self.genre = genre
        self.config = config
        self.dataset = dataset
        self.dataPath = dataPath
        self.fineTunedFrom = fineTunedFrom
        self.checkpointEvery = checkpointEvery
        self.sampleEvery = sampleEvery
    }
}

/// The scalar part of a training state; the weights, optimiser moments and loss history are tensors beside it.
public struct TrainingProgress: Hashable, Sendable, Codable {
    /// Iterations completed.
    public var iteration: Int
    /// Training seconds so far (over every session of the run).
    public var seconds: Double
    public var hyperparameters: TrainingHyperparameters
    public var cursor: WindowBatcher.Cursor
    /// The trainer's noise and interpolation stream.
    public var trainerRandom: RandomGenerator.State
    /// `RandomGenerator.current` (layers that draw from it, e.g. dropout).
    public var globalRandom: RandomGenerator.State

    public init(iteration: Int, seconds: Double, hyperparameters: TrainingHyperparameters,
                cursor: WindowBatcher.Cursor, trainerRandom: RandomGenerator.State, globalRandom: RandomGenerator.State) {
        self.iteration = iteration
        self.seconds = seconds
        self.hyperparameters = hyperparameters
        self.cursor = cursor
        self.trainerRandom = trainerRandom
        self.globalRandom = globalRandom
    }
}

/// Why a checkpoint cannot be resumed: one line.
public struct TrainingCheckpointError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problem: String
    public init(_ problem: String) { self.problem = problem }
    public var description: String { problem }
}

/// The whole state of a training run, enough to continue it bit for bit: generator and critic weights with their
/// buffers, both Adam states, every random stream, the data cursor, the loss history, the hyperparameters, the
/// model configuration and the dataset hash. Stored as one safetensors file (see `TrainingCheckpointFile`), its
/// tensors named `generator.*`, `critic.*`, `generator_optimizer.*`, `critic_optimizer.*` and `history`.
public struct TrainingCheckpoint: Sendable {
    /// The checkpoint layout this program writes; newer ones are refused.
    public static let currentFormat = 1

    public static let generatorPrefix = "generator."
    public static let criticPrefix = "critic."
    public static let generatorOptimizerPrefix = "generator_optimizer."
    public static let criticOptimizerPrefix = "critic_optimizer."
    public static let historyName = "history"

    /// The JSON-coded part.
    public struct Info: Hashable, Sendable, Codable {
        public var format: Int
        public var run: TrainingRun
        public var progress: TrainingProgress
        public init(format: Int = TrainingCheckpoint.currentFormat, run: TrainingRun, progress: TrainingProgress) {
            self.format = format
            self.run = run
            self.progress = progress
        }
    }

    public var info: Info
    public var tensors: SafeTensorsFile

    public init(info: Info, tensors: SafeTensorsFile) {
        self.info = info
        self.tensors = tensors
    }

    public var run: TrainingRun { info.run }
    public var progress: TrainingProgress { info.progress }

    /// The tensors whose names start with `prefix`, with the prefix removed.
    public func tensors(under prefix: String) -> SafeTensorsFile {
        var out = SafeTensorsFile()
        for (name, tensor) in tensors.tensors where name.hasPrefix(prefix) { out[String(name.dropFirst(prefix.count))] = tensor }
        return out
    }

    /// The loss history, checked against the iteration count.
    public func history() throws(TrainingCheckpointError) -> LossHistory {
        guard let stored = tensors[Self.historyName] else { throw TrainingCheckpointError("no loss history") }
        guard stored.dtype == .f32, let history = LossHistory(table: stored.floats()),
              stored.shape == [history.count, LossHistory.columns] else {
            throw TrainingCheckpointError("loss history has shape \(stored.shape), expected [iterations, \(LossHistory.columns)]")
        }
        guard history.count == progress.iteration else {
            throw TrainingCheckpointError("loss history has \(history.count) iterations, the checkpoint says \(progress.iteration)")
        }
        return history
    }

    /// Names every way `run` differs from the run this checkpoint belongs to (empty when it matches).
    /// `config` is compared only when `compareConfig` (a resumed run takes the checkpoint's).
    public func mismatches(with other: TrainingRun, compareConfig: Bool = true) -> [String] {
        var out: [String] = []
        if run.name != other.name { out.append("it is for model '\(run.name)', not '\(other.name)'") }
        if compareConfig && run.config.architecture != other.config.architecture {
            out.append("it trains --model \(run.config.architecture), not \(other.config.architecture)")
        } else if compareConfig && run.config != other.config {
            out.append("its model configuration differs")
        }
        if run.dataset.hash != other.dataset.hash {
            out.append("it was trained on dataset '\(run.dataset.name)' (hash \(run.dataset.hash.prefix(12))), this data is '\(other.dataset.name)' (hash \(other.dataset.hash.prefix(12)))")
        }
        return out
    }
}
