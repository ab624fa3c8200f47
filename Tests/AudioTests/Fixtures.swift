import Foundation
import MusicCore
import XCTest
@testable import Audio

/// Songs, SoundFonts and temporary files the audio tests build for themselves.
enum Fixtures {
    /// TimGM6mb comes with libfluidsynth on Debian (package timgm6mb-soundfont), so it is always there.
    static let timGM6mb = "/usr/share/sounds/sf2/TimGM6mb.sf2"
    static let fluidR3 = "/usr/share/sounds/sf2/FluidR3_GM.sf2"

    static func requireTimGM6mb() throws -> String {
        guard FileManager.default.fileExists(atPath: timGM6mb) else {
            throw XCTSkip("TimGM6mb.sf2 is not installed (apt-get install timgm6mb-soundfont)")
        }
        return timGM6mb
    }

    /// A fresh directory under the system temp dir, removed by the test's teardown block.
    static func temporaryDirectory(for test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ensemble-audio-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Renders, writes the WAV into `directory`, and reads it back with the tests' own reader.
    static func renderToWAV(_ song: Song, soundFont: String, options: RenderOptions = RenderOptions(),
                            in directory: URL, name: String = "take") throws -> WAVFile {
        let audio = try OfflineRenderer.render(song, soundFontPath: soundFont, options: options)
        let url = directory.appendingPathComponent("\(name).wav")
        try Data(audio.wavBytes()).write(to: url)
        return try WAVFile(path: url.path)
    }

    static func track(_ name: String, program: UInt8, channel: UInt8, notes: [Note], drums: Bool = false) -> Track {
        Track(name: name, program: program, isDrum: drums, channel: drums ? 9 : channel, role: drums ? .drums : .melody,
              notes: notes)
    }

    /// One note held for `seconds` at 120 bpm (480 ticks per quarter: 960 ticks a second).
    static func sustainedNote(pitch: UInt8, program: UInt8, seconds: Double = 2, velocity: UInt8 = 100) -> Song {
        let note = Note(pitch: pitch, velocity: velocity, start: 0, duration: Int(seconds * 960))
        return Song(tracks: [track("tone", program: program, channel: 0, notes: [note])])
    }

    /// `bars` bars of 4/4 at `bpm`: a melody of quarter notes cycling through `pitches`.
    static func melody(bars: Int, pitches: [UInt8] = [60, 64, 67, 72], program: UInt8 = 0, bpm: Double = 120) -> Song {
        let notes = (0..<bars * 4).map { Note(pitch: pitches[$0 % pitches.count], start: $0 * 480, duration: 450) }
        return Song(tracks: [track("melody", program: program, channel: 0, notes: notes)],
                    tempos: [TempoChange(tick: 0, bpm: bpm)])
    }

    /// A four-track band (melody, bass, chords, drums), `bars` bars at 120 bpm.
    static func band(bars: Int) -> Song {
        var melody: [Note] = [], bass: [Note] = [], chords: [Note] = [], drums: [Note] = []
        let scale: [UInt8] = [72, 74, 76, 79, 81, 79, 76, 74]
        let roots: [UInt8] = [48, 53, 55, 48]
        for bar in 0..<bars {
            let barStart = bar * 1920
            let root = roots[bar % roots.count]
            for step in 0..<8 {
                melody.append(Note(pitch: scale[(bar + step) % scale.count], velocity: 96, start: barStart + step * 240, duration: 220))
                drums.append(Note(pitch: 42, velocity: 70, start: barStart + step * 240, duration: 120))
            }
            for beat in 0..<4 {
                bass.append(Note(pitch: root - 12, velocity: 100, start: barStart + beat * 480, duration: 460))
                drums.append(Note(pitch: beat % 2 == 0 ? 36 : 38, velocity: 110, start: barStart + beat * 480, duration: 120))
            }
            for interval: UInt8 in [0, 4, 7] {
                chords.append(Note(pitch: root + 12 + interval, velocity: 70, start: barStart, duration: 1900))
            }
        }
        return Song(tracks: [
            track("melody", program: 73, channel: 0, notes: melody),
            track("bass", program: 33, channel: 1, notes: bass),
            track("chords", program: 0, channel: 2, notes: chords),
            track("drums", program: 0, channel: 9, notes: drums.sorted { $0.start < $1.start }, drums: true),
        ])
    }

    /// Runs `body` with file descriptor 2 redirected into a pipe and returns what was written.
    static func captureStandardError(_ body: () throws -> Void) throws -> String {
        let pipe = Pipe()
        let saved = dup(2)
        dup2(pipe.fileHandleForWriting.fileDescriptor, 2)
        defer {
            dup2(saved, 2)
            close(saved)
        }
        try body()
        fflush(nil)
        dup2(saved, 2)
        try pipe.fileHandleForWriting.close()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
