import Foundation
import MusicCore
import XCTest
@testable import Audio

/// Renders songs to WAV files and listens to them: level, length, pitch, timbre, drums, mute and solo.
final class RenderTests: XCTestCase {
    func testRenderIsNonSilentNormalizedAndLastsSongPlusTail() throws {
        let soundFont = try Fixtures.requireTimGM6mb()
        let directory = try Fixtures.temporaryDirectory(for: self)
        let song = Fixtures.band(bars: 2) // 4 s at 120 bpm
        let wav = try Fixtures.renderToWAV(song, soundFont: soundFont, in: directory)

        XCTAssertEqual(wav.sampleRate, 44_100)
        XCTAssertEqual(wav.channels.count, 2)
        let lastEnd = Double(song.tracks.flatMap(\.notes).map(\.end).max()!) / 960
        XCTAssertEqual(wav.duration, lastEnd + 2, accuracy: 0.02, "song length plus a 2 s tail")

        let samples = wav.channels.flatMap { $0 }
        let peak = samples.reduce(0) { max($0, abs($1)) }
        let peakDB = 20 * log10(peak)
        XCTAssertEqual(peakDB, -1, accuracy: 0.1, "normalised to -1 dBFS")
        XCTAssertLessThan(peak, 0.999, "never clipping")
        XCTAssertGreaterThan(Spectrum.rms(wav.mono[0..<Int(4 * 44_100.0)]), 0.02, "the song is audible throughout")
        // The tail decays: the last quarter second is much quieter than the music.
        let tail = wav.mono.suffix(Int(0.25 * 44_100.0))
        XCTAssertLessThan(Spectrum.rms(tail), 0.1 * Spectrum.rms(wav.mono[0..<Int(4 * 44_100.0)]))
    }

    func testSampleRateOptionAndLevelsWithoutNormalisation() throws {
        let soundFont = try Fixtures.requireTimGM6mb()
        let directory = try Fixtures.temporaryDirectory(for: self)
        let song = Fixtures.sustainedNote(pitch: 69, program: 0, seconds: 1)
        let wav = try Fixtures.renderToWAV(song, soundFont: soundFont,
                                           options: RenderOptions(sampleRate: 22_050, tailSeconds: 0.5, peakDBFS: nil),
                                           in: directory)
        XCTAssertEqual(wav.sampleRate, 22_050)
        XCTAssertEqual(wav.duration, 1.5, accuracy: 0.01)
        let peak = wav.channels.flatMap { $0 }.reduce(0) { max($0, abs($1)) }
        XCTAssertGreaterThan(peak, 0.005)
        XCTAssertLessThan(20 * log10(peak), -3, "without normalisation the synth's own level is kept")
        let pitch = Spectrum.fundamental(wav.mono[2205..<19_845], sampleRate: 22_050)
        XCTAssertEqual(Spectrum.cents(pitch, from: 440), 0, accuracy: 10)
    }

    func testSustainedNotesSoundAtTheirPitchAcrossProgramsAndRegisters() throws {
        let soundFont = try Fixtures.requireTimGM6mb()
        // Piano, nylon guitar, violin, finger bass, trumpet, square lead: single-sample instruments whose
        // samples are tuned (ensemble patches such as strings are detuned on purpose, organs add octave ranks).
        try assertPitches(soundFont: soundFont, programs: [0, 24, 40, 33, 56, 80], pitches: [48, 55, 69, 76])
    }

    func testFluidR3PitchesWhenInstalled() throws {
        guard FileManager.default.fileExists(atPath: Fixtures.fluidR3) else { throw XCTSkip("FluidR3_GM not installed") }
        // Piano, vibraphone, nylon guitar, finger bass, trumpet (FluidR3's square lead is detuned on purpose).
        try assertPitches(soundFont: Fixtures.fluidR3, programs: [0, 11, 24, 33, 56], pitches: [45, 57, 69, 74])
    }

