import Foundation
import XCTest
@testable import SoundFontMaker

/// The bank itself: GM coverage, structure, loops, pitch of every multi-sample, and the committed file.
final class EnsembleSoundFontTests: XCTestCase {
    /// Generated once for all tests of this class (about a second in a debug build).
    nonisolated(unsafe) static var cached: [UInt8]?
    static var bytes: [UInt8] {
        if let cached { return cached }
        let made = EnsembleSoundFont.makeSF2()
        cached = made
        return made
    }

    var sf: SoundFontFile { get throws { try SoundFontFile.parse(Self.bytes) } }

    static var committedPath: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SoundFonts/Ensemble-GM.sf2")
    }

    func testCommittedFileIsTheGeneratorsOutput() throws {
        let committed = try XCTUnwrap(FileManager.default.contents(atPath: Self.committedPath.path),
                                      "SoundFonts/Ensemble-GM.sf2 is missing: run `ensemble soundfont build`")
        XCTAssertTrue([UInt8](committed) == Self.bytes,
                      "SoundFonts/Ensemble-GM.sf2 differs from the generator: rebuild it with "
                          + "`ensemble soundfont build -o SoundFonts/Ensemble-GM.sf2` and commit both")
    }

    func testOutputIsDeterministic() {
        XCTAssertTrue(EnsembleSoundFont.makeSF2() == Self.bytes)
    }

    func testSizeBudget() {
        XCTAssertLessThanOrEqual(Self.bytes.count, 4 * 1024 * 1024)
    }

    func testStructureHasNoProblems() throws {
        let sf = try sf
        XCTAssertEqual(sf.problems(), [])
        XCTAssertEqual(sf.info["INAM"], "Ensemble GM")
        XCTAssertNotNil(sf.info["ICOP"])
        XCTAssertEqual(sf.version.major, 2)
        XCTAssertEqual(sf.version.minor, 1)
    }

    func testAllGeneralMIDIProgramsWithTheirNames() throws {
        let melodic = try sf.presets.filter { $0.bank == 0 }.sorted { $0.program < $1.program }
        XCTAssertEqual(melodic.map(\.program), Array(0..<128))
        XCTAssertEqual(melodic.map(\.name), GeneralMIDI.names)
        XCTAssertEqual(melodic[0].name, "Acoustic Grand Pno")
        XCTAssertEqual(melodic[40].name, "Violin")
        XCTAssertEqual(melodic[127].name, "Gunshot")
        for p in melodic {
            XCTAssertFalse(p.zones.isEmpty, p.name)
            XCTAssertTrue(p.zones.allSatisfy { $0.link(.instrument) != nil }, p.name)
        }
    }

    func testEveryMelodicPresetCoversTheWholeKeyboard() throws {
        let sf = try sf
        for p in sf.presets where p.bank == 0 {
            for zone in p.zones {
                let instrument = sf.instruments[zone.link(.instrument)!]
                var covered = Set<Int>()
                for z in instrument.zones where z.link(.sampleID) != nil { covered.formUnion(z.keyRange) }
                XCTAssertEqual(covered, Set(0...127), "\(p.name) → \(instrument.name)")
            }
        }
    }

    func testDrumKitOnBank128() throws {
        let sf = try sf
        let standard = try XCTUnwrap(sf.presets.first { $0.bank == 128 && $0.program == 0 })
        XCTAssertEqual(standard.name, "Standard")
        let kit = sf.instruments[try XCTUnwrap(standard.zones.first?.link(.instrument))]
        var keys: [Int: SoundFontFile.Zone] = [:]
        for z in kit.zones where z.link(.sampleID) != nil { keys[z.keyRange.lowerBound] = z }
        for key in 27...87 { XCTAssertNotNil(keys[key], "drum key \(key)") }
        // Hi-hats choke each other; drums are one-shots that play at their own pitch.
        XCTAssertEqual(Set([42, 44, 46].map { keys[$0]!.value(of: .exclusiveClass) }), [DrumKit.hiHatClass])
        for (key, z) in keys {
            XCTAssertEqual(z.value(of: .sampleModes), 0, "key \(key)")
            XCTAssertNotNil(z.value(of: .overridingRootKey), "key \(key)")
        }
        // GM2 kit numbers play the same kit.
        for program in [8, 16, 24, 25, 32, 40, 48] {
            let alias = try XCTUnwrap(sf.presets.first { $0.bank == 128 && $0.program == program })
            XCTAssertEqual(alias.zones.first?.link(.instrument), standard.zones.first?.link(.instrument))
        }
    }

    func testDrumSamplesAreAudibleAndEndQuietly() throws {
        let sf = try sf
        let kit = try XCTUnwrap(sf.instruments.first { $0.name == "Standard Kit" })
        for zone in kit.zones {
            guard let index = zone.link(.sampleID) else { continue }
            let s = sf.samples[index]
            let points = sf.points(of: s)
            let peak = points.map { abs(Int($0)) }.max()!
            XCTAssertGreaterThan(peak, 8000, s.name)
            XCTAssertLessThan(points.suffix(8).map { abs(Int($0)) }.max()!, 300, "\(s.name) ends with a click")
        }
    }

    func testLoopsAreSeamless() throws {
        let sf = try sf
        for s in sf.samples where s.loopEnd > s.loopStart {
            let x = sf.sampleData
            // The points after the loop repeat its start, so interpolation across the end sees the loop.
            for i in 0..<8 { XCTAssertEqual(x[s.loopEnd + i], x[s.loopStart + i], "\(s.name) guard \(i)") }
            // The step from the loop's last point back to its first is no larger than the wave's usual steps.
            let loop = x[s.loopStart..<s.loopEnd].map(Double.init)
            let steps = zip(loop.dropFirst(), loop).map { abs($0 - $1) }.sorted()
            let typical = steps[Int(Double(steps.count) * 0.99)]
            let seam = abs(Double(x[s.loopStart]) - Double(x[s.loopEnd - 1]))
            XCTAssertLessThanOrEqual(seam, max(typical * 1.5, 64), "\(s.name): seam \(seam) vs steps \(typical)")
        }
    }

    func testEveryLoopSitsExactlyOnItsRootKeysPitch() throws {
        let sf = try sf
        var checked = 0
        for s in sf.samples where s.loopEnd > s.loopStart && !s.name.hasPrefix("Noise") {
            let loop = sf.sampleData[s.loopStart..<s.loopEnd].map(Double.init)
            let f = 440 * pow(2, Double(s.rootKey - 69) / 12)
            let cycles = Int((f * Double(loop.count) / Double(s.sampleRate)).rounded())  // root's cycles per loop
            // The loop is periodic, so its spectrum lives on bins: the root's bin must be within a tenth of a cent
            // of the key and hold a real partial.
            let hz = Double(cycles) * Double(s.sampleRate) / Double(loop.count)
            XCTAssertLessThan(abs(1200 * log2(hz / f)), 0.1, s.name)
            let fundamental = magnitude(loop, bin: cycles)
            let harmonics = (1...6).map { magnitude(loop, bin: $0 * cycles) }
            XCTAssertGreaterThan(fundamental, 0.1 * harmonics.max()!, "\(s.name): fundamental too weak")
            if cycles >= 3 {
                // Bins beside the fundamental are not harmonics: nothing may sit there (no detuned fundamental).
                let neighbours = max(magnitude(loop, bin: cycles - 1), magnitude(loop, bin: cycles + 1))
                XCTAssertGreaterThan(fundamental, 4 * neighbours, "\(s.name): fundamental off its bin")
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 100)
    }

    func testSamplesUseTheRangeWithoutClipping() throws {
        let sf = try sf
        for s in sf.samples {
            let points = sf.points(of: s)
            let clipped = points.filter { abs(Int($0)) >= 32767 }.count
            XCTAssertLessThanOrEqual(clipped, 2, s.name)
        }
    }

    func magnitude(_ x: [Double], bin k: Int) -> Double {
        var re = 0.0, im = 0.0
        let w = 2 * Double.pi * Double(k) / Double(x.count)
        var n = 0
        while n < x.count {
            re += x[n] * cos(w * Double(n))
            im -= x[n] * sin(w * Double(n))
            n += 1
        }
        return (re * re + im * im).squareRoot()
    }
}
