import Foundation
import MusicCore

// MIDI parsing and piano-roll conversion speed on a ~30 KB multi-track file built in memory, with mido's parse
// time of the same file beside it when the project venv has mido. Prints `NAME VALUE` lines; notes on stderr.
//
//   swift run -c release MusicBench

/// A six-instrument, 4/4 band arrangement (deterministic) whose MIDI file is about 30 KB.
func benchmarkSong() -> Song {
    var state: UInt64 = 0x5EED
    func random(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
    let parts: [(name: String, program: UInt8, drum: Bool, low: Int, span: Int, step: Int, voices: Int)] = [
        ("Lead", 73, false, 64, 20, 240, 1), ("Piano", 0, false, 48, 24, 480, 3), ("Guitar", 25, false, 45, 19, 240, 2),
        ("Bass", 33, false, 28, 14, 240, 1), ("Strings", 48, false, 52, 18, 1920, 3), ("Drums", 0, true, 35, 12, 120, 2),
    ]
    var tracks: [Track] = []
    for (index, part) in parts.enumerated() {
        var notes: [Note] = []
        var tick = 0
        while tick < 480 * 4 * 64 {
            for voice in 0..<part.voices {
                let pitch = UInt8(part.low + (random(part.span) + voice * 4) % part.span)
                notes.append(Note(pitch: pitch, velocity: UInt8(50 + random(70)), start: tick,
                                  duration: part.drum ? 60 : part.step - random(part.step / 4 + 1)))
            }
            tick += part.step
        }
        var seen = Set<[Int]>()
        notes = notes.filter { seen.insert([$0.start, Int($0.pitch)]).inserted }
        tracks.append(Track(name: part.name, program: part.program, isDrum: part.drum, channel: part.drum ? 9 : UInt8(index),
                            role: GeneralMIDI.role(forProgram: part.program, isDrum: part.drum), notes: Track.canonicallySorted(notes)))
    }
    return Song(tracks: tracks, ticksPerQuarter: 480, tempos: [TempoChange(tick: 0, bpm: 120)],
                timeSignatures: [TimeSignature()], key: Key(tonic: 0, mode: .major))
}

/// Median wall times in milliseconds of each body, run interleaved (a, b, a, b...) after warm-ups so both see
/// the same machine state.
func medianMilliseconds(runs: Int, _ bodies: [() throws -> Void]) throws -> [Double] {
    for _ in 0..<50 { for body in bodies { try body() } }
    var times = [[Double]](repeating: [], count: bodies.count)
    for _ in 0..<runs {
        for (i, body) in bodies.enumerated() {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times[i].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
    }
    return times.map { $0.sorted()[$0.count / 2] }
}

var song = benchmarkSong()
var bytes = song.midiFileBytes()
// Trim whole notes from the longest tracks until the file is about 30 KB.
while bytes.count > 30 * 1024 {
    let longest = song.tracks.indices.max { song.tracks[$0].notes.count < song.tracks[$1].notes.count }!
    song.tracks[longest].notes.removeLast(song.tracks[longest].notes.count / 200 + 1)
    bytes = song.midiFileBytes()
}
let noteCount = song.tracks.reduce(0) { $0 + $1.notes.count }
FileHandle.standardError.write(Data("MusicBench: \(bytes.count) bytes, \(song.tracks.count + 1) tracks, \(noteCount) notes\n".utf8))
print("midi_file_bytes \(bytes.count)")

let medians = try medianMilliseconds(runs: 400, [
    { _ = try Song(midiBytes: bytes) },
    { _ = try PianoRoll(song: try Song(midiBytes: bytes)) },
])
print(String(format: "midi_parse_30kb_ms %.4f", medians[0]))
print(String(format: "midi_parse_and_roll_30kb_ms %.4f", medians[1]))

// mido, the Python reader people use, on the same bytes: its median over the same number of runs.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let python = root.appendingPathComponent(".venv/bin/python")
if FileManager.default.isExecutableFile(atPath: python.path) {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("musicbench-\(getpid()).mid")
    try Data(bytes).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let script = """
        import sys, timeit, mido
        t = timeit.repeat(lambda: mido.MidiFile(sys.argv[1]), number=1, repeat=60)
        t.sort(); print('%.4f' % (t[len(t) // 2] * 1000))
        """
    let process = Process()
    process.executableURL = python
    process.arguments = ["-c", script, file.path]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    if process.terminationStatus == 0, let ms = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
        print(String(format: "mido_parse_30kb_ms %.4f", ms))
    } else {
        FileHandle.standardError.write(Data("MusicBench: mido not available in \(python.path)\n".utf8))
    }
} else {
    FileHandle.standardError.write(Data("MusicBench: no venv at \(python.path): mido not compared\n".utf8))
}