    /// Every (program, pitch) pair is rendered and its fundamental measured blind; all must be within
    /// 10 cents of equal temperament.
    func assertPitches(soundFont: String, programs: [UInt8], pitches: [UInt8], file: StaticString = #filePath,
                       line: UInt = #line) throws {
        let directory = try Fixtures.temporaryDirectory(for: self)
        for program in programs {
            for pitch in pitches {
                let song = Fixtures.sustainedNote(pitch: pitch, program: program, seconds: 1.5)
                let wav = try Fixtures.renderToWAV(song, soundFont: soundFont,
                                                   options: RenderOptions(tailSeconds: 0.2, reverb: nil),
                                                   in: directory, name: "p\(program)-\(pitch)")
                // Skip the attack; analyse one second of the held note.
                let measured = Spectrum.fundamental(wav.mono[4410..<48_510], sampleRate: wav.sampleRate)
                let cents = Spectrum.cents(measured, from: Spectrum.frequency(ofPitch: Int(pitch)))
                XCTAssertLessThan(abs(cents), 10, "program \(program) pitch \(pitch): measured \(measured) Hz (\(cents) cents)",
                                  file: file, line: line)
            }
        }
    }

    func testDrumsAreAudibleWhenPlayingAndAbsentWhenMuted() throws {
        let soundFont = try Fixtures.requireTimGM6mb()
        let directory = try Fixtures.temporaryDirectory(for: self)
        // A held flute note plus a kick/snare/hat pattern on the drum channel.
        let flute = Fixtures.track("flute", program: 73, channel: 0, notes: [Note(pitch: 72, velocity: 80, start: 0, duration: 3840)])
        let hits = (0..<8).map { Note(pitch: $0 % 2 == 0 ? 36 : 38, velocity: 120, start: $0 * 480, duration: 240) }
            + (0..<16).map { Note(pitch: 42, velocity: 100, start: $0 * 240, duration: 120) }
        let drums = Fixtures.track("drums", program: 0, channel: 9, notes: hits.sorted { $0.start < $1.start }, drums: true)
        let song = Song(tracks: [flute, drums])
        let raw = RenderOptions(tailSeconds: 0.5, peakDBFS: nil)

        let withDrums = try Fixtures.renderToWAV(song, soundFont: soundFont, options: raw, in: directory, name: "drums")
        var mutedOptions = raw
        mutedOptions.mutedTracks = [1]
        let muted = try Fixtures.renderToWAV(song, soundFont: soundFont, options: mutedOptions, in: directory, name: "muted")
        let fluteOnly = try Fixtures.renderToWAV(Song(tracks: [flute]), soundFont: soundFont, options: raw, in: directory,
                                                 name: "flute")

        // Muted drums leave exactly the flute.
        XCTAssertEqual(muted.frameCount, fluteOnly.frameCount)
        let difference = zip(muted.mono, fluteOnly.mono).reduce(0) { max($0, abs($1.0 - $1.1)) }
        XCTAssertLessThan(difference, 1e-3, "muting the drum track removes every drum sound")

        // With drums, each hit adds broadband energy (hats and snare above 5 kHz) right after it lands.
        let rate = withDrums.sampleRate
        for beat in 0..<8 {
            let start = Int(Double(beat) * 0.5 * Double(rate))
            let window = start..<start + rate / 20
            let loud = Spectrum.bandEnergy(withDrums.mono[window], sampleRate: rate, band: 5000...15000)
            let quiet = Spectrum.bandEnergy(muted.mono[window], sampleRate: rate, band: 5000...15000)
            XCTAssertGreaterThan(loud, 20 * quiet + 1e-6, "beat \(beat): drums audible")
        }
        // And low-frequency kick energy on the kick beats.
        let kick = Spectrum.bandEnergy(withDrums.mono[0..<rate / 10], sampleRate: rate, band: 40...120)
        let noKick = Spectrum.bandEnergy(muted.mono[0..<rate / 10], sampleRate: rate, band: 40...120)
        XCTAssertGreaterThan(kick, 10 * noKick + 1e-6)
    }

