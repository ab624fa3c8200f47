import XCTest
@testable import MusicCore

final class MusicCoreSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
