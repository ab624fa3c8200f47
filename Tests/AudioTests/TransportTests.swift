import MusicCore
import XCTest
@testable import Audio

/// Drives the pure `Transport` the way the player does — a pump every 10 ms of sequencer time — with a
/// simulated sequencer queue that dispatches like FluidSynth's (time order, note-offs before note-ons at the
/// same tick), and records what a synth would hear.
private struct SimulatedSequencer {
    struct Heard: Equatable, CustomStringConvertible {
        let ms: Int
        let on: Bool
        let channel: UInt8
        let key: UInt8
        var description: String { "\(on ? "on" : "off")(\(channel):\(key))@\(ms)" }
    }

    var transport: Transport
    var queue: [(ms: Int, on: Bool, channel: UInt8, key: UInt8, velocity: UInt8)] = []
    var heard: [Heard] = []
    var sounding: [Int: Int] = [:] // channel * 128 + key → voices
    var now = 0

    init(_ song: Song) { transport = Transport(song: PreparedSong(song)) }

    /// Pumps every 10 ms until `end`, sending `commands` at the pump whose time is given.
    mutating func run(until end: Int, commands: [Int: [TransportCommand]] = [:]) {
        while now <= end {
            dispatch(before: now)
            let actions = transport.pump(nowMs: now, commands: commands[now] ?? [])
            for action in actions {
                switch action {
                case .clearPending: queue.removeAll()
                case .configureChannels: break
                case .noteOn(let channel, let key, let velocity, let ms): queue.append((ms, true, channel, key, velocity))
                case .noteOff(let channel, let key, let ms): queue.append((ms, false, channel, key, 0))
                }
            }
            now += 10
        }
    }

    private mutating func dispatch(before limit: Int) {
        let due = queue.filter { $0.ms < limit }.sorted { ($0.ms, $0.on ? 1 : 0) < ($1.ms, $1.on ? 1 : 0) }
        queue.removeAll { $0.ms < limit }
        for event in due {
            heard.append(Heard(ms: event.ms, on: event.on, channel: event.channel, key: event.key))
            let slot = Int(event.channel) * 128 + Int(event.key)
            sounding[slot] = event.on ? (sounding[slot] ?? 0) + 1 : 0
        }
    }

    var onsets: [Heard] { heard.filter(\.on) }
    var stuckNotes: [Int] { sounding.filter { $0.value > 0 }.map(\.key) }
    func snapshot(at ms: Int) -> PlaybackSnapshot { transport.snapshot(atMs: Double(ms)) }
}

final class TransportTests: XCTestCase {
    /// Quarter notes C D E F G..., 120 bpm: one every 500 ms, each 450 ticks (468.75 ms) long.
    private func scale(bars: Int = 2) -> Song {
        let notes = (0..<bars * 4).map { Note(pitch: UInt8(60 + $0), start: $0 * 480, duration: 450) }
        return Song(tracks: [Track(name: "melody", channel: 0, notes: notes)])
    }

    func testPlaysEveryNoteOnceAtItsTimeAndEnds() {
        var sequencer = SimulatedSequencer(scale())
        sequencer.run(until: 4500, commands: [0: [.play(countInBars: 0)]])
        XCTAssertEqual(sequencer.onsets.map(\.ms), (0..<8).map { $0 * 500 })
        XCTAssertEqual(sequencer.onsets.map(\.key), (60..<68).map(UInt8.init))
        let offs = sequencer.heard.filter { !$0.on }
        XCTAssertEqual(offs.map(\.ms), (0..<8).map { $0 * 500 + 468 })
        XCTAssertTrue(sequencer.stuckNotes.isEmpty)
        let end = sequencer.snapshot(at: 4500)
        XCTAssertTrue(end.finished)
        XCTAssertEqual(end.state, .stopped)
        XCTAssertEqual(end.tick, 7 * 480 + 450)
    }

    func testSchedulesOnlyAWindowAhead() {
        var sequencer = SimulatedSequencer(scale())
        sequencer.run(until: 0, commands: [0: [.play(countInBars: 0)]])
        // After the first pump only notes starting within the 200 ms look-ahead are queued.
        XCTAssertEqual(sequencer.queue.filter(\.on).map(\.key), [60])
    }

