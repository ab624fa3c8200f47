import NeuralEngine

/// How a model is trained. The defaults are AWS DeepComposer's (its GAN lab and console use the same words):
/// 1000 iterations, batch size 64, learning rate 0.001, update ratio 5 (critic updates per generator update),
/// WGAN-GP with λ = 10 and Adam β = (0.5, 0.9) for both networks.
public struct TrainingHyperparameters: Hashable, Sendable, Codable {
    public static let defaultIterations = 1000
    public static let defaultBatchSize = 64
    public static let defaultLearningRate: Float = 1e-3
    public static let defaultUpdateRatio = 5

    /// Generator updates to run.
    public var iterations: Int
    public var batchSize: Int
    public var learningRate: Float
    /// Critic updates per generator update.
    public var updateRatio: Int
    /// λ of the gradient penalty.
    public var penaltyWeight: Float
    public var beta1: Float
    public var beta2: Float
    /// When set, the learning rate holds until this fraction of `iterations`, then falls linearly to 0 by the
    /// last iteration (MuseGAN decays over its last 10 %: 0.9). Nil: constant, as DeepComposer trains.
    public var decayFrom: Double?
    /// Seeds everything random: initial weights, noise, data order and transpositions.
    public var seed: UInt64

    public init(iterations: Int = defaultIterations, batchSize: Int = defaultBatchSize,
                learningRate: Float = defaultLearningRate, updateRatio: Int = defaultUpdateRatio,
                penaltyWeight: Float = 10, beta1: Float = 0.5, beta2: Float = 0.9, decayFrom: Double? = nil,
                seed: UInt64 = 0) {
        self.iterations = iterations
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.updateRatio = updateRatio
        self.penaltyWeight = penaltyWeight
        self.beta1 = beta1
        self.beta2 = beta2
        self.decayFrom = decayFrom
        self.seed = seed
    }

    /// Nil when usable, else what is wrong, naming the option.
    public var problem: String? {
        if iterations < 1 || iterations > 10_000_000 { return "--iterations must be 1...10000000, got \(iterations)" }
        if batchSize < 1 || batchSize > 4096 { return "--batch-size must be 1...4096, got \(batchSize)" }
        if !(learningRate.isFinite && learningRate > 0 && learningRate <= 1) {
            return "--lr must be above 0 and at most 1, got \(learningRate)"
        }
        if updateRatio < 1 || updateRatio > 100 { return "--update-ratio must be 1...100, got \(updateRatio)" }
        if let decayFrom, !(decayFrom >= 0 && decayFrom < 1) { return "--lr-decay-from must be in [0, 1), got \(decayFrom)" }
        return nil
    }

    /// The generator's schedule (per iteration) and the critic's (per critic update).
    public var schedules: (generator: LearningRateSchedule, critic: LearningRateSchedule) {
        guard let decayFrom else { return (.constant(learningRate), .constant(learningRate)) }
        func decay(_ perIteration: Int) -> LearningRateSchedule {
            let from = Int((Double(iterations) * decayFrom).rounded(.down)) * perIteration
            return .linearDecay(initial: learningRate, from: from, to: max(from + 1, iterations * perIteration))
        }
        return (decay(1), decay(updateRatio))
    }
}
