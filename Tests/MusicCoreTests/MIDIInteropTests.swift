import Foundation
import XCTest
@testable import MusicCore

/// Our files read in the Python tools people use: mido (raw messages, paired here first-in-first-out) and
/// pretty_midi (notes in seconds, per instrument). Uses the project venv (.venv, made by scripts/install-deps.sh);
/// without it, or without the modules, the test is skipped with the reason printed.
final class MIDIInteropTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Prints, per file, per track: mido's notes [start tick, end tick, pitch, velocity, channel] paired FIFO, the
    /// track name and programs; and pretty_midi's instruments with notes in seconds.
    static let script = #"""
    import json, sys
    import mido, pretty_midi
    out = []
    for path in sys.argv[1:]:
        mid = mido.MidiFile(path)
        tracks = []
        for track in mid.tracks:
            tick, open_, notes, name, programs = 0, {}, [], None, []
            for msg in track:
                tick += msg.time
                if msg.type == 'track_name' and name is None: name = msg.name
                if msg.type == 'program_change': programs.append([msg.channel, msg.program])
                if msg.type == 'note_on' and msg.velocity > 0:
                    open_.setdefault((msg.channel, msg.note), []).append((tick, msg.velocity))
                elif msg.type in ('note_off', 'note_on'):
                    q = open_.get((msg.channel, msg.note))
                    if q:
                        start, vel = q.pop(0)
                        notes.append([start, tick, msg.note, vel, msg.channel])
            tracks.append({'name': name, 'programs': programs, 'notes': sorted(notes)})
        pm = pretty_midi.PrettyMIDI(path)
        instruments = [{'program': int(i.program), 'is_drum': bool(i.is_drum), 'name': i.name,
                        'notes': sorted([round(float(n.start), 6), round(float(n.end), 6), int(n.pitch), int(n.velocity)]
                                        for n in i.notes)}
                       for i in pm.instruments]
        out.append({'type': mid.type, 'ticks_per_beat': mid.ticks_per_beat, 'tracks': tracks,
                    'instruments': instruments})
    print(json.dumps(out))
    """#

    struct MidoFile: Decodable {
        struct Track: Decodable { let name: String?; let programs: [[Int]]; let notes: [[Int]] }
        struct Instrument: Decodable { let program: Int; let is_drum: Bool; let name: String; let notes: [[Double]] }
        let type: Int
        let ticks_per_beat: Int
        let tracks: [Track]
        let instruments: [Instrument]
    }

    func python() throws -> URL {
        let python = Self.root.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            let reason = "no project venv at \(python.path) (run scripts/install-deps.sh)"
            print("MIDIInteropTests skipped: \(reason)")
            throw XCTSkip(reason)
        }
        let check = try run(python, ["-c", "import mido, pretty_midi"])
        guard check.status == 0 else {
            let reason = "mido or pretty_midi missing from the venv: \(check.stderr.split(separator: "\n").last ?? "")"
            print("MIDIInteropTests skipped: \(reason)")
            throw XCTSkip(reason)
        }
        return python
    }

    func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, stdout, String(decoding: stderr, as: UTF8.self))
    }

    /// A four-piece band song without overlapping same-pitch notes (pretty_midi closes every sounding note of a
    /// key at a note-off, so overlaps would be read differently on purpose), with tempo and meter changes.
    static func bandSong() -> Song {
        var rng = SplitMix(seed: 5)
        func part(_ name: String, program: UInt8, channel: UInt8, drum: Bool = false, low: Int, span: Int, step: Int) -> Track {
            var notes: [Note] = []
            var tick = 0
            while tick < 480 * 16 {
                let length = step * (1 + rng.int(2))
                notes.append(Note(pitch: UInt8(low + rng.int(span)), velocity: UInt8(40 + rng.int(80)), start: tick,
                                  duration: drum ? 1 + rng.int(30) : length - rng.int(step / 2)))
                tick += length
            }
            return Track(name: name, program: program, isDrum: drum, channel: channel,
                         role: GeneralMIDI.role(forProgram: program, isDrum: drum), notes: Track.canonicallySorted(notes))
        }
        return Song(tracks: [part("Lead", program: 73, channel: 0, low: 60, span: 24, step: 240),
                             part("Bass", program: 33, channel: 1, low: 28, span: 12, step: 480),
                             part("Guitar", program: 25, channel: 2, low: 48, span: 12, step: 160),
                             part("Drums", program: 0, channel: 9, drum: true, low: 35, span: 12, step: 120)],
                    ticksPerQuarter: 480,
                    tempos: [TempoChange(tick: 0, bpm: 110), TempoChange(tick: 1920 * 2, bpm: 90)],
                    timeSignatures: [TimeSignature(tick: 0, numerator: 4, denominator: 4),
                                     TimeSignature(tick: 1920 * 3, numerator: 3, denominator: 4)],
                    key: Key(tonic: 2, mode: .minor))
    }

    func testOurFilesReadTheSameInMidoAndPrettyMIDI() throws {
        let python = try python()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ensemble-interop-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var songs: [(name: String, song: Song, prettyComparable: Bool)] = [
            ("band", Self.bandSong(), true),
            ("rich", MIDIFileWriterTests.richSong(), false),
        ]
        for melody in try SampleMelodies.all() { songs.append((melody.id, melody.song, true)) }
        var paths: [String] = []
        for entry in songs {
            let url = directory.appendingPathComponent("\(entry.name).mid")
            try Data(entry.song.midiFileBytes()).write(to: url)
            paths.append(url.path)
        }
        let scriptURL = directory.appendingPathComponent("read.py")
        try Self.script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let result = try run(python, [scriptURL.path] + paths)
        XCTAssertEqual(result.status, 0, result.stderr)
        let files = try JSONDecoder().decode([MidoFile].self, from: result.stdout)
        XCTAssertEqual(files.count, songs.count)

        for (entry, file) in zip(songs, files) {
            let song = entry.song
            XCTAssertEqual(file.type, 1, entry.name)
            XCTAssertEqual(file.ticks_per_beat, song.ticksPerQuarter, entry.name)
            XCTAssertEqual(file.tracks.count, song.tracks.count + 1, entry.name)
            XCTAssertEqual(file.tracks.first?.notes.count, 0, "conductor track of \(entry.name)")
            for (track, midoTrack) in zip(song.tracks, file.tracks.dropFirst()) {
                let channel = track.isDrum ? 9 : Int(track.channel)
                XCTAssertEqual(midoTrack.name, track.name, entry.name)
                XCTAssertEqual(midoTrack.programs, [[channel, Int(track.program)]], entry.name)
                let ours = track.notes.map { [$0.start, $0.end, Int($0.pitch), Int($0.velocity), channel] }.sorted { $0.lexicographicallyPrecedes($1) }
                XCTAssertEqual(midoTrack.notes, ours, "mido notes of \(entry.name)/\(track.name)")
            }
            guard entry.prettyComparable else { continue }
            XCTAssertEqual(file.instruments.count, song.tracks.count, entry.name)
            for (track, instrument) in zip(song.tracks, file.instruments) {
                XCTAssertEqual(instrument.is_drum, track.isDrum, entry.name)
                XCTAssertEqual(instrument.program, Int(track.program), entry.name)
                XCTAssertEqual(instrument.name, track.name, entry.name)
                let ours = track.notes.map {
                    [song.seconds(atTick: $0.start), song.seconds(atTick: $0.end), Double($0.pitch), Double($0.velocity)]
                }.sorted { $0.lexicographicallyPrecedes($1) }
                XCTAssertEqual(instrument.notes.count, ours.count, "pretty_midi notes of \(entry.name)/\(track.name)")
                for (theirs, mine) in zip(instrument.notes, ours) {
                    for i in 0..<4 { XCTAssertEqual(theirs[i], mine[i], accuracy: 2e-6, "\(entry.name)/\(track.name)") }
                }
            }
        }
    }
}
