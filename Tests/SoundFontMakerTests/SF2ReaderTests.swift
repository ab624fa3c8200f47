import XCTest
@testable import SoundFontMaker

/// Bad files give one clear error, never a crash.
final class SF2ReaderTests: XCTestCase {
    let good = SF2WriterTests.tinyBank().serialized()

    func error(_ bytes: [UInt8]) -> String? {
        do {
            _ = try SoundFontFile.parse(bytes)
            return nil
        } catch {
            return error.description
        }
    }

    func testEmptyAndForeignFiles() {
        XCTAssertEqual(error([]), "not a RIFF file")
        XCTAssertEqual(error(Array("RIFF\u{4}\0\0\0WAVE".utf8)), "RIFF form is not 'sfbk' (not a SoundFont 2)")
        XCTAssertNotNil(error(Array("MThd".utf8)))
    }

    func testEveryTruncationIsAnError() {
        // Cut the file at many points: each must throw (never crash, never succeed).
        for cut in stride(from: 0, to: good.count - 1, by: 7) {
            XCTAssertNotNil(error(Array(good[0..<cut])), "truncated at \(cut)")
        }
    }

    func testRandomCorruptionNeverCrashes() {
        var random = SeededRandom(seed: 42)
        for _ in 0..<300 {
            var bytes = good
            for _ in 0..<4 {
                let i = Int(random.next() % UInt64(bytes.count))
                bytes[i] = UInt8(truncatingIfNeeded: random.next())
            }
            _ = error(bytes)  // either parses or explains; the point is that it returns
        }
    }

    func testBadInstrumentIndex() throws {
        var bank = SF2WriterTests.tinyBank()
        bank.presets[0].zones[0].link = 7
        let message = try XCTUnwrap(error(bank.serialized()))
        XCTAssertTrue(message.contains("links instrument 7"), message)
    }

    func testBadSampleIndex() throws {
        var bank = SF2WriterTests.tinyBank()
        bank.instruments[0].zones[1].link = 9
        let message = try XCTUnwrap(error(bank.serialized()))
        XCTAssertTrue(message.contains("links sampleID 9"), message)
    }

    func testSampleOutsideData() throws {
        var bytes = good
        let shdr = try XCTUnwrap(find("shdr", in: bytes))
        // First record's end field (offset 24 in the record) pointed far past the data.
        for (i, b) in [0xFF, 0xFF, 0x00, 0x00].enumerated() { bytes[shdr + 8 + 24 + i] = UInt8(b) }
        let message = try XCTUnwrap(error(bytes))
        XCTAssertTrue(message.contains("outside the sample data"), message)
    }

    func testProblemsReportSpecDeviations() throws {
        var bank = SF2WriterTests.tinyBank()
        bank.samples[0].loopStart = 2  // fewer than 8 points before the loop
        bank.presets.append(bank.presets[0])  // the same bank:program twice
        let problems = try SoundFontFile.parse(bank.serialized()).problems()
        XCTAssertTrue(problems.contains { $0.contains("lacks 8 points") }, "\(problems)")
        XCTAssertTrue(problems.contains { $0.contains("appears twice") }, "\(problems)")
    }
}
