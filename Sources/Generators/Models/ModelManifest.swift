import MusicCore

/// What a trained model is, stored as `manifest.json` beside its weights (`generator.safetensors`): enough to
/// rebuild the network, voice its tracks, and tell where it came from.
public struct ModelManifest: Hashable, Sendable, Codable {
    /// The manifest layout this program writes; readers refuse newer ones with a clear message.
    public static let currentFormat = 1

    /// One generated track: its role, the GM program it is voiced with, and a velocity for its notes.
    public struct Instrument: Hashable, Sendable, Codable {
        public var role: TrackRole
        public var program: UInt8
        public var velocity: UInt8
        public init(role: TrackRole, program: UInt8, velocity: UInt8) {
            self.role = role
            self.program = program
            self.velocity = velocity
        }
    }

    /// The dataset a model was trained on.
    public struct DatasetReference: Hashable, Sendable, Codable {
        public var name: String
        /// Content hash of the dataset file (hex), so a model says exactly what it saw.
        public var hash: String
        public var trainingWindows: Int
        public init(name: String, hash: String, trainingWindows: Int) {
            self.name = name
            self.hash = hash
            self.trainingWindows = trainingWindows
        }
    }

    /// How it was trained: DeepComposer's hyperparameters under the same words.
    public struct Training: Hashable, Sendable, Codable {
        public var iterations: Int
        public var batchSize: Int
        public var learningRate: Float
        /// Critic updates per generator update.
        public var updateRatio: Int
        public var seed: UInt64
        /// Wall-clock seconds spent training.
        public var seconds: Double
        /// ISO 8601 time the weights were written.
        public var finishedAt: String
        /// The model it was fine-tuned from, if any.
        public var fineTunedFrom: String?
        public init(iterations: Int, batchSize: Int, learningRate: Float, updateRatio: Int, seed: UInt64,
                    seconds: Double, finishedAt: String, fineTunedFrom: String? = nil) {
            self.iterations = iterations
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.updateRatio = updateRatio
            self.seed = seed
            self.seconds = seconds
            self.finishedAt = finishedAt
            self.fineTunedFrom = fineTunedFrom
        }
    }

    public var format: Int
    /// The model's name (its directory), e.g. `rock-musegan`.
    public var name: String
    /// The genre it writes: `rock`, `pop`, `jazz`, `symphony`, or a user's own.
    public var genre: String
    public var config: ModelConfig
    /// One per role of `config.window.roles`, in that order.
    public var instruments: [Instrument]
    public var dataset: DatasetReference?
    public var training: Training
    /// The weights file beside the manifest.
    public var weights: String
    /// Note thresholds calibrated for this model (`ensemble models calibrate`); nil: tanh's midpoint for all.
    public var thresholds: NoteThresholds?

    public init(name: String, genre: String, config: ModelConfig, instruments: [Instrument],
                dataset: DatasetReference?, training: Training, weights: String = "generator.safetensors") {
        self.format = Self.currentFormat
        self.name = name
        self.genre = genre
        self.config = config
        self.instruments = instruments
        self.dataset = dataset
        self.training = training
        self.weights = weights
    }

    public var architecture: Architecture { config.architecture }
}
