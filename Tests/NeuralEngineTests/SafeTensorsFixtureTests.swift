import Foundation
import XCTest
@testable import NeuralEngine

/// Reads a parity fixture (written by scripts/parity/make_fixtures.py with the reference safetensors writer).
func loadFixture(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> SafeTensorsFile {
    guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
        throw SafeTensorsError("the test bundle has no Fixtures directory")
    }
    let bytes = try Data(contentsOf: dir.appendingPathComponent(name + ".safetensors"))
    return try SafeTensorsFile(decoding: [UInt8](bytes))
}

final class SafeTensorsFixtureTests: XCTestCase {
    func testReadsFilesWrittenByTheReferenceWriter() throws {
        let g = try loadFixture("generator_weights")
        XCTAssertEqual(g["d1.0.weight"]?.shape, [4, 1, 4, 4])
        XCTAssertEqual(g["u4.1.weight"]?.shape, [16, 64, 4, 4])
        XCTAssertEqual(g["d2.2.num_batches_tracked"]?.dtype, .i64)
        XCTAssertEqual(g["d2.2.num_batches_tracked"]?.int64s(), [3])
        XCTAssertEqual(g.metadata["widths"], "4,8,16,32")
        XCTAssertEqual(g.names.filter { $0.hasSuffix("running_var") }.count, 6)
        // BatchNorm running variances were drawn from U(0.5, 2): a decoding error would scatter them.
        for name in g.names where name.hasSuffix("running_var") {
            XCTAssertTrue(g[name]!.floats().allSatisfy { $0 >= 0.5 && $0 <= 2 }, name)
        }
    }

    func testReencodingAFixtureGivesTheSameTensors() throws {
        for name in ["generator_weights", "critic_weights", "adam_parity"] {
            let f = try loadFixture(name)
            XCTAssertEqual(try SafeTensorsFile(decoding: f.encoded()), f, name)
        }
    }
}
