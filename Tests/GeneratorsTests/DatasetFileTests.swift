import Foundation
import XCTest
import MusicCore
@testable import Generators

final class DatasetFileTests: XCTestCase {
    func small() -> DatasetFile {
        let files = [("a.mid", DatasetFixtures.band(bars: 4).midiFileBytes()),
                     ("b.mid", DatasetFixtures.band(bars: 5, numerator: 3, denominator: 4, pad: true, seed: 1).midiFileBytes())]
        return DatasetBuilder.build(name: "small", files: files)
    }

    func testRoundTripKeepsEverything() throws {
        let file = DatasetBuilder.build(name: "folder", files: DatasetFixtures.folder())
        let bytes = file.encoded()
        let decoded = try DatasetFile(decoding: bytes)
        XCTAssertEqual(decoded, file)
        XCTAssertEqual(decoded.encoded(), bytes)
        XCTAssertEqual(DatasetFile.contentHash(ofEncoded: bytes), FNV1a.hex(FNV1a.hash(bytes.dropLast(8))))
        XCTAssertEqual(DatasetFile.contentHash(ofEncoded: bytes).count, 16)
    }

    func testLayoutMatchesTheDocumentedHeader() throws {
        let bytes = small().encoded()
        XCTAssertEqual(Array(bytes[0..<8]), [0x45, 0x4E, 0x53, 0x44, 0x53, 0x0D, 0x0A, 0x1A])
        XCTAssertEqual(Array(bytes[8..<12]), [1, 0, 0, 0], "version 1, little-endian")
        let headerLength = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        let json = try JSONSerialization.jsonObject(with: Data(bytes[16..<16 + headerLength])) as! [String: Any]
        XCTAssertEqual(json["format"] as? String, "ensds")
        XCTAssertEqual((json["pieces"] as? [[String: Any]])?.count, 2)
        var bodyLength = 0
        for i in 0..<8 { bodyLength |= Int(bytes[16 + headerLength + i]) << (8 * i) }
        XCTAssertEqual(16 + headerLength + 8 + bodyLength + 8, bytes.count)
    }

    func testEveryTruncationIsRefused() {
        let bytes = small().encoded()
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try DatasetFile(decoding: Array(bytes.prefix(length))), "length \(length)") { error in
                XCTAssertFalse("\(error)".contains("\n"))
            }
        }
    }

    func testEveryByteFlipIsRefused() {
        let bytes = small().encoded()
        for i in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 500)) {
            var damaged = bytes
            damaged[i] ^= 0x5A
            XCTAssertThrowsError(try DatasetFile(decoding: damaged), "byte \(i)")
        }
        XCTAssertThrowsError(try DatasetFile(decoding: bytes + [0]))
    }

    func testForeignAndNewerFilesSayWhat() {
        XCTAssertEqual(message(Array("MThd\0\0\0\u{6}".utf8)), "not an Ensemble dataset (.ensds) file")
        var newer = small().encoded()
        newer[8] = 9
        XCTAssertEqual(message(newer), "dataset format version 9 is newer than this program reads (1)")
        var texty = small().encoded()
        texty.remove(at: 5)  // \r stripped by a text-mode copy
        XCTAssertTrue(message(texty).contains("signature"))
    }

    /// A well-formed file (valid checksum) whose contents lie must still be refused, never trusted: huge counts,
    /// windows off bar lines, windows on the wrong side of the split.
    func testHostileContentWithAValidChecksumIsRefused() throws {
        let file = small()
        var lying = file
        lying.dataset.trainWindows.append(WindowRef(piece: 0, start: 3))
        XCTAssertTrue(message(lying.encoded()).contains("not on a bar line"))
        lying = file
        let validationPiece = file.dataset.isValidation.firstIndex(of: true)!
        lying.dataset.trainWindows.append(WindowRef(piece: validationPiece, start: 0))
        XCTAssertTrue(message(lying.encoded()).contains("train window"))
        // A note count of 2^32-1 in the body, checksum recomputed: refused without allocating.
        let bytes = file.encoded()
        let bodyStart = bytes.count - 8 - file.encodedBody().count
        var huge = Array(bytes.dropLast(8))
        let melodyCountOffset = bodyStart + 4 + 4 + 4 + 4 * file.dataset.pieces[0].barStarts.count + 4 + 4 * file.dataset.pieces[0].beatStarts.count
        for k in 0..<4 { huge[melodyCountOffset + k] = 0xFF }
        let checksum = FNV1a.hash(huge)
        huge += (0..<8).map { UInt8(truncatingIfNeeded: checksum >> UInt64(8 * $0)) }
        XCTAssertTrue(message(huge).contains("count 4294967295"), message(huge))
    }

    /// A header nested 100,000 deep (checksum valid) is refused, not a stack overflow.
    func testDeeplyNestedHeaderIsRefused() {
        let json = [UInt8](repeating: UInt8(ascii: "["), count: 100_000) + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        var w = ByteWriter()
        w.bytes = DatasetFile.magic
        w.u32(DatasetFile.version)
        w.u32(json.count)
        w.bytes += json
        w.u64(0)
        w.u64(FNV1a.hash(w.bytes))
        XCTAssertTrue(message(w.bytes).hasPrefix("corrupt dataset header"), message(w.bytes))
    }

    func testRandomGarbageIsRefusedWithoutCrashing() {
        var state: UInt64 = 7
        for length in [0, 1, 7, 8, 31, 32, 33, 100, 1000] {
            for _ in 0..<20 {
                var bytes = DatasetFile.magic + [1, 0, 0, 0]
                bytes += (0..<length).map { _ in
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    return UInt8(truncatingIfNeeded: state >> 33)
                }
                XCTAssertThrowsError(try DatasetFile(decoding: bytes))
            }
        }
    }

    func message(_ bytes: [UInt8]) -> String {
        do {
            _ = try DatasetFile(decoding: bytes)
            return "accepted"
        } catch { return error.description }
    }
}
