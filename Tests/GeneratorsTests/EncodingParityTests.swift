import Foundation
import XCTest
import MusicCore
import NeuralEngine
@testable import Generators

/// The PyTorch twin's data side (training/ensemble_training/data.py) against Ensemble's: the fixture in
/// Fixtures/Encoding was written by `python -m ensemble_training.encoding_fixture` (training/) from band.ensds,
/// a small dataset `ensemble dataset build` made. Its windows, rendered here by `WindowBatcher.render` (training's
/// path through `WindowEncoding.writeCondition` / `writeTracks`), must equal Python's cell for cell, and Python's
/// reading of the file's content hash must be Swift's. No Python is needed to run this.
final class EncodingParityTests: XCTestCase {
    struct FixtureDraw: Decodable {
        var split: String
        var index: Int
        var piece: Int
        var start: Int
        var transpose: Int
    }

    /// The fixture's metadata (one JSON object under "fixture").
    struct About: Decodable {
        var draws: [FixtureDraw]
        var windows: [String: WindowSpec]
        var contentHash: String
    }

    struct Fixture {
        var datasetBytes: [UInt8]
        var dataset: DatasetFile
        var tensors: SafeTensorsFile
        var draws: [FixtureDraw]
        var windows: [String: WindowSpec]
        /// data.py's `content_hash` of band.ensds.
        var contentHash: String
    }

    static func loadFixture() throws -> Fixture {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw DatasetError("the test bundle has no Fixtures directory")
        }
        let dir = root.appendingPathComponent("Encoding")
        let datasetBytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent("band.ensds")))
        let tensors = try SafeTensorsFile(decoding: [UInt8](try Data(contentsOf: dir.appendingPathComponent("windows.safetensors"))))
        let about = try JSONDecoder().decode(About.self, from: Data((tensors.metadata["fixture"] ?? "").utf8))
        return Fixture(datasetBytes: datasetBytes, dataset: try DatasetFile(decoding: datasetBytes), tensors: tensors,
                       draws: about.draws, windows: about.windows, contentHash: about.contentHash)
    }

    func testPythonReadsTheSameContentHash() throws {
        let f = try Self.loadFixture()
        let swift = DatasetFile.contentHash(ofEncoded: f.datasetBytes)
        XCTAssertEqual(f.contentHash, swift, "data.py's content_hash against DatasetFile.contentHash(ofEncoded:)")
        XCTAssertEqual(swift, FNV1a.hex(FNV1a.hash(f.datasetBytes.dropLast(8))))
    }

    func testTheDrawsAreTheDatasetsWindows() throws {
        let f = try Self.loadFixture()
        let data = f.dataset.dataset
        XCTAssertEqual(f.draws.count, data.trainWindows.count + data.validationWindows.count + 2,
                       "every window once, plus two far transpositions")
        for (i, draw) in f.draws.enumerated() {
            let windows = draw.split == "validation" ? data.validationWindows : data.trainWindows
            XCTAssertEqual(windows[draw.index], WindowRef(piece: draw.piece, start: draw.start), "draw \(i)")
            if draw.split == "validation" { XCTAssertEqual(draw.transpose, 0, "draw \(i): validation is not transposed") }
        }
        XCTAssertTrue(f.draws.contains { $0.transpose > 24 } && f.draws.contains { $0.transpose < -24 },
                      "notes fold by octaves at both ends of the pitch window")
        // unet and unet-dc are the models' windows; edge takes the paths they miss (melody onset without sustain,
        // planes reordered, drum keys below the window, a role no piece plays).
        XCTAssertEqual(Set(f.windows.keys), ["unet", "unet-dc", "edge"])
        XCTAssertNil(f.windows["edge"]?.problem)
        XCTAssertEqual(f.windows["unet"], ModelFactory.defaultConfig(.unet, roles: data.settings.roles).window)
        XCTAssertEqual(f.windows["unet-dc"], ModelFactory.defaultConfig(.unetDC, roles: data.settings.roles).window)
    }

    func testPythonEncodesEveryWindowAsSwiftDoes() throws {
        let f = try Self.loadFixture()
        let data = f.dataset.dataset
        var cells = 0, on = 0
        for name in f.windows.keys.sorted() {
            let spec = f.windows[name]!
            let draws = f.draws.map { WindowBatcher.Draw(window: WindowRef(piece: $0.piece, start: $0.start), transpose: $0.transpose) }
            let batcher = WindowBatcher(pieces: data.pieces, windows: draws.map(\.window), spec: spec,
                                        batchSize: draws.count, transposition: data.settings.transposition, seed: 0)
            let (condition, tracks) = batcher.render(draws)
            for (i, draw) in f.draws.enumerated() {
                let label = "\(name) draw \(i) (\(draw.split) window \(draw.index): \(data.pieces[draw.piece].name) "
                    + "from step \(draw.start), transposed \(draw.transpose))"
                for (kind, shape, values) in [("condition", spec.conditionShape, condition), ("tracks", spec.tracksShape, tracks)] {
                    guard let tensor = f.tensors["\(name).\(i).\(kind)"] else {
                        XCTFail("\(label): the fixture has no \(name).\(i).\(kind)")
                        continue
                    }
                    XCTAssertEqual(tensor.shape, shape, "\(label) \(kind) shape")
                    let count = shape.reduce(1, *)
                    let swift = Array(values[i * count..<(i + 1) * count])
                    let python = tensor.floats()
                    guard python.count == count else { continue }
                    if let cell = (0..<count).first(where: { swift[$0] != python[$0] }) {
                        XCTFail("\(label): first mismatch at \(kind)\(Self.describe(cell, kind: kind, spec: spec)): "
                                + "Swift \(swift[cell]), Python \(python[cell])")
                    }
                    cells += count
                    on += swift.filter { $0 == 1 }.count
                }
            }
        }
        XCTAssertEqual(cells, 706_944, "cells compared")
        XCTAssertGreaterThan(on, 1000, "the windows hold notes")
    }

    /// "[channel 3 (bass onset), step 12, row 7 = MIDI 31]" for flat index `cell`.
    static func describe(_ cell: Int, kind: String, spec: WindowSpec) -> String {
        let plane = spec.steps * spec.pitchCount
        let channel = cell / plane, step = cell % plane / spec.pitchCount, row = cell % spec.pitchCount
        let what = kind == "condition"
            ? spec.conditionPlanes[channel].rawValue
            : "\(spec.roles[channel / spec.trackPlanes.count].rawValue) \(spec.trackPlanes[channel % spec.trackPlanes.count].rawValue)"
        return "[channel \(channel) (\(what)), step \(step), row \(row) = MIDI \(spec.lowestPitch + row)]"
    }
}
