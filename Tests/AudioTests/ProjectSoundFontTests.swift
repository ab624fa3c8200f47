import Foundation
import MusicCore
import SoundFontMaker
import XCTest
@testable import Audio

/// The project's own SoundFont (built in memory by SoundFontMaker, so the test needs nothing installed)
/// through the real FluidSynth: in tune, drums on bank 128, metronome keys present.
final class ProjectSoundFontTests: XCTestCase {
    /// Built once for the whole class: synthesising the bank takes a moment in debug builds.
    nonisolated(unsafe) private static var builtPath: String?

    private func soundFontPath() throws -> String {
        if let path = Self.builtPath, FileManager.default.fileExists(atPath: path) { return path }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ensemble-gm-\(UUID().uuidString).sf2")
        try Data(EnsembleSoundFont.makeSF2()).write(to: url)
        Self.builtPath = url.path
        return url.path
    }

    override class func tearDown() {
        if let path = builtPath { try? FileManager.default.removeItem(atPath: path) }
        builtPath = nil
        super.tearDown()
    }

    func testLoadsAsAGeneralMIDIBankWithDrums() throws {
        let engine = try SynthEngine(soundFontPath: try soundFontPath())
        XCTAssertGreaterThanOrEqual(engine.presetCount, 129)
        XCTAssertTrue(engine.hasDrumKit)
        for program in [0, 4, 16, 24, 25, 27, 30, 32, 33, 38, 48, 56, 65, 73, 80, 88] {
            XCTAssertTrue(engine.selectProgram(program, channel: 0), "program \(program)")
        }
    }

    func testNotesAreInTuneAcrossProgramsAndRegisters() throws {
        let soundFont = try soundFontPath()
        let directory = try Fixtures.temporaryDirectory(for: self)
        // Piano, electric piano, organ, nylon guitar, electric bass, strings, brass, flute, square lead.
        for program: UInt8 in [0, 4, 16, 24, 33, 48, 61, 73, 80] {
            for pitch: UInt8 in [45, 57, 69, 76] {
                let wav = try Fixtures.renderToWAV(Fixtures.sustainedNote(pitch: pitch, program: program, seconds: 1.5),
                                                   soundFont: soundFont, options: RenderOptions(tailSeconds: 0.2, reverb: nil),
                                                   in: directory, name: "p\(program)-\(pitch)")
                let measured = Spectrum.fundamental(wav.mono[4410..<48_510], sampleRate: wav.sampleRate)
                let cents = Spectrum.cents(measured, from: Spectrum.frequency(ofPitch: Int(pitch)))
                XCTAssertLessThan(abs(cents), 10, "program \(program) pitch \(pitch): \(measured) Hz, \(cents) cents")
            }
        }
    }

    func testDrumKitAndMetronomeAreAudible() throws {
        let soundFont = try soundFontPath()
        let directory = try Fixtures.temporaryDirectory(for: self)
        // Kick, snare, closed hat, crash and ride, half a second apart, then metronome clicks over an empty bar.
        let keys: [UInt8] = [36, 38, 42, 49, 51]
        let hits = keys.enumerated().map { Note(pitch: $0.element, velocity: 110, start: $0.offset * 480, duration: 240) }
        let song = Song(tracks: [Fixtures.track("drums", program: 0, channel: 9, notes: hits, drums: true)])
        let wav = try Fixtures.renderToWAV(song, soundFont: soundFont, options: RenderOptions(tailSeconds: 0.5, peakDBFS: nil, reverb: nil),
                                           in: directory, name: "kit")
        for index in keys.indices {
            let start = Int(Double(index) * 0.5 * Double(wav.sampleRate))
            let peak = wav.mono[start..<start + wav.sampleRate / 10].reduce(0) { max($0, abs($1)) }
            XCTAssertGreaterThan(peak, 0.03, "drum key \(keys[index]) sounds")
        }
        let clickSong = Song(tracks: [Fixtures.track("marker", program: 0, channel: 0, notes: [Note(pitch: 60, velocity: 1, start: 1440, duration: 480)])])
        let clicks = try Fixtures.renderToWAV(clickSong, soundFont: soundFont,
                                              options: RenderOptions(tailSeconds: 0.3, peakDBFS: nil, metronome: Metronome(isEnabled: true), reverb: nil),
                                              in: directory, name: "clicks")
        let onsets = Spectrum.onsets(clicks.mono, sampleRate: clicks.sampleRate, threshold: 0.2)
        XCTAssertEqual(onsets.count, 4, "\(onsets)")
        for (beat, onset) in onsets.enumerated() { XCTAssertEqual(onset, Double(beat) * 0.5, accuracy: 0.006) }
    }
}