    func testPlayheadFollowsTheClock() {
        var sequencer = SimulatedSequencer(scale())
        sequencer.run(until: 1250, commands: [0: [.play(countInBars: 0)]])
        let snapshot = sequencer.snapshot(at: 1250)
        XCTAssertEqual(snapshot.state, .playing)
        XCTAssertEqual(snapshot.tick, 1200) // 1.25 s × 960 ticks/s
        XCTAssertEqual(snapshot.barBeatText, "1:3")
        XCTAssertEqual(snapshot.beatFraction, 0.5, accuracy: 1e-9)
        XCTAssertEqual(snapshot.seconds, 1.25, accuracy: 1e-9)
        XCTAssertEqual(snapshot.bpm, 120, accuracy: 1e-9)
    }

    func testTempoChangeMidNoteRescalesWhatIsSoundingAndWhatFollows() {
        var sequencer = SimulatedSequencer(scale())
        // At 1100 ms the third note (E, 1000–1468) is sounding; from then on twice as fast.
        sequencer.run(until: 4000, commands: [0: [.play(countInBars: 0)], 1100: [.setTempoScale(2)]])
        let onsets = sequencer.onsets
        XCTAssertEqual(onsets.map(\.key), (60..<68).map(UInt8.init), "every note once, in order")
        // Position at 1100 ms is tick 1056; note 3 (tick 1440) is 384 ticks later: 200 ms at double speed.
        XCTAssertEqual(onsets[3].ms, 1300)
        XCTAssertEqual(onsets[4].ms, 1550)
        XCTAssertEqual(onsets[7].ms, 2300)
        // E was due off at tick 1410 (1468 ms); at double speed that is 1100 + 354/1920 s = 1284 ms.
        let eOff = sequencer.heard.first { !$0.on && $0.key == 62 }
        XCTAssertEqual(eOff?.ms, 1284)
        XCTAssertTrue(sequencer.stuckNotes.isEmpty)
        XCTAssertEqual(sequencer.snapshot(at: 1600).bpm, 240, accuracy: 1e-9)
    }

    func testPauseCutsSoundingNotesAndResumeContinuesFromThere() {
        var sequencer = SimulatedSequencer(scale())
        sequencer.run(until: 1900, commands: [0: [.play(countInBars: 0)], 1200: [.pause]])
        XCTAssertEqual(sequencer.heard.first { !$0.on && $0.key == 62 }?.ms, 1200, "E cut at the pause")
        XCTAssertEqual(sequencer.snapshot(at: 1900).state, .paused)
        XCTAssertEqual(sequencer.snapshot(at: 1900).tick, 1152)
        sequencer.run(until: 5000, commands: [2000: [.play(countInBars: 0)]])
        // Resumed at tick 1152 (1.2 s): the next note (tick 1440) sounds 0.3 s after resuming.
        XCTAssertEqual(sequencer.onsets.map(\.ms).prefix(4), [0, 500, 1000, 2300])
        XCTAssertTrue(sequencer.stuckNotes.isEmpty)
    }

    func testSeekJumpsAndStopReturnsToStart() {
        var sequencer = SimulatedSequencer(scale())
        sequencer.run(until: 1000, commands: [0: [.play(countInBars: 0)], 600: [.seek(tick: 2400)]])
        XCTAssertEqual(sequencer.onsets.map(\.key), [60, 61, 65], "after the seek, the note at tick 2400 plays at once")
        XCTAssertEqual(sequencer.onsets.last?.ms, 600)
        XCTAssertEqual(sequencer.snapshot(at: 850).tick, 2400 + 240)
        sequencer.run(until: 1200, commands: [1100: [.stop]])
        XCTAssertEqual(sequencer.snapshot(at: 1200).state, .stopped)
        XCTAssertEqual(sequencer.snapshot(at: 1200).tick, 0)
        XCTAssertTrue(sequencer.stuckNotes.isEmpty)
    }

