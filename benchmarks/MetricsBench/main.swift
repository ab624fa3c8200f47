import Foundation
import Generators
import MusicCore

// Speed of the evaluation metrics on 4-bar segments of the standard layout (melody + drums, bass, chords, pad;
// 16 steps × 84 pitches a bar), the shape `ensemble evaluate` runs over thousands of times. Prints `NAME VALUE`.
//
//   swift run -c release MetricsBench

/// A deterministic 64-bar band in C major: quarter/eighth melody, root bass, triads, held pad, eighth-note drums.
func benchmarkRoll(seed: UInt64) throws -> PianoRoll {
    var state = seed
    func random(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
    let scale = [0, 2, 4, 5, 7, 9, 11]
    var parts: [TrackRole: [Note]] = [:]
    let bar = 480 * 4
    for b in 0..<64 {
        let root = scale[random(7)], start = b * bar
        var tick = start
        while tick < start + bar {
            let length = [240, 480][random(2)]
            parts[.melody, default: []].append(Note(pitch: UInt8(72 + scale[random(7)]), start: tick, duration: length))
            tick += length
        }
        for beat in 0..<4 {
            parts[.bass, default: []].append(Note(pitch: UInt8(36 + root), start: start + beat * 480, duration: 480))
        }
        for third in [0, 4, 7] {
            parts[.chords, default: []].append(Note(pitch: UInt8(60 + root + third), start: start, duration: bar / 2))
            parts[.pad, default: []].append(Note(pitch: UInt8(48 + root + third), start: start, duration: bar))
        }
        for eighth in 0..<8 {
            parts[.drums, default: []].append(Note(pitch: eighth % 4 == 2 ? 38 : 42, start: start + eighth * 240, duration: 60))
        }
    }
    let tracks = PianoRollLayout.defaultRoles.map { role in
        Track(name: role.rawValue, program: 0, isDrum: role == .drums, channel: role == .drums ? 9 : 0, role: role,
              notes: Track.canonicallySorted(parts[role] ?? []))
    }
    return try PianoRoll(song: Song(tracks: tracks), options: SongToRollOptions(mapping: .byTrackRole))
}

/// CPU seconds of this thread spent in `body`: the metrics are single-threaded, and on a machine shared with
/// builds the wall time mostly measures the wait for a core.
func seconds(_ body: () -> Void) -> Double {
    func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    let start = now()
    body()
    return now() - start
}

var examples: [EvaluationExample] = []
for seed in 1...16 {
    for segment in try benchmarkRoll(seed: UInt64(seed)).segments(length: 4, hop: 1, padLast: false) {
        examples.append(try EvaluationExample(roll: segment))
    }
}
let count = examples.count
var sink = 0.0
_ = seconds { for e in examples.prefix(100) { sink += ExampleMetrics(e).tracks[0].emptyBars.sum } }  // warm-up
let perExample = seconds { for e in examples { sink += ExampleMetrics(e).tracks[0].emptyBars.sum } } / Double(count)
print("metrics_segments \(count)")
print(String(format: "metrics_per_4bar_segment_cpu_us %.1f", perExample * 1e6))
var text = ""
let report = seconds {
    text = EvaluationReport(data: examples, generated: examples, shuffledSeed: 1).text
}
print(String(format: "metrics_report_3x%d_segments_cpu_s %.3f", count, report))
FileHandle.standardError.write(Data(text.utf8))
if sink < 0 { print(sink) }