    func testDifferentProgramsGiveDifferentSpectra() throws {
        let soundFont = try Fixtures.requireTimGM6mb()
        let directory = try Fixtures.temporaryDirectory(for: self)
        let options = RenderOptions(tailSeconds: 0.2, reverb: nil)
        func profile(_ program: UInt8, _ name: String) throws -> [Double] {
            let wav = try Fixtures.renderToWAV(Fixtures.sustainedNote(pitch: 57, program: program, seconds: 1.2),
                                               soundFont: soundFont, options: options, in: directory, name: name)
            return Spectrum.harmonicProfile(wav.mono[4410..<44_100], sampleRate: wav.sampleRate,
                                            fundamental: Spectrum.frequency(ofPitch: 57))
        }
        func distance(_ a: [Double], _ b: [Double]) -> Double {
            zip(a, b).reduce(0) { $0 + pow(log10($1.0 + 1e-3) - log10($1.1 + 1e-3), 2) }.squareRoot()
        }
        let flute = try profile(73, "flute"), fluteAgain = try profile(73, "flute2")
        let trumpet = try profile(56, "trumpet"), organ = try profile(19, "organ")
        XCTAssertLessThan(distance(flute, fluteAgain), 0.01, "the same program renders the same spectrum")
        XCTAssertGreaterThan(distance(flute, trumpet), 0.5, "flute and trumpet differ: \(flute) vs \(trumpet)")
        XCTAssertGreaterThan(distance(flute, organ), 0.5, "flute and organ differ")
        XCTAssertGreaterThan(distance(trumpet, organ), 0.5, "trumpet and organ differ")
    }

    func testSoloLeavesOnlyTheSoloedTrack() throws {
        let soundFont = try Fixtures.requireTimGM6mb()
        let directory = try Fixtures.temporaryDirectory(for: self)
        let low = Fixtures.track("low", program: 0, channel: 0, notes: [Note(pitch: 48, start: 0, duration: 1440)])
        let high = Fixtures.track("high", program: 73, channel: 1, notes: [Note(pitch: 79, start: 0, duration: 1440)])
        let song = Song(tracks: [low, high])
        var options = RenderOptions(tailSeconds: 0.2, peakDBFS: nil, reverb: nil)
        let both = try Fixtures.renderToWAV(song, soundFont: soundFont, options: options, in: directory, name: "both")
        options.soloedTracks = [1]
        let solo = try Fixtures.renderToWAV(song, soundFont: soundFont, options: options, in: directory, name: "solo")

        let window = 4410..<44_100
        func energy(_ wav: WAVFile, around pitch: Int) -> Double {
            let f = Spectrum.frequency(ofPitch: pitch)
            return Spectrum.bandEnergy(wav.mono[window], sampleRate: wav.sampleRate, band: f * 0.97...f * 1.03)
        }
        XCTAssertGreaterThan(energy(both, around: 48), 100 * energy(solo, around: 48), "the low piano is gone in solo")
        XCTAssertEqual(energy(solo, around: 79), energy(both, around: 79), accuracy: 0.2 * energy(both, around: 79),
                       "the soloed flute is unchanged")
        XCTAssertEqual(Spectrum.cents(Spectrum.fundamental(solo.mono[window], sampleRate: solo.sampleRate),
                                      from: Spectrum.frequency(ofPitch: 79)), 0, accuracy: 10)
    }

