import XCTest
@testable import MusicCore

final class GeneralMIDITests: XCTestCase {
    func testProgramNames() {
        let names = (0...127).map { GeneralMIDI.programName(UInt8($0)) }
        XCTAssertEqual(Set(names).count, 128)
        XCTAssertEqual(names[0], "Acoustic Grand Piano")
        XCTAssertEqual(names[25], "Acoustic Guitar (steel)")
        XCTAssertEqual(names[33], "Electric Bass (finger)")
        XCTAssertEqual(names[48], "String Ensemble 1")
        XCTAssertEqual(names[56], "Trumpet")
        XCTAssertEqual(names[73], "Flute")
        XCTAssertEqual(names[127], "Gunshot")
        XCTAssertEqual(GeneralMIDI.programName(128 + 1), "Bright Acoustic Piano", "only the low 7 bits count")
    }

    func testDrumNames() {
        XCTAssertEqual(GeneralMIDI.drumKeys.count, 47)
        XCTAssertEqual(GeneralMIDI.drumName(35), "Acoustic Bass Drum")
        XCTAssertEqual(GeneralMIDI.drumName(36), "Bass Drum 1")
        XCTAssertEqual(GeneralMIDI.drumName(38), "Acoustic Snare")
        XCTAssertEqual(GeneralMIDI.drumName(42), "Closed Hi-Hat")
        XCTAssertEqual(GeneralMIDI.drumName(49), "Crash Cymbal 1")
        XCTAssertEqual(GeneralMIDI.drumName(81), "Open Triangle")
        XCTAssertNil(GeneralMIDI.drumName(34))
        XCTAssertNil(GeneralMIDI.drumName(82))
    }

    func testFamilies() {
        XCTAssertEqual(GeneralMIDI.family(ofProgram: 7), .piano)
        XCTAssertEqual(GeneralMIDI.family(ofProgram: 8), .chromaticPercussion)
        XCTAssertEqual(GeneralMIDI.family(ofProgram: 127), .soundEffects)
        XCTAssertEqual(GeneralMIDI.Family.bass.programs, 32...39)
        XCTAssertEqual(GeneralMIDI.Family.allCases.count, 16)
    }

    func testRolesFollowLPD5Families() {
        func role(_ p: UInt8, drum: Bool = false) -> TrackRole { GeneralMIDI.role(forProgram: p, isDrum: drum) }
        for p in UInt8(0)...127 { XCTAssertEqual(role(p, drum: true), .drums) }
        for p in UInt8(0)...23 { XCTAssertEqual(role(p), .chords, "\(p)") }   // piano, chromatic perc, organ
        for p in UInt8(24)...31 { XCTAssertEqual(role(p), .guitar, "\(p)") }
        for p in UInt8(32)...39 { XCTAssertEqual(role(p), .bass, "\(p)") }
        for p in UInt8(40)...63 { XCTAssertEqual(role(p), .pad, "\(p)") }     // strings, ensemble, brass
        for p in UInt8(64)...87 { XCTAssertEqual(role(p), .melody, "\(p)") }  // reed, pipe, synth lead
        for p in UInt8(88)...103 { XCTAssertEqual(role(p), .pad, "\(p)") }   // synth pad, synth effects
        XCTAssertEqual(role(105), .guitar)   // banjo
        XCTAssertEqual(role(110), .melody)   // fiddle
        XCTAssertEqual(role(114), .chords)   // steel drums
        XCTAssertEqual(role(118), .drums)    // synth drum
        XCTAssertEqual(role(122), .pad)      // seashore
    }
}
