import Foundation
import XCTest
@testable import FuzzTargets

/// Replays the committed seed corpora and every crasher fuzzing has found (`Corpus/TARGET/`, crashers named
/// `crash-*`, from `make fuzz`) through the fuzz targets in the ordinary build, so a fixed reader stays fixed.
final class ReplayTests: XCTestCase {
    func corpus(_ target: FuzzTarget) throws -> [(name: String, bytes: [UInt8])] {
        let folder = try XCTUnwrap(Bundle.module.resourcePath) + "/Corpus/" + target.rawValue
        return try FuzzInputs.files([folder]).map {
            (URL(fileURLWithPath: $0).lastPathComponent, [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))))
        }
    }

    /// Seeds are only useful when the reader takes them: mutations of a refused file stay near the refusal.
    func testEverySeedIsReadByItsTarget() throws {
        for target in FuzzTarget.allCases {
            let seeds = try corpus(target).filter { !$0.name.hasPrefix("crash-") }
            XCTAssertFalse(seeds.isEmpty, "no seeds for \(target.rawValue)")
            for seed in seeds { XCTAssertTrue(target.run(seed.bytes), "\(target.rawValue): seed \(seed.name) is refused") }
        }
    }

    func testPastCrashersRunAndAreRefusedOrRead() throws {
        for target in FuzzTarget.allCases {
            for crasher in try corpus(target) where crasher.name.hasPrefix("crash-") { target.run(crasher.bytes) }
        }
    }

    /// Damaged copies of every seed (truncated, a byte flipped) are refused or read, never a crash.
    func testDamagedSeedsAreRefusedOrRead() throws {
        for target in FuzzTarget.allCases {
            for seed in try corpus(target) where !seed.bytes.isEmpty {
                target.run(Array(seed.bytes.prefix(seed.bytes.count / 2)))
                var flipped = seed.bytes
                flipped[flipped.count / 3] ^= 0x5A
                target.run(flipped)
            }
        }
    }
}
