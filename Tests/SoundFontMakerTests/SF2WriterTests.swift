import XCTest
@testable import SoundFontMaker

/// The writer's output read back: RIFF framing, the hydra's terminal records, generator order, sample guards.
final class SF2WriterTests: XCTestCase {
    /// A two-sample, one-instrument, one-preset bank built by hand.
    static func tinyBank() -> SoundFont2 {
        var bank = SoundFont2(info: SF2Info(name: "Tiny"))
        bank.info.copyright = "odd"  // 3 characters + zero = 4 bytes; "Tiny" + zero = 5 → padded to 6
        let ramp = (0..<100).map { Int16($0 * 100) }
        let a = bank.add(SF2Sample(name: "A", data: ramp, sampleRate: 22050, rootKey: 60, loopStart: 20, loopEnd: 80))
        let b = bank.add(SF2Sample(name: "B", data: [1, -1, 2, -2], sampleRate: 32000, rootKey: 36))
        var global = SF2Zone()
        global.set(.releaseVolEnv, -1200)
        var low = SF2Zone(keyRange: 0...59, link: b)
        low.set(.sampleModes, 0)
        var high = SF2Zone(velocityRange: 1...127, link: a)
        high.set(.sampleModes, 1)
        high.set(.overridingRootKey, 60)
        high.keyRange = 60...127  // set after other generators: the writer must still put it first
        let inst = bank.add(SF2Instrument(name: "Inst", zones: [global, low, high]))
        var presetZone = SF2Zone(link: inst)
        presetZone.set(.fineTune, -7)
        bank.presets = [SF2Preset(name: "Preset", program: 5, bank: 0, zones: [presetZone])]
        return bank
    }

    func testRIFFFramingAndSizes() throws {
        let bytes = Self.tinyBank().serialized()
        XCTAssertEqual(Array(bytes[0..<4]), Array("RIFF".utf8))
        XCTAssertEqual(Int(le32(bytes, 4)) + 8, bytes.count, "RIFF size covers the rest of the file")
        XCTAssertEqual(Array(bytes[8..<12]), Array("sfbk".utf8))
        XCTAssertEqual(bytes.count % 2, 0)
        // The smpl chunk holds both samples, each followed by 46 zero points.
        let smpl = try XCTUnwrap(find("smpl", in: bytes))
        XCTAssertEqual(Int(le32(bytes, smpl + 4)), 2 * (100 + 46 + 4 + 46))
    }

    func testRoundTrip() throws {
        let sf = try SoundFontFile.parse(Self.tinyBank().serialized())
        XCTAssertEqual(sf.version.major, 2)
        XCTAssertEqual(sf.version.minor, 1)
        XCTAssertEqual(sf.info["INAM"], "Tiny")
        XCTAssertEqual(sf.info["ICOP"], "odd")
        XCTAssertEqual(sf.info["isng"], "EMU8000")
        XCTAssertEqual(sf.presets.map(\.name), ["Preset"])
        XCTAssertEqual(sf.presets[0].program, 5)
        XCTAssertEqual(sf.presets[0].zones[0].value(of: .fineTune), -7)
        XCTAssertEqual(sf.instruments.map(\.name), ["Inst"])
        XCTAssertEqual(sf.samples.map(\.name), ["A", "B"])

        let a = sf.samples[0], b = sf.samples[1]
        XCTAssertEqual(a.start, 0)
        XCTAssertEqual(a.end, 100)
        XCTAssertEqual(a.loopStart, 20)
        XCTAssertEqual(a.loopEnd, 80)
        XCTAssertEqual(b.start, 146, "the second sample starts after the first one's 46 guard points")
        XCTAssertEqual(b.loopStart, b.start, "an unlooped sample's loop collapses to its start")
        XCTAssertEqual(b.sampleRate, 32000)
        XCTAssertEqual(b.rootKey, 36)
        XCTAssertEqual(Array(sf.points(of: a).prefix(3)), [0, 100, 200])
        XCTAssertEqual(Array(sf.points(of: b)), [1, -1, 2, -2])
        XCTAssertEqual(sf.problems(), [])
    }

    func testGeneratorOrderRules() throws {
        let sf = try SoundFontFile.parse(Self.tinyBank().serialized())
        let zones = sf.instruments[0].zones
        XCTAssertNil(zones[0].link(.sampleID), "the global zone comes first and links nothing")
        let high = zones[2].generators.map(\.generator)
        XCTAssertEqual(high.first, .keyRange)
        XCTAssertEqual(high[1], .velRange)
        XCTAssertEqual(high.last, .sampleID)
        XCTAssertEqual(zones[2].keyRange, 60...127)
        XCTAssertEqual(zones[2].velocityRange, 1...127)
        XCTAssertEqual(zones[2].link(.sampleID), 0)
        XCTAssertEqual(sf.presets[0].zones[0].generators.last?.generator, .instrument)
    }

    func testLongNamesAreCutTo19Characters() throws {
        var bank = Self.tinyBank()
        bank.presets[0].name = "A name far longer than twenty characters"
        let sf = try SoundFontFile.parse(bank.serialized())
        XCTAssertEqual(sf.presets[0].name, "A name far longer t")
    }

    func testSettingAGeneratorTwiceKeepsTheLastValue() {
        var zone = SF2Zone()
        zone.set(.pan, 100)
        zone.set(.pan, -200)
        XCTAssertEqual(zone.generators.count, 1)
        XCTAssertEqual(zone.value(of: .pan), -200)
    }

    func testUnitConversions() {
        XCTAssertEqual(SF2Units.timecents(1), 0)
        XCTAssertEqual(SF2Units.timecents(2), 1200)
        XCTAssertEqual(SF2Units.timecents(0), -12000)
        XCTAssertEqual(SF2Units.absoluteCents(8.176 * 4), 2400)
        XCTAssertEqual(SF2Units.absoluteCents(10), 1500, "cutoffs clamp to the spec's range")
        XCTAssertEqual(SF2Units.absoluteCents(1_000_000), 13500, "cutoffs clamp to the spec's range")
        XCTAssertEqual(SF2Units.centibels(6), 60)
    }
}

func le32(_ b: [UInt8], _ at: Int) -> UInt32 {
    (0..<4).reduce(0) { $0 | UInt32(b[at + $1]) << UInt32(8 * $1) }
}

func find(_ id: String, in bytes: [UInt8]) -> Int? {
    let pattern = Array(id.utf8)
    return (0...(bytes.count - 4)).first { Array(bytes[$0..<($0 + 4)]) == pattern }
}
