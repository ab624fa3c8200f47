import XCTest
import Foundation
import MusicCore
import NeuralEngine
@testable import Generators
@testable import ModelLibrary

/// Loading a stored model for generation: manifest + network from the factory + strict weights.
final class GenerationModelLoadingTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "ensemble-loading-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    var store: ModelStore { ModelStore(userDirectory: root + "/user", shippedDirectories: []) }

    func manifest(name: String = "rock-unet") -> ModelManifest {
        let window = EchoGenerator().window
        return ModelManifest(name: name, genre: "rock", config: ModelConfig(architecture: .unet, window: window),
                             instruments: GenerationFixtures.instruments, dataset: nil,
                             training: .init(iterations: 10, batchSize: 2, learningRate: 1e-3, updateRatio: 5, seed: 1,
                                             seconds: 1, finishedAt: "2026-01-01T00:00:00Z"))
    }

    let factory: GeneratorFactory = { config in EchoGenerator(window: config.window) }

    func save(gain: Float = 1, dtype: SafeTensorsDType = .f32) throws -> StoredModel {
        let generator = EchoGenerator()
        generator.gain.copy_(from: [gain])
        try store.save(manifest: manifest(), weights: generator.stateDictFile(dtype: dtype))
        return try XCTUnwrap(store.find(genre: "rock", architecture: .unet))
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    func testLoadsWeightsInEveryFloatTypeAndGenerates() throws {
        for dtype in [SafeTensorsDType.f32, .f16, .bf16] {
            let model = try save(gain: 0.5, dtype: dtype)
            let loaded = try store.load(model, factory: factory)
            XCTAssertEqual(loaded.weightsType, dtype.rawValue)
            XCTAssertEqual((loaded.generator as? EchoGenerator)?.gain.toArray(), [0.5], "\(dtype)")
            let result = try loaded.accompanist().accompany(song: GenerationFixtures.melody(bars: 2), name: "m", seed: 1)
            XCTAssertEqual(result.song.tracks.count, 5)
        }
    }

    func testMissingWeightsNameTheFile() throws {
        let model = try save()
        try FileManager.default.removeItem(atPath: model.weightsPath)
        XCTAssertEqual(message { _ = try store.load(model, factory: factory) }, "\(model.weightsPath): cannot be read")
    }

    func testWrongShapesAndForeignTensorsAreRefusedNamingTheFile() throws {
        let model = try save()
        var file = SafeTensorsFile()
        file["gain"] = SafeTensor(floats: [1, 2], shape: [2])
        try ModelStore.writeAtomically(file.encoded(), to: model.weightsPath)
        XCTAssertEqual(message { _ = try store.load(model, factory: factory) },
                       "\(model.weightsPath): does not fit the unet model: tensor 'gain': has shape [2] in the file, the model needs [1]")
        file = SafeTensorsFile()
        file["gain"] = SafeTensor(floats: [1], shape: [1])
        file["extra.weight"] = SafeTensor(floats: [1], shape: [1])
        try ModelStore.writeAtomically(file.encoded(), to: model.weightsPath)
        XCTAssertTrue(message { _ = try store.load(model, factory: factory) }.contains("'extra.weight': is in the file but not in the model"))
    }

    func testCorruptOrNonFiniteWeightsAreRefused() throws {
        let model = try save()
        try ModelStore.writeAtomically(Array("not safetensors at all".utf8), to: model.weightsPath)
        let broken = message { _ = try store.load(model, factory: factory) }
        XCTAssertTrue(broken.hasPrefix("\(model.weightsPath): broken weights file"), broken)
        XCTAssertFalse(broken.contains("\n"))
        let nan = try save(gain: .nan)
        XCTAssertEqual(message { _ = try store.load(nan, factory: factory) },
                       "\(nan.weightsPath): tensor 'gain' holds values that are not finite numbers")
    }

    func testCorruptManifestIsListedAsAProblem() throws {
        let model = try save()
        try ModelStore.writeAtomically(Array("{\"format\": 1, \"name\": ".utf8), to: model.directory + "/manifest.json")
        let listing = store.list()
        XCTAssertTrue(listing.models.isEmpty)
        XCTAssertEqual(listing.problems.count, 1)
        XCTAssertTrue("\(listing.problems[0])".hasPrefix(model.directory + "/manifest.json: not a model manifest"))
    }

    /// A program or velocity outside MIDI's 0...127 would reach the studio's takes: the manifest is refused.
    func testInstrumentsOutsideMIDIAreRefused() throws {
        let model = try save()
        let path = model.directory + "/manifest.json"
        var text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        let programs = try NSRegularExpression(pattern: "\"program\" ?: ?[0-9]+")
        text = programs.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "\"program\": 200")
        try ModelStore.writeAtomically(Array(text.utf8), to: path)
        let listing = store.list()
        XCTAssertTrue(listing.models.isEmpty)
        XCTAssertTrue("\(listing.problems.first.map { "\($0)" } ?? "")".contains("out of MIDI range (program 200"), "\(listing.problems)")
    }

    func testFactoryFailureAndWindowMismatchNameTheManifest() throws {
        let model = try save()
        struct NoSuchNetwork: Error, CustomStringConvertible { var description: String { "no sizes for width 7" } }
        XCTAssertEqual(message { _ = try store.load(model, factory: { _ in throw NoSuchNetwork() }) },
                       "\(model.directory)/manifest.json: cannot build its unet network: no sizes for width 7")
        let other: GeneratorFactory = { _ in EchoGenerator(window: WindowSpec(steps: 32, roles: [.drums, .bass, .chords, .pad])) }
        XCTAssertEqual(message { _ = try store.load(model, factory: other) },
                       "\(model.directory)/manifest.json: the unet network built from it has a different window")
    }
}
