import XCTest
@testable import Audio

final class SoundFontLocatorTests: XCTestCase {
    private func locator(explicit: String? = nil, environment: [String: String] = [:], files: Set<String>,
                         config: String? = nil, roots: [String] = ["/opt/ensemble/bin"]) -> SoundFontLocator {
        SoundFontLocator(explicitPath: explicit, environment: environment, homeDirectory: "/home/ada", searchRoots: roots,
                         fileExists: { files.contains($0) },
                         readText: { $0 == "/home/ada/.config/ensemble/config" ? config : nil })
    }

    private let system = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
    private let project = "/opt/ensemble/SoundFonts/Ensemble-GM.sf2"

    func testLookUpOrder() throws {
        let all: Set<String> = ["/x/flag.sf2", "/x/env.sf2", "/x/config.sf2", system, project]
        let config = "# my settings\nsoundfont = /x/config.sf2\n"
        XCTAssertEqual(try locator(explicit: "/x/flag.sf2", environment: ["ENSEMBLE_SOUNDFONT": "/x/env.sf2"], files: all,
                                   config: config).locate(), .init(path: "/x/flag.sf2", source: .option))
        XCTAssertEqual(try locator(environment: ["ENSEMBLE_SOUNDFONT": "/x/env.sf2"], files: all, config: config).locate(),
                       .init(path: "/x/env.sf2", source: .environment))
        XCTAssertEqual(try locator(files: all, config: config).locate().path, "/x/config.sf2")
        XCTAssertEqual(try locator(files: all).locate(), .init(path: system, source: .system))
        XCTAssertEqual(try locator(files: [project]).locate(), .init(path: project, source: .project))
    }

    func testProjectSoundFontIsFoundByWalkingUp() throws {
        let deep = locator(files: [project], roots: ["/opt/ensemble/.build/x86_64/release"])
        XCTAssertEqual(try deep.locate().path, project)
        let installed = locator(files: ["/usr/local/bin/../share/ensemble/Ensemble-GM.sf2"], roots: ["/usr/local/bin"])
        XCTAssertEqual(try installed.locate().source, .project)
    }

    func testNamedButMissingFilesAreErrorsNotSkipped() {
        XCTAssertThrowsError(try locator(explicit: "/nope.sf2", files: [system]).locate()) { error in
            XCTAssertEqual(error as? AudioError, .soundFontMissing(path: "/nope.sf2", source: "--soundfont"))
            XCTAssertEqual("\(error)", "/nope.sf2: no such SoundFont file (from --soundfont)")
        }
        XCTAssertThrowsError(try locator(environment: ["ENSEMBLE_SOUNDFONT": "/gone.sf2"], files: [system]).locate())
        XCTAssertThrowsError(try locator(files: [system], config: "soundfont = fonts/missing.sf2").locate()) { error in
            XCTAssertEqual(error as? AudioError,
                           .soundFontMissing(path: "/home/ada/.config/ensemble/fonts/missing.sf2",
                                             source: "/home/ada/.config/ensemble/config"))
        }
    }

    func testNothingFoundSaysWhereItLookedInOneLine() {
        XCTAssertThrowsError(try locator(files: []).locate()) { error in
            let message = "\(error)"
            XCTAssertFalse(message.contains("\n"))
            XCTAssertTrue(message.contains("/usr/share/sounds/sf2"))
            XCTAssertTrue(message.contains("--soundfont"))
        }
    }

    func testConfigFormat() {
        XCTAssertEqual(SoundFontLocator.configValue(in: "soundfont=/a.sf2"), "/a.sf2")
        XCTAssertEqual(SoundFontLocator.configValue(in: "  SoundFont = \"/with space.sf2\"  # comment\n"), "/with space.sf2")
        XCTAssertEqual(SoundFontLocator.configValue(in: "soundfont = /a.sf2\nsoundfont = /b.sf2"), "/b.sf2")
        XCTAssertNil(SoundFontLocator.configValue(in: "# soundfont = /a.sf2\nother = 1\nsoundfont ="))
        XCTAssertEqual(try locator(files: ["/home/ada/fonts/x.sf2"], config: "soundfont = ~/fonts/x.sf2").locate().path,
                       "/home/ada/fonts/x.sf2")
    }

    func testXDGConfigHomeIsHonoured() {
        let located = locator(environment: ["XDG_CONFIG_HOME": "/cfg"], files: [])
        XCTAssertEqual(located.configPath, "/cfg/ensemble/config")
    }
}