    func testTrackVolumeAndPanShapeTheMix() throws {
        let soundFont = try Fixtures.requireTimGM6mb()
        let directory = try Fixtures.temporaryDirectory(for: self)
        let song = Fixtures.sustainedNote(pitch: 60, program: 19, seconds: 1)
        let raw = RenderOptions(tailSeconds: 0.1, peakDBFS: nil, reverb: nil)
        let full = try Fixtures.renderToWAV(song, soundFont: soundFont, options: raw, in: directory, name: "full")
        var quieter = raw
        quieter.trackVolumes = [0: 0.5]
        let half = try Fixtures.renderToWAV(song, soundFont: soundFont, options: quieter, in: directory, name: "half")
        // CC7 follows the SoundFont concave curve: (64/100)² of the default level (100), about -7.8 dB.
        let window = 4410..<40_000
        let ratio = Spectrum.rms(half.mono[window]) / Spectrum.rms(full.mono[window])
        XCTAssertEqual(20 * log10(ratio), 40 * log10(64.0 / 100), accuracy: 0.5, "volume 0.5 → CC7 64")

        var panned = raw
        panned.trackPans = [0: -1]
        let left = try Fixtures.renderToWAV(song, soundFont: soundFont, options: panned, in: directory, name: "left")
        let leftLevel = Spectrum.rms(left.channels[0][window]), rightLevel = Spectrum.rms(left.channels[1][window])
        XCTAssertGreaterThan(leftLevel, 10 * rightLevel, "hard left: \(leftLevel) vs \(rightLevel)")
        let centreLeft = Spectrum.rms(full.channels[0][window]), centreRight = Spectrum.rms(full.channels[1][window])
        XCTAssertEqual(centreLeft / centreRight, 1, accuracy: 0.25, "unpanned stays centred")
    }

    func testMetronomeClicksLandOnBeatsWithAccentedDownbeats() throws {
        let soundFont = try Fixtures.requireTimGM6mb()
        let directory = try Fixtures.temporaryDirectory(for: self)
        // Two bars at 150 bpm (0.4 s beats); a nearly silent note marks the song's length.
        let marker = Fixtures.track("marker", program: 0, channel: 0, notes: [Note(pitch: 60, velocity: 1, start: 3360, duration: 480)])
        let song = Song(tracks: [marker], tempos: [TempoChange(tick: 0, bpm: 150)])
        let options = RenderOptions(tailSeconds: 0.3, peakDBFS: nil, metronome: Metronome(isEnabled: true), reverb: nil)
        let wav = try Fixtures.renderToWAV(song, soundFont: soundFont, options: options, in: directory)

        let onsets = Spectrum.onsets(wav.mono, sampleRate: wav.sampleRate, threshold: 0.2)
        XCTAssertEqual(onsets.count, 8, "one click per beat: \(onsets)")
        for (beat, onset) in onsets.enumerated() {
            XCTAssertEqual(onset, Double(beat) * 0.4, accuracy: 0.006, "click \(beat) on its beat")
        }
        // Downbeats (beats 0 and 4) are the accented sound: louder than the beats after them.
        func level(_ beat: Int) -> Double {
            let start = Int(Double(beat) * 0.4 * Double(wav.sampleRate))
            return Spectrum.rms(wav.mono[start..<start + wav.sampleRate / 20])
        }
        XCTAssertGreaterThan(level(0), 1.2 * level(1))
        XCTAssertGreaterThan(level(4), 1.2 * level(5))
    }

    func testSwingDelaysOffbeatEighths() throws {
        let soundFont = try Fixtures.requireTimGM6mb()
        let directory = try Fixtures.temporaryDirectory(for: self)
        // Eighth-note woodblock hits on the drum channel at 120 bpm: straight every 0.25 s.
        let hits = (0..<8).map { Note(pitch: 76, velocity: 120, start: $0 * 240, duration: 60) }
        let song = Song(tracks: [Fixtures.track("clicks", program: 0, channel: 9, notes: hits, drums: true)])
        let options = RenderOptions(tailSeconds: 0.3, peakDBFS: nil, swing: Swing(amount: 1.0 / 3, unit: .eighth), reverb: nil)
        let wav = try Fixtures.renderToWAV(song, soundFont: soundFont, options: options, in: directory)
        let onsets = Spectrum.onsets(wav.mono, sampleRate: wav.sampleRate, threshold: 0.2, gap: 0.05)
        XCTAssertEqual(onsets.count, 8, "\(onsets)")
        for (index, onset) in onsets.enumerated() {
            // Triplet swing: on-beats stay, off-beats land at 2/3 of the beat (0.333 s instead of 0.25 s).
            let expected = Double(index / 2) * 0.5 + (index % 2 == 1 ? 1.0 / 3 : 0)
            XCTAssertEqual(onset, expected, accuracy: 0.006, "hit \(index)")
        }
    }
}
