import NeuralEngine

/// The generator families a user can pick (`--model`).
public enum Architecture: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// After MuseGAN v2 (Dong et al. 2018): shared temporal and bar generators, private per-track branches;
    /// melody-conditioned through an encoder whose features join the generator at each resolution.
    case musegan
    /// A U-Net sized for CPU training on the default window (4 bars × 16 steps × 84 pitches).
    case unet
    /// The AWS DeepComposer lab's U-Net at the lab's sizes (fidelity to the anchor).
    case unetDC = "unet-dc"

    public var description: String { rawValue }
}

/// A generator: condition planes and noise in, accompaniment planes in (−1, 1) out (see `WindowSpec`).
/// `sampleNoise` and `generate` come from `ConditionalGenerator` (what training needs of it).
public protocol AccompanimentGenerator: ConditionalGenerator {
    /// The window it reads and writes.
    var window: WindowSpec { get }
    /// Shape of one noise sample (without the batch dimension).
    var noiseShape: [Int] { get }
    /// condition `[N] + window.conditionShape`, noise `[N] + noiseShape` → tracks `[N] + window.tracksShape`.
    func callAsFunction(_ condition: Tensor, _ noise: Tensor) -> Tensor
}

/// A critic: tracks and their condition in, one score per sample out (`[N, 1]`). No batch-coupled layers, so the
/// WGAN-GP penalty can be taken per sample.
public protocol AccompanimentCritic: ConditionalCritic {
    func callAsFunction(_ tracks: Tensor, _ condition: Tensor) -> Tensor
}

/// Everything needed to rebuild a generator and critic with fresh weights: the family, the window and the
/// family's sizes (channel widths, noise size, ...; each architecture documents its keys and defaults).
public struct ModelConfig: Hashable, Sendable, Codable {
    public var architecture: Architecture
    public var window: WindowSpec
    public var sizes: [String: Int]

    public init(architecture: Architecture, window: WindowSpec, sizes: [String: Int] = [:]) {
        self.architecture = architecture
        self.window = window
        self.sizes = sizes
    }
}
