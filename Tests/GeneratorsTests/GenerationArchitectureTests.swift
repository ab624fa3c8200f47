import XCTest
import Foundation
import MusicCore
import NeuralEngine
@testable import Generators
@testable import ModelLibrary

/// Generation with the real default networks (fresh weights): stored, loaded through `StandardNetworks`, and run
/// over melodies that need several windows.
final class GenerationArchitectureTests: XCTestCase {
    override func setUp() { Engine.threads = 1 }

    func testDefaultArchitecturesSaveLoadAndGenerateDeterministically() throws {
        let root = NSTemporaryDirectory() + "ensemble-arch-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = ModelStore(userDirectory: root, shippedDirectories: [])
        let roles: [TrackRole] = [.drums, .bass, .chords, .pad]
        let melody = GenerationFixtures.melody(bars: 6, numerator: 6, denominator: 8)
        for architecture in [Architecture.unet, .musegan] {
            let config = ModelFactory.defaultConfig(architecture, roles: roles)
            let fresh = try ModelFactory.makeGenerator(config, random: RandomGenerator(seed: 4))
            let manifest = ModelManifest(
                name: "test-\(architecture)", genre: "test", config: config, instruments: GenerationFixtures.instruments,
                dataset: nil, training: .init(iterations: 0, batchSize: 1, learningRate: 1e-3, updateRatio: 5, seed: 4,
                                              seconds: 0, finishedAt: "2026-01-01T00:00:00Z"))
            try store.save(manifest: manifest, weights: fresh.stateDictFile(dtype: .bf16))
            let stored = try XCTUnwrap(store.find(genre: "test", architecture: architecture))
            let loaded = try store.load(stored, factory: StandardNetworks.make)
            XCTAssertFalse(loaded.generator.isTraining, "loaded for inference")
            let accompanist = loaded.accompanist()
            let a = try accompanist.accompany(song: melody, name: "m", seed: 1)
            let b = try accompanist.accompany(song: melody, name: "m", seed: 1)
            XCTAssertEqual(a.song, b.song, "\(architecture): same seed, same take")
            XCTAssertEqual(a.song.tracks[0], melody.tracks[0])
            XCTAssertEqual(a.song.tracks.map(\.channel), [0, 9, 1, 2, 3])
            let end = a.piece.stepCount
            XCTAssertTrue(a.piece.parts.allSatisfy { $0.notes.allSatisfy { $0.start >= 0 && $0.end <= end && $0.length >= 1 } })
            let c = try accompanist.accompany(song: melody, name: "m", seed: 2)
            XCTAssertNotEqual(a.piece.parts, c.piece.parts, "\(architecture): another seed, another take")
        }
    }
}
