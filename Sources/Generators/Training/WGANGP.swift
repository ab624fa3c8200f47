import NeuralEngine

// WGAN-GP training (Gulrajani et al. 2017, as the DeepComposer lab does it):
//   critic:    mean D(fake) − mean D(real) + λ · mean (‖∇ₓ D(x̂)‖ − 1)²,  x̂ = ε·real + (1 − ε)·fake, ε ~ U(0, 1)
//   generator: −mean D(G(z | c))
// The penalty differentiates a gradient, so the critic's weight gradient is a second derivative (createGraph).

/// The gradient penalty at interpolates `mixed`: the critic's input gradient (kept differentiable with respect to
/// the critic's weights), slope √(1e-8 + Σ g²) per sample, penalty mean (slope − 1)².
public func gradientPenalty<Critic: ConditionalCritic>(critic: Critic, mixed: Tensor, condition: Tensor)
    -> (penalty: Tensor, inputGradient: Tensor)
{
    let x = mixed.detach().requiringGrad()
    let g = grad(of: [critic(x, condition).sum()], wrt: [x], createGraph: true)[0]
    let slope = (g.pow(2).sum(axes: Array(1..<g.rank)) + 1e-8).sqrt()
    return ((slope - 1).pow(2).mean(), g)
}

/// The critic's WGAN-GP loss for one batch and the parts it is made of.
public func criticLoss<Critic: ConditionalCritic>(critic: Critic, real: Tensor, fake: Tensor, condition: Tensor,
                                                  epsilon: Tensor, penaltyWeight: Float = 10)
    -> (loss: Tensor, penalty: Tensor, wasserstein: Tensor)
{
    let mixed = withNoGrad { epsilon * real + (1 - epsilon) * fake }
    let (penalty, _) = gradientPenalty(critic: critic, mixed: mixed, condition: condition)
    // Real and fake go through the critic as one batch: it has no batch-coupled layer, so this equals two calls.
    let n = real.shape[0]
    let scores = critic(Tensor.cat([fake, real], axis: 0), Tensor.cat([condition, condition], axis: 0))
    let wasserstein = scores.slice(axis: 0, n..<(2 * n)).mean() - scores.slice(axis: 0, 0..<n).mean()
    return (-wasserstein + penaltyWeight * penalty, penalty, wasserstein)
}

/// Losses of one training iteration (the critic's from its last update).
public struct WGANGPLosses: Hashable, Sendable, Codable {
    public var critic: Float
    public var gradientPenalty: Float
    /// mean D(real) − mean D(fake): the critic's estimate of the Wasserstein distance.
    public var wasserstein: Float
    public var generator: Float

    public init(critic: Float, gradientPenalty: Float, wasserstein: Float, generator: Float) {
        self.critic = critic
        self.gradientPenalty = gradientPenalty
        self.wasserstein = wasserstein
        self.generator = generator
    }
}

/// Real tracks and the conditions they answer, `[N, …]` each.
public struct TrainingBatch {
    public var real: Tensor
    public var condition: Tensor
    public init(real: Tensor, condition: Tensor) {
        self.real = real
        self.condition = condition
    }
}

/// Alternates critic and generator updates with Adam, as the lab trains: `criticUpdates` critic steps with the
/// gradient penalty, then one generator step on the last batch's conditions. Both models stay in training mode.
public final class WGANGP<Generator: ConditionalGenerator, Critic: ConditionalCritic> {
    public let generator: Generator
    public let critic: Critic
    public let generatorOptimizer: Adam
    public let criticOptimizer: Adam
    /// Critic updates per generator update (DeepComposer's "update ratio").
    public var criticUpdates: Int
    public var penaltyWeight: Float
    /// Draws the noise and the interpolation weights; replaced when a checkpoint is restored.
    public var random: RandomGenerator

    /// `criticSchedule` counts critic updates (`criticUpdates` per iteration); both default to a constant rate.
    public init(generator: Generator, critic: Critic, learningRate: Float = 1e-3, betas: (Float, Float) = (0.5, 0.9),
                criticUpdates: Int = 5, penaltyWeight: Float = 10, random: RandomGenerator = .current,
                generatorSchedule: LearningRateSchedule? = nil, criticSchedule: LearningRateSchedule? = nil) {
        precondition(criticUpdates >= 1, "WGANGP: at least one critic update per generator update")
        self.generator = generator
        self.critic = critic
        generatorOptimizer = Adam(parameters: generator.parameters(), lr: learningRate, betas: betas,
                                  schedule: generatorSchedule)
        criticOptimizer = Adam(parameters: critic.parameters(), lr: learningRate, betas: betas, schedule: criticSchedule)
        self.criticUpdates = criticUpdates
        self.penaltyWeight = penaltyWeight
        self.random = random
    }

    /// One iteration on a fixed batch: real tracks with their conditions (for the lab's models, the melodies).
    @discardableResult
    public func step(real: Tensor, melody: Tensor) -> WGANGPLosses {
        step { TrainingBatch(real: real, condition: melody) }
    }

    /// One iteration drawing a fresh batch for every critic update (Gulrajani et al.'s algorithm 1).
    @discardableResult
    public func step(next: () -> TrainingBatch) -> WGANGPLosses {
        generator.train()
        critic.train()
        var losses = WGANGPLosses(critic: 0, gradientPenalty: 0, wasserstein: 0, generator: 0)
        var condition: Tensor?
        for _ in 0..<criticUpdates {
            let batch = next()
            let n = batch.real.shape[0]
            let fake = withNoGrad { generator(batch.condition, generator.sampleNoise(batch: n, generator: random)) }
            let epsilon = Tensor.rand([n, 1, 1, 1], generator: random)
            let (loss, penalty, wasserstein) = criticLoss(critic: critic, real: batch.real, fake: fake,
                                                          condition: batch.condition, epsilon: epsilon,
                                                          penaltyWeight: penaltyWeight)
            update(criticOptimizer, loss)
            losses.critic = loss.item()
            losses.gradientPenalty = penalty.item()
            losses.wasserstein = wasserstein.item()
            condition = batch.condition
        }
        let c = condition!
        let fake = generator(c, generator.sampleNoise(batch: c.shape[0], generator: random))
        let loss = -critic(fake, c).mean()
        update(generatorOptimizer, loss)   // only the generator's weight gradients are computed
        losses.generator = loss.item()
        return losses
    }

    private func update(_ optimizer: Adam, _ loss: Tensor) {
        let grads = grad(of: [loss], wrt: optimizer.parameters)
        for (p, g) in zip(optimizer.parameters, grads) { p.grad = g }
        optimizer.step()
        optimizer.zeroGrad()
    }
}

/// The DeepComposer lab's trainer: its U-Net and critic under WGAN-GP.
public typealias WGANGPTrainer = WGANGP<DeepComposerUNet, DeepComposerCritic>
