import XCTest
@testable import SoundFontMaker

final class SoundFontMakerSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
