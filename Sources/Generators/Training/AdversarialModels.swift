import NeuralEngine

/// What WGAN-GP training needs of a generator: a condition and noise in, tracks in (−1, 1) out. The lab's U-Net
/// and every `AccompanimentGenerator` are one.
public protocol ConditionalGenerator: Module {
    /// Shape of one noise sample (without the batch dimension).
    var noiseShape: [Int] { get }
    /// condition `[N, …]`, noise `[N] + noiseShape` → tracks `[N, …]`.
    func callAsFunction(_ condition: Tensor, _ noise: Tensor) -> Tensor
}

/// What WGAN-GP training needs of a critic: tracks and their condition in, one score per sample out (`[N, 1]`).
/// It must have no batch-coupled layer, so the gradient penalty can be taken per sample.
public protocol ConditionalCritic: Module {
    func callAsFunction(_ tracks: Tensor, _ condition: Tensor) -> Tensor
}

extension ConditionalGenerator {
    /// Noise for `batch` samples: truncated normal (±2σ), as the DeepComposer lab draws it.
    public func sampleNoise(batch: Int, generator: RandomGenerator = .current) -> Tensor {
        Tensor.truncatedNormal([batch] + noiseShape, generator: generator)
    }

    /// Inference: evaluation mode (running statistics), no graph recorded.
    public func generate(condition: Tensor, noise: Tensor) -> Tensor {
        let wasTraining = isTraining
        eval()
        defer { train(wasTraining) }
        return withNoGrad { self(condition, noise) }
    }
}

extension DeepComposerUNet: ConditionalGenerator {
    public var noiseShape: [Int] { config.noiseShape }
}

extension DeepComposerCritic: ConditionalCritic {}
