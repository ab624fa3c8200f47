// AudioBench: how much faster than real time a 4-track, 8-bar song renders at 44.1 kHz, next to the
// `fluidsynth -F` command line on the same MIDI file and SoundFont. Prints `NAME VALUE` lines.
// Both sides are timed end to end: SoundFont load, synthesis and writing the WAV (ours also normalises).
// Usage: AudioBench [SOUNDFONT...]   (default: TimGM6mb, FluidR3_GM and the project's own, where present)
import Audio
import Foundation
import MusicCore

/// Melody (flute), bass, chords (piano) and drums: 8 bars of 4/4 at 120 bpm, 16 s of music.
func benchmarkSong() -> Song {
    var melody: [Note] = [], bass: [Note] = [], chords: [Note] = [], drums: [Note] = []
    let scale: [UInt8] = [72, 74, 76, 79, 81, 79, 76, 74]
    let roots: [UInt8] = [48, 53, 55, 48]
    for bar in 0..<8 {
        let start = bar * 1920, root = roots[bar % 4]
        for step in 0..<8 {
            melody.append(Note(pitch: scale[(bar + step) % 8], velocity: 96, start: start + step * 240, duration: 220))
            drums.append(Note(pitch: 42, velocity: 70, start: start + step * 240, duration: 120))
        }
        for beat in 0..<4 {
            bass.append(Note(pitch: root - 12, start: start + beat * 480, duration: 460))
            drums.append(Note(pitch: beat % 2 == 0 ? 36 : 38, velocity: 110, start: start + beat * 480, duration: 120))
        }
        for interval: UInt8 in [0, 4, 7, 12] {
            chords.append(Note(pitch: root + 12 + interval, velocity: 70, start: start, duration: 1900))
        }
    }
    return Song(tracks: [
        Track(name: "melody", program: 73, channel: 0, role: .melody, notes: melody),
        Track(name: "bass", program: 33, channel: 1, role: .bass, notes: bass),
        Track(name: "chords", program: 0, channel: 2, role: .chords, notes: chords),
        Track(name: "drums", isDrum: true, channel: 9, role: .drums, notes: drums.sorted { $0.start < $1.start }),
    ])
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func time(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func findFluidSynth() -> String? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
        let path = "\(directory)/fluidsynth"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

func runFluidSynthCLI(_ binary: String, soundFont: String, midi: String, wav: String) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["-ni", "-q", "-g", "0.5", "-r", "44100", "-F", wav, soundFont, midi]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}

func label(_ soundFont: String) -> String {
    let name = URL(fileURLWithPath: soundFont).deletingPathExtension().lastPathComponent.lowercased()
    return name.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: "ensemble_gm", with: "ensemble")
}

let arguments = Array(CommandLine.arguments.dropFirst())
let candidates = arguments.isEmpty
    ? ["/usr/share/sounds/sf2/TimGM6mb.sf2", "/usr/share/sounds/sf2/FluidR3_GM.sf2", "SoundFonts/Ensemble-GM.sf2"]
    : arguments
let soundFonts = candidates.filter { FileManager.default.fileExists(atPath: $0) }
guard !soundFonts.isEmpty else {
    FileHandle.standardError.write(Data("AudioBench: no SoundFont found (pass one as an argument)\n".utf8))
    exit(1)
}

let song = benchmarkSong()
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audiobench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let midiPath = directory.appendingPathComponent("band.mid").path
try Data(song.midiFileBytes()).write(to: URL(fileURLWithPath: midiPath))
let fluidsynth = findFluidSynth()
let runs = 5

print("song_seconds \(String(format: "%.2f", song.durationSeconds))")
for (index, soundFont) in soundFonts.enumerated() {
    let suffix = index == 0 ? "" : "_\(label(soundFont))"
    var audioSeconds = 0.0
    var ours: [Double] = []
    for run in 0..<runs {
        let wavPath = directory.appendingPathComponent("ours-\(run).wav")
        ours.append(try time {
            let audio = try OfflineRenderer.render(song, soundFontPath: soundFont)
            audioSeconds = audio.duration
            try Data(audio.wavBytes()).write(to: wavPath)
        })
    }
    print("render_seconds\(suffix) \(String(format: "%.3f", median(ours)))")
    print("render_realtime_factor\(suffix) \(String(format: "%.1f", audioSeconds / median(ours)))")
    if let fluidsynth {
        var theirs: [Double] = []
        for run in 0..<runs {
            let wavPath = directory.appendingPathComponent("cli-\(run).wav").path
            var ok = true
            theirs.append(time { ok = runFluidSynthCLI(fluidsynth, soundFont: soundFont, midi: midiPath, wav: wavPath) })
            if !ok { theirs.removeAll(); break }
        }
        // The CLI renders the notes without our 2 s tail; compare rates of audio produced per second.
        if !theirs.isEmpty, let wav = try? Data(contentsOf: directory.appendingPathComponent("cli-0.wav")), wav.count > 44 {
            let cliSeconds = Double(wav.count - 44) / (44_100 * 4)
            print("fluidsynth_cli_realtime_factor\(suffix) \(String(format: "%.1f", cliSeconds / median(theirs)))")
        }
    }
}