    func testLoopRepeatsTheRangeSeamlessly() {
        var sequencer = SimulatedSequencer(scale(bars: 4))
        sequencer.run(until: 5250, commands: [0: [.setLoop(1920..<3840), .play(countInBars: 0)]])
        let snapshot = sequencer.snapshot(at: 5250)
        XCTAssertEqual(snapshot.tick, 1920 + 1200, "second pass of bar 1, 1.25 s in")
        XCTAssertFalse(snapshot.finished)
        sequencer.run(until: 8000, commands: [7800: [.stop]])
        // Bar 1 is ticks 1920..<3840: first pass plays bar 0 then bar 1, then bar 1 again every 2 s.
        let onsets = sequencer.onsets
        XCTAssertEqual(onsets.map(\.key), [60, 61, 62, 63, 64, 65, 66, 67, 64, 65, 66, 67, 64, 65, 66, 67])
        XCTAssertEqual(onsets.map(\.ms), (0..<16).map { $0 * 500 })
        XCTAssertTrue(sequencer.stuckNotes.isEmpty)
    }

    func testSettingALoopBehindThePlayheadJumpsToIt() {
        var sequencer = SimulatedSequencer(scale(bars: 4))
        sequencer.run(until: 2850, commands: [0: [.play(countInBars: 0)], 2600: [.setLoop(0..<960)]])
        XCTAssertEqual(sequencer.onsets.map(\.key).suffix(2), [65, 60], "at 2.6 s (bar 1) the loop of bar 0 starts")
        XCTAssertEqual(sequencer.onsets.last?.ms, 2600)
        XCTAssertEqual(sequencer.snapshot(at: 2850).tick, 240)
    }

    func testMutingCutsTheTrackAtOnceAndSoloKeepsOnlyOne() {
        let bass = Track(name: "bass", channel: 1, notes: [Note(pitch: 36, start: 0, duration: 3840)])
        var song = scale()
        song.tracks.append(bass)
        var sequencer = SimulatedSequencer(song)
        sequencer.run(until: 4000, commands: [0: [.play(countInBars: 0)], 700: [.setMuted(track: 1, true)],
                                              1500: [.setSoloed(track: 1, true)]])
        XCTAssertEqual(sequencer.heard.first { !$0.on && $0.key == 36 }?.ms, 700, "the held bass stops when muted")
        // Soloing the muted bass does not unmute it (mute wins), so from 1.5 s nothing plays at all — not even
        // the note due exactly then: a change applies from its pump on.
        XCTAssertEqual(sequencer.onsets.map(\.key), [60, 36, 61, 62])
        XCTAssertTrue(sequencer.stuckNotes.isEmpty)
    }

    func testSwingDelaysOffbeatsAndKeepsBeats() {
        let eighths = (0..<8).map { Note(pitch: 60, start: $0 * 240, duration: 200) }
        var sequencer = SimulatedSequencer(Song(tracks: [Track(name: "hats", notes: eighths)]))
        sequencer.run(until: 2500, commands: [0: [.setSwing(Swing(amount: 0.5)), .play(countInBars: 0)]])
        // Off-beat eighths move from 250 ms to 375 ms into each beat.
        XCTAssertEqual(sequencer.onsets.map(\.ms), [0, 375, 500, 875, 1000, 1375, 1500, 1875])
        XCTAssertTrue(sequencer.stuckNotes.isEmpty)
        // Sixteenth swing leaves eighth notes alone.
        var straight = SimulatedSequencer(Song(tracks: [Track(name: "hats", notes: eighths)]))
        straight.run(until: 2500, commands: [0: [.setSwing(Swing(amount: 0.5, unit: .sixteenth)), .play(countInBars: 0)]])
        XCTAssertEqual(straight.onsets.map(\.ms), (0..<8).map { $0 * 250 })
    }

    func testCountInClicksThenPlaysFromThePosition() {
        var sequencer = SimulatedSequencer(scale())
        sequencer.run(until: 2600, commands: [0: [.play(countInBars: 1)]])
        let clicks = sequencer.onsets.filter { $0.channel == 9 }
        XCTAssertEqual(clicks.map(\.ms), [0, 500, 1000, 1500])
        XCTAssertEqual(clicks.map(\.key), [76, 77, 77, 77], "accent on the first beat of the bar")
        XCTAssertEqual(sequencer.onsets.first { $0.channel == 0 }?.ms, 2000, "the song starts after one bar")
        let during = sequencer.snapshot(at: 1200)
        XCTAssertEqual(during.state, .countingIn)
        XCTAssertEqual(during.countInBeatsLeft, 2)
        XCTAssertLessThan(during.tick, 0)
        XCTAssertEqual(sequencer.snapshot(at: 2250).state, .playing)
    }

