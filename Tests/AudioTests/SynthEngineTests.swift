import CFluidSynth
import Foundation
import MusicCore
import XCTest
@testable import Audio

final class SynthEngineTests: XCTestCase {
    func testLoadsAGeneralMIDISoundFont() throws {
        let engine = try SynthEngine(soundFontPath: try Fixtures.requireTimGM6mb())
        XCTAssertGreaterThan(engine.presetCount, 128)
        XCTAssertTrue(engine.hasDrumKit)
        XCTAssertTrue(engine.selectProgram(40, channel: 3))
        XCTAssertTrue(engine.selectDrumKit(0, channel: 9))
    }

    func testMissingCorruptAndTruncatedSoundFontsAreOneLineErrorsAndNothingIsPrinted() throws {
        let directory = try Fixtures.temporaryDirectory(for: self)
        let missing = directory.appendingPathComponent("missing.sf2").path
        let corrupt = directory.appendingPathComponent("corrupt.sf2")
        try Data("this is not a SoundFont at all".utf8).write(to: corrupt)
        let truncated = directory.appendingPathComponent("truncated.sf2")
        let real = try Data(contentsOf: URL(fileURLWithPath: try Fixtures.requireTimGM6mb()))
        try real.prefix(5000).write(to: truncated)

        let riffWave = directory.appendingPathComponent("sound.sf2")
        try Data("RIFF\u{4}\0\0\0WAVEdata".utf8).write(to: riffWave)
        for (path, expected) in [(missing, "no such SoundFont file"), (corrupt.path, "not a SoundFont (SF2 and SF3 files start"),
                                 (truncated.path, "damaged or truncated"), (riffWave.path, "not a SoundFont (no sfbk"),
                                 (directory.path, "is a directory")] {
            var thrown: Error?
            let printed = try Fixtures.captureStandardError {
                XCTAssertThrowsError(try SynthEngine(soundFontPath: path)) { thrown = $0 }
            }
            XCTAssertEqual(printed, "", "nothing reaches the terminal while loading \(path)")
            if let error = thrown {
                guard case .soundFontInvalid(let reported, let reason) = error as? AudioError else {
                    return XCTFail("unexpected \(error)")
                }
                XCTAssertEqual(reported, path)
                XCTAssertTrue(reason.contains(expected), reason)
                XCTAssertFalse("\(error)".contains("\n"))
                XCTAssertTrue("\(error)".hasPrefix(path + ": "), "\(error)")
            }
        }
    }

    func testRejectsOutOfRangeSettings() {
        XCTAssertThrowsError(try SynthEngine(soundFontPath: Fixtures.timGM6mb, configuration: SynthConfiguration(sampleRate: 1000))) {
            XCTAssertEqual("\($0)", "sample rate 1000 Hz is out of range (8000 to 96000 Hz)")
        }
    }

    func testFallsBackToTheStandardKitWhenAKitIsMissing() throws {
        let engine = try SynthEngine(soundFontPath: try Fixtures.requireTimGM6mb())
        XCTAssertFalse(engine.selectDrumKit(99, channel: 9), "no kit 99: falls back to the standard kit")
        XCTAssertNotNil(fluidPresetName(engine, channel: 9))
    }

    private func fluidPresetName(_ engine: SynthEngine, channel: Int32) -> String? {
        guard let preset = fluid_synth_get_channel_preset(engine.synth, channel) else { return nil }
        return String(cString: fluid_preset_get_name(preset))
    }

    func testLiveNotesSoundFromAnyThread() throws {
        let engine = try SynthEngine(soundFontPath: try Fixtures.requireTimGM6mb())
        let output = try AudioOutput(engine: engine, drivers: [])
        defer { output.close() }
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            engine.noteOn(channel: index % 4, key: 60 + index, velocity: 100)
        }
        XCTAssertGreaterThanOrEqual(engine.activeVoiceCount, 8)
        engine.panic()
        Thread.sleep(forTimeInterval: 0.05)
        XCTAssertEqual(engine.activeVoiceCount, 0, "panic silences everything")
    }

    /// The silent clock rests while nothing plays (no timer thread rendering silence) and keeps time again when
    /// woken: a song played after a rest moves at the real-time rate.
    func testSilentClockRestsAndWakes() throws {
        let engine = try SynthEngine(soundFontPath: try Fixtures.requireTimGM6mb())
        let output = try AudioOutput(engine: engine, drivers: [])
        defer { output.close() }
        XCTAssertTrue(output.isSilent)
        output.restSilentClock()
        XCTAssertEqual(engine.drive.current, .idle)
        let player = SongPlayer(engine: engine, song: Song(tracks: [Track(name: "m", notes: [Note(pitch: 60, start: 0, duration: 9600)])]))
        defer { player.close() }
        XCTAssertTrue(output.wakeSilentClock())
        XCTAssertEqual(engine.drive.current, .realTime)
        player.play()
        Thread.sleep(forTimeInterval: 0.5)
        let tick = player.snapshot().tick
        XCTAssertGreaterThan(tick, 300, "half a second at 120 bpm is 480 ticks")
        XCTAssertLessThan(tick, 700)
        player.stop()
        output.restSilentClock()
        XCTAssertEqual(engine.drive.current, .idle)
    }
}
