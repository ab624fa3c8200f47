import Foundation
import Generators
import ModelLibrary
import MusicCore
import Studio
import Synchronization

/// The studio's generators: stored models (shipped and the user's) found through `ModelStore`, loaded on first
/// use and kept, so a regenerate costs one generation, not a load.
///
/// The studio calls it from its one generation worker; the lock makes any other caller safe too (models are not
/// Sendable: one generation at a time).
final class StoredModelProvider: AccompanimentProvider, @unchecked Sendable {
    private let store: ModelStore
    private let loaded = Mutex<[String: LoadedModel]>([:])
    private let running = NSLock()

    init(store: ModelStore = .forCurrentProcess()) { self.store = store }

    func choices() -> [GeneratorChoice] {
        let models = store.list().models
        var result: [GeneratorChoice] = []
        let genres = GeneratorCatalog.builtInGenres + models.map(\.manifest.genre).filter { !GeneratorCatalog.builtInGenres.contains($0) }
        for genre in genres where !result.contains(where: { $0.genre == genre }) {
            for architecture in GeneratorCatalog.architectures.map(\.id) {
                let model = models.first { $0.manifest.genre == genre && $0.manifest.architecture.rawValue == architecture }
                result.append(GeneratorChoice(genre: genre, architecture: architecture, isAvailable: model != nil,
                                              detail: model.map { "\($0.name) (\($0.source.rawValue))" } ?? "no trained model installed"))
            }
        }
        return result
    }

    func generate(melody: Song, genre: String, architecture: String, seed: UInt64) throws -> Song {
        running.lock()
        defer { running.unlock() }
        guard let arch = Architecture(rawValue: architecture),
              let stored = store.find(genre: genre, architecture: arch) else {
            throw Studio.GenerationError("no model for \(genre) (\(GeneratorCatalog.displayName(architecture))) yet")
        }
        let model = try loaded.withLock { cache throws(ModelStoreError) -> LoadedModel in
            if let hit = cache[stored.directory] { return hit }
            let fresh = try store.load(stored, factory: StandardNetworks.make)
            cache[stored.directory] = fresh
            return fresh
        }
        do {
            let take = try model.accompanist().accompany(song: melody, name: "studio", seed: seed)
            var band = take.song
            band.tracks.remove(at: take.melodyTrack)
            return band
        } catch { throw Studio.GenerationError(error.description) }
    }
}