    func testMetronomeClicksEveryBeatWhileEnabled() {
        var sequencer = SimulatedSequencer(Song(tracks: [Track(name: "x", notes: [Note(pitch: 60, start: 0, duration: 3840)])],
                                                timeSignatures: [TimeSignature(tick: 0, numerator: 3, denominator: 4)]))
        sequencer.run(until: 3010, commands: [0: [.setMetronome(Metronome(isEnabled: true)), .play(countInBars: 0)]])
        let clicks = sequencer.onsets.filter { $0.channel == 9 }
        XCTAssertEqual(clicks.map(\.ms), [0, 500, 1000, 1500, 2000, 2500, 3000])
        XCTAssertEqual(clicks.map(\.key), [76, 77, 77, 76, 77, 77, 76], "3/4: accent every three beats")
    }

    func testReplacingTheSongKeepsThePositionAndPlaysTheNewNotes() {
        var sequencer = SimulatedSequencer(scale())
        let other = Song(tracks: [Track(name: "new", program: 40, channel: 3,
                                        notes: (0..<8).map { Note(pitch: 80, start: $0 * 480, duration: 400) })])
        sequencer.run(until: 3000, commands: [0: [.play(countInBars: 0)], 1250: [.replaceSong(PreparedSong(other))]])
        let onsets = sequencer.onsets
        XCTAssertEqual(onsets.prefix(3).map(\.key), [60, 61, 62])
        XCTAssertEqual(onsets.dropFirst(3).map(\.key), [80, 80, 80], "the new song's notes from tick 1440 on")
        XCTAssertEqual(onsets[3].ms, 1500)
        XCTAssertEqual(onsets[3].channel, 3)
        // The old E (sounding at the switch) still ends on time.
        XCTAssertEqual(sequencer.heard.first { !$0.on && $0.key == 62 }?.ms, 1468)
        XCTAssertTrue(sequencer.stuckNotes.isEmpty)
    }

    func testRandomEditsNeverLeaveNotesHangingOrDoubled() {
        var generator = SeededGenerator(seed: 7)
        let song = Fixtures.band(bars: 4)
        for round in 0..<20 {
            var sequencer = SimulatedSequencer(song)
            var commands: [Int: [TransportCommand]] = [0: [.play(countInBars: round % 3 == 0 ? 1 : 0)]]
            for _ in 0..<12 {
                let at = Int.random(in: 1...700, using: &generator) * 10
                let command: TransportCommand
                switch Int.random(in: 0..<9, using: &generator) {
                case 0: command = .setTempoScale(Double.random(in: 0.5...3, using: &generator))
                case 1: command = .seek(tick: Double(Int.random(in: 0..<7680, using: &generator)))
                case 2: command = .setLoop(Bool.random(using: &generator) ? 1920..<3840 : nil)
                case 3: command = .setMuted(track: Int.random(in: 0..<4, using: &generator), Bool.random(using: &generator))
                case 4: command = .setSwing(Swing(amount: Double.random(in: 0...0.6, using: &generator)))
                case 5: command = .pause
                case 6: command = .play(countInBars: 0)
                case 7: command = .setMetronome(Metronome(isEnabled: Bool.random(using: &generator)))
                default: command = .replaceSong(PreparedSong(Fixtures.band(bars: Int.random(in: 1...4, using: &generator))))
                }
                commands[at, default: []].append(command)
            }
            commands[7100, default: []].append(.stop)
            sequencer.run(until: 8000, commands: commands)
            XCTAssertTrue(sequencer.stuckNotes.isEmpty, "round \(round): notes left hanging \(sequencer.stuckNotes)")
            // No key is struck twice in the same millisecond on one channel (a doubled note).
            var seen = Set<[Int]>()
            for onset in sequencer.onsets {
                XCTAssertTrue(seen.insert([onset.ms, Int(onset.channel), Int(onset.key)]).inserted,
                              "round \(round): doubled \(onset)")
            }
        }
    }
}

/// A small deterministic generator so the random test replays exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
