import Generators
import NeuralEngine

/// Builds the untrained network a manifest's config describes (`ModelFactory.makeGenerator` once bound).
public typealias GeneratorFactory = (ModelConfig) throws -> any AccompanimentGenerator

/// A stored model ready to generate: its manifest and its network with the stored weights.
public struct LoadedModel {
    public var stored: StoredModel
    public var generator: any AccompanimentGenerator
    /// The element type the weights were stored in (F32, F16, BF16): halves load as float32.
    public var weightsType: String

    public var manifest: ModelManifest { stored.manifest }

    /// An accompanist voicing the parts with the model's instruments.
    public func accompanist() -> Accompanist {
        let accompanist = Accompanist(generator: generator, instruments: manifest.instruments)
        accompanist.thresholds = manifest.thresholds
        return accompanist
    }
}

extension ModelStore {
    /// Rebuilds `model`'s network with `factory` and loads its weights strictly: every tensor the network has
    /// must be in the file with its shape, nothing else may be, and every value must be finite. A refused model
    /// throws one line naming the file at fault (manifest or weights).
    public func load(_ model: StoredModel, factory: GeneratorFactory) throws(ModelStoreError) -> LoadedModel {
        let manifestPath = model.directory + "/" + Self.manifestName
        let generator: any AccompanimentGenerator
        do { generator = try factory(model.manifest.config) } catch {
            throw ModelStoreError(path: manifestPath, "cannot build its \(model.manifest.architecture) network: \(error)")
        }
        guard generator.window == model.manifest.config.window else {
            throw ModelStoreError(path: manifestPath, "the \(model.manifest.architecture) network built from it has a different window")
        }
        let file = try weights(of: model)
        do { try generator.loadStateDict(file, strict: true) } catch {
            throw ModelStoreError(path: model.weightsPath, "does not fit the \(model.manifest.architecture) model: \(error)")
        }
        if let bad = generator.stateDict().first(where: { !$0.1.toArray().allSatisfy(\.isFinite) }) {
            throw ModelStoreError(path: model.weightsPath, "tensor '\(bad.0)' holds values that are not finite numbers")
        }
        generator.eval()  // loaded for inference: running statistics, no dropout
        let types = Set(file.names.compactMap { file[$0]?.dtype }.filter(\.isFloatStorage).map(\.rawValue))
        return LoadedModel(stored: model, generator: generator, weightsType: types.sorted().joined(separator: "+"))
    }
}

extension ModelStore {
    /// The shipped models' directory in use (the nearest `Models/` that exists), if any: for listings.
    public var shippedRoot: String? { firstShippedRoot() }
}
