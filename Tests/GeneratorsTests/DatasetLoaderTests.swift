import Foundation
import XCTest
import MusicCore
import Generators
import ModelLibrary

final class DatasetLoaderTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "ensemble-dataset-\(UUID().uuidString)"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/a/b", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/.hidden", withIntermediateDirectories: true)
        let band = Data(DatasetFixtures.band(bars: 6).midiFileBytes())
        try band.write(to: URL(fileURLWithPath: root + "/a/one.mid"))
        try Data(DatasetFixtures.band(bars: 5, numerator: 3, denominator: 4, seed: 1).midiFileBytes())
            .write(to: URL(fileURLWithPath: root + "/a/b/TWO.MIDI"))
        try band.write(to: URL(fileURLWithPath: root + "/.hidden/three.mid"))
        try Data("text".utf8).write(to: URL(fileURLWithPath: root + "/a/notes.txt"))
        try fm.createSymbolicLink(atPath: root + "/a/b/loop", withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: root + "/a/b/again.mid", withDestinationPath: "../one.mid")
        try fm.createSymbolicLink(atPath: root + "/a/dangling.mid", withDestinationPath: "nowhere.mid")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func testWalkFindsMIDIFilesOnceThroughLinksAndLoops() throws {
        let scan = try MIDIFolderWalker.scan([root])
        // one.mid and its link are one file: kept once, under the first name in order.
        XCTAssertEqual(scan.files.map(\.name), ["a/b/TWO.MIDI", "a/b/again.mid"])
        XCTAssertFalse(scan.files.contains { $0.name.contains("hidden") || $0.name.contains("loop") })
        XCTAssertEqual(scan.problems.map(\.path), ["a/dangling.mid"])
        XCTAssertEqual(scan.problems.first?.reason, .unreadable)
        // Several roots: names keep the root so they cannot collide.
        let two = try MIDIFolderWalker.scan([root + "/a/b", root + "/a/one.mid"])
        XCTAssertEqual(two.files.map(\.name), [root + "/a/b/TWO.MIDI", root + "/a/b/again.mid"], "one.mid is again.mid")
        XCTAssertThrowsError(try MIDIFolderWalker.scan([root + "/missing"]))
    }

    func testLoadBuildsAFolderOrReadsAFile() throws {
        let loaded = try DatasetLoader.load(path: root)
        XCTAssertTrue(loaded.builtFromFolder)
        XCTAssertEqual(loaded.dataset.pieces.count, 2)
        XCTAssertEqual(loaded.dataset.name, URL(fileURLWithPath: root).lastPathComponent)
        let path = root + "/d.ensds"
        let bytes = loaded.file.encoded()
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let read = try DatasetLoader.load(path: path)
        XCTAssertFalse(read.builtFromFolder)
        XCTAssertEqual(read.file, loaded.file)
        XCTAssertEqual(read.contentHash, loaded.contentHash)
        XCTAssertEqual(read.reference, .init(name: loaded.dataset.name, hash: DatasetFile.contentHash(ofEncoded: bytes),
                                             trainingWindows: loaded.dataset.trainWindows.count))

        try Data(bytes.dropLast(3)).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try DatasetLoader.load(path: path)) { error in
            XCTAssertTrue("\(error)".hasPrefix(path + ": truncated"), "\(error)")
        }
    }

    func testAFolderWithoutUsableFilesSaysWhy() throws {
        try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
        XCTAssertThrowsError(try DatasetLoader.load(path: root + "/empty")) { error in
            XCTAssertEqual("\(error)", root + "/empty: no MIDI files (*.mid, *.midi) found")
        }
        try Data(DatasetFixtures.melodyOnly(bars: 4).midiFileBytes()).write(to: URL(fileURLWithPath: root + "/empty/m.mid"))
        XCTAssertThrowsError(try DatasetLoader.load(path: root + "/empty")) { error in
            XCTAssertEqual("\(error)", root + "/empty: no usable MIDI file among 1 (1 no accompaniment)")
        }
    }
}
