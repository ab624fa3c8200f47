import Foundation
import MusicCore
import Studio

// StudioBench: what the studio costs per frame and per key. Prints `NAME VALUE` lines (medians of many runs).
//   studio.redraw_200x60_us     — drawing the whole state into a 200x60 screen buffer (target ≤ 2 ms)
//   studio.diff_playhead_us     — finding what changed between two frames as the playhead moves
//   studio.flush_prepare_us     — turning those changes into the wide-character runs curses is given
//   studio.key_to_noteon_us     — a key press through the decoder and the reducer to the noteOn effect (≤ 2 ms)

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func percentile(_ values: [Double], _ p: Double) -> Double { values.sorted()[min(values.count - 1, Int(Double(values.count) * p))] }

func measure(_ runs: Int, _ body: () -> Void) -> [Double] {
    (0..<runs).map { _ in
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1000
    }
}

/// A busy session: 16 bars of melody and a five-track take, playing.
func busyState() -> StudioState {
    var project = Project(title: "Bench", bars: 16)
    project.melody.notes = (0..<128).map { Note(pitch: UInt8(60 + ($0 * 7) % 19), start: $0 * 240, duration: 240) }
    let roles: [TrackRole] = [.bass, .chords, .guitar, .pad]
    var tracks = roles.enumerated().map { index, role in
        Track(name: role.rawValue, program: UInt8(index * 8), channel: UInt8(index + 1), role: role,
              notes: (0..<64).map { Note(pitch: UInt8(40 + index * 8 + $0 % 12), start: $0 * 480, duration: 480) })
    }
    tracks.append(Track(name: "Drums", isDrum: true, channel: 9, role: .drums,
                        notes: (0..<256).map { Note(pitch: 36, start: $0 * 120, duration: 60) }))
    project.takes = [Take(genre: "rock", generator: "musegan", seed: 1, tracks: tracks)]
    project.currentTake = 0
    var state = StudioState(project: project)
    _ = state.apply(.resized(width: 200, height: 60))
    state.environment = EnvironmentStatus(midiInput: "MIDI input unavailable", soundFont: "TimGM6mb.sf2", audio: "silent clock")
    _ = state.apply(.key(KeyPress(.space), atMs: 0))
    _ = state.apply(.playhead(PlayheadReport(mode: .playing, tick: 1000), atMs: 10))
    return state
}

var state = busyState()
var buffer = ScreenBuffer(width: 200, height: 60)
for _ in 0..<20 { StudioRenderer.render(state, into: &buffer) }
let redraw = measure(300) { StudioRenderer.render(state, into: &buffer) }
print(String(format: "studio.redraw_200x60_us %.1f", median(redraw)))
print(String(format: "studio.redraw_200x60_p99_us %.1f", percentile(redraw, 0.99)))

var frames: [ScreenBuffer] = []
for step in 0..<301 {
    _ = state.apply(.playhead(PlayheadReport(mode: .playing, tick: 1000 + step * 20), atMs: 10 + Double(step) * 20))
    frames.append(StudioRenderer.render(state))
}
var runCount = 0
let diff = (1..<frames.count).map { i -> Double in
    let start = DispatchTime.now().uptimeNanoseconds
    runCount += frames[i].changes(since: frames[i - 1]).count
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1000
}
print(String(format: "studio.diff_playhead_us %.1f", median(diff)))
print(String(format: "studio.diff_runs_per_frame %.1f", Double(runCount) / Double(frames.count - 1)))

var scratch: [UInt32] = []
let flush = measure(300) {
    for run in frames[150].changes(since: nil) {
        scratch.removeAll(keepingCapacity: true)
        for cell in run.cells { scratch.append(cell.scalar.value) }
    }
}
print(String(format: "studio.flush_prepare_full_us %.1f", median(flush)))

var keyState = busyState()
var decoder = KeyDecoder()
var now = 100.0
let keys: [UInt8] = Array("zsxdcvgbhnjm".utf8)
var sawNoteOn = 0
let latency = measure(2000) {
    now += 500
    for input in decoder.feed([keys[Int(now) % keys.count]]) {
        if case .key(let press) = input {
            for effect in keyState.apply(.key(press, atMs: now)) { if case .noteOn = effect { sawNoteOn += 1 } }
        }
    }
}
precondition(sawNoteOn == 2000, "every key press must give a noteOn")
print(String(format: "studio.key_to_noteon_us %.1f", median(latency)))
print(String(format: "studio.key_to_noteon_p99_us %.1f", percentile(latency, 0.99)))
