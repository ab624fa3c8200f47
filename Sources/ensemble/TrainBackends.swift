import Generators
import ModelLibrary
import MusicCore
import NeuralEngine

/// What `ensemble train` needs from the networks and from the data, behind one small protocol: `LibraryBackends`
/// binds `ModelFactory` (the architectures) and `DatasetLoader` (`.ensds` files and MIDI folders).
protocol TrainingBackends: Sendable {
    /// The standard configuration of `architecture` for `roles`.
    func defaultConfig(_ architecture: Architecture, roles: [TrackRole]) -> ModelConfig
    /// A fresh generator and critic for `config`, initial weights drawn from `random`; errors are one line.
    func make(_ config: ModelConfig, random: RandomGenerator) throws
        -> (generator: any AccompanimentGenerator, critic: any AccompanimentCritic)
    /// The dataset at `path` (a dataset file or a folder of MIDI files) and the hash of its content; errors name
    /// the path. `progress` reports files done out of files found while a folder is built.
    func loadDataset(path: String, progress: @escaping (Int, Int) -> Void) throws -> (dataset: TrainingDataset, hash: String)
}

/// The library's networks and data loader.
struct LibraryBackends: TrainingBackends {
    func defaultConfig(_ architecture: Architecture, roles: [TrackRole]) -> ModelConfig {
        ModelFactory.defaultConfig(architecture, roles: roles)
    }

    func make(_ config: ModelConfig, random: RandomGenerator) throws
        -> (generator: any AccompanimentGenerator, critic: any AccompanimentCritic)
    {
        try ModelFactory.make(config, random: random)
    }

    func loadDataset(path: String, progress: @escaping (Int, Int) -> Void) throws -> (dataset: TrainingDataset, hash: String) {
        let loaded = try DatasetLoader.load(path: path, progress: progress)
        return (loaded.dataset, loaded.contentHash)
    }
}
