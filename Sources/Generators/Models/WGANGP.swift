import NeuralEngine

// WGAN-GP training of the lab's generator and critic (Gulrajani et al. 2017, as the DeepComposer lab does it):
//   critic:    mean D(fake) − mean D(real) + λ · mean (‖∇ₓ D(x̂)‖ − 1)²,  x̂ = ε·real + (1 − ε)·fake, ε ~ U(0, 1)
//   generator: −mean D(G(z | c))
// The penalty differentiates a gradient, so the critic's weight gradient is a second derivative (createGraph).

/// The gradient penalty at interpolates `mixed`: the critic's input gradient (kept differentiable with respect to
/// the critic's weights), slope √(1e-8 + Σ g²) per sample, penalty mean (slope − 1)².
public func gradientPenalty(critic: DeepComposerCritic, mixed: Tensor, melody: Tensor)
    -> (penalty: Tensor, inputGradient: Tensor)
{
    let x = mixed.detach().requiringGrad()
    let g = grad(of: [critic(x, melody).sum()], wrt: [x], createGraph: true)[0]
    let slope = (g.pow(2).sum(axes: Array(1..<g.rank)) + 1e-8).sqrt()
    return ((slope - 1).pow(2).mean(), g)
}

/// The critic's WGAN-GP loss for one batch and the parts it is made of.
public func criticLoss(critic: DeepComposerCritic, real: Tensor, fake: Tensor, melody: Tensor, epsilon: Tensor,
                       penaltyWeight: Float = 10) -> (loss: Tensor, penalty: Tensor, wasserstein: Tensor) {
    let mixed = withNoGrad { epsilon * real + (1 - epsilon) * fake }
    let (penalty, _) = gradientPenalty(critic: critic, mixed: mixed, melody: melody)
    // Real and fake go through the critic as one batch: it has no batch-coupled layer, so this equals two calls.
    let n = real.shape[0]
    let scores = critic(Tensor.cat([fake, real], axis: 0), Tensor.cat([melody, melody], axis: 0))
    let wasserstein = scores.slice(axis: 0, n..<(2 * n)).mean() - scores.slice(axis: 0, 0..<n).mean()
    return (-wasserstein + penaltyWeight * penalty, penalty, wasserstein)
}

/// Losses of one training iteration (the critic's from its last update).
public struct WGANGPLosses: Sendable, Equatable {
    public var critic: Float
    public var gradientPenalty: Float
    /// mean D(real) − mean D(fake): the critic's estimate of the Wasserstein distance.
    public var wasserstein: Float
    public var generator: Float
}

/// Alternates critic and generator updates with Adam, as the lab trains: `criticUpdates` critic steps with the
/// gradient penalty, then one generator step. Both models stay in training mode.
public final class WGANGPTrainer {
    public let generator: DeepComposerUNet
    public let critic: DeepComposerCritic
    public let generatorOptimizer: Adam
    public let criticOptimizer: Adam
    public var criticUpdates: Int
    public var penaltyWeight: Float
    /// Draws the noise and the interpolation weights.
    public let random: RandomGenerator

    public init(generator: DeepComposerUNet, critic: DeepComposerCritic, learningRate: Float = 1e-3,
                betas: (Float, Float) = (0.5, 0.9), criticUpdates: Int = 5, penaltyWeight: Float = 10,
                random: RandomGenerator = .current) {
        self.generator = generator
        self.critic = critic
        generatorOptimizer = Adam(parameters: generator.parameters(), lr: learningRate, betas: betas)
        criticOptimizer = Adam(parameters: critic.parameters(), lr: learningRate, betas: betas)
        self.criticUpdates = criticUpdates
        self.penaltyWeight = penaltyWeight
        self.random = random
    }

    /// One iteration on a batch of real tracks [N, tracks, steps, pitches] with their melodies [N, 1, steps, pitches].
    @discardableResult
    public func step(real: Tensor, melody: Tensor) -> WGANGPLosses {
        generator.train()
        critic.train()
        let n = real.shape[0]
        var losses = WGANGPLosses(critic: 0, gradientPenalty: 0, wasserstein: 0, generator: 0)
        for _ in 0..<criticUpdates {
            let fake = withNoGrad { generator(melody, generator.sampleNoise(batch: n, generator: random)) }
            let epsilon = Tensor.rand([n, 1, 1, 1], generator: random)
            let (loss, penalty, wasserstein) = criticLoss(critic: critic, real: real, fake: fake, melody: melody,
                                                          epsilon: epsilon, penaltyWeight: penaltyWeight)
            update(criticOptimizer, loss)
            losses.critic = loss.item()
            losses.gradientPenalty = penalty.item()
            losses.wasserstein = wasserstein.item()
        }
        let fake = generator(melody, generator.sampleNoise(batch: n, generator: random))
        let loss = -critic(fake, melody).mean()
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
