import CFluidSynth
import Foundation
import MusicCore
import XCTest
@testable import Audio

/// Real-time playback on the silent clock (FluidSynth's file driver into /dev/null), the path taken on
/// machines without a sound card. Timing asserts are loose — they catch a wrong rate (2×), not jitter.
final class PlaybackTests: XCTestCase {
    private func silentPlayer(_ song: Song) throws -> (SongPlayer, AudioOutput) {
        let engine = try SynthEngine(soundFontPath: try Fixtures.requireTimGM6mb())
        let output = try AudioOutput(engine: engine, drivers: [])
        XCTAssertEqual(output.status, .silent(tried: []))
        return (SongPlayer(engine: engine, song: song), output)
    }

    /// Ticks per second of the playhead, measured over `seconds` of wall time.
    private func measureRate(_ player: SongPlayer, seconds: Double) -> Double {
        let start = Date(), first = player.snapshot()
        Thread.sleep(forTimeInterval: seconds)
        let last = player.snapshot()
        return Double(last.tick - first.tick) / Date().timeIntervalSince(start)
    }

    private func waitUntil(timeout: Double = 2, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return condition()
    }

    func testPlayheadAdvancesAtTheSongTempoOnTheSilentClock() throws {
        let (player, output) = try silentPlayer(Fixtures.melody(bars: 16))
        defer { player.close(); output.close() }
        player.play()
        XCTAssertTrue(waitUntil { player.snapshot().state == .playing })
        let rate = measureRate(player, seconds: 1.2)
        XCTAssertEqual(rate, 960, accuracy: 960 * 0.25, "120 bpm at 480 ticks per quarter is 960 ticks/s")
        XCTAssertEqual(player.snapshot().bpm, 120, accuracy: 1e-9)
    }

    func testTempoChangeWhilePlayingChangesTheRate() throws {
        let (player, output) = try silentPlayer(Fixtures.melody(bars: 32))
        defer { player.close(); output.close() }
        player.play()
        XCTAssertTrue(waitUntil { player.snapshot().state == .playing })
        let normal = measureRate(player, seconds: 0.8)
        player.setTempoScale(2)
        XCTAssertTrue(waitUntil { player.snapshot().bpm == 240 })
        let doubled = measureRate(player, seconds: 0.8)
        XCTAssertEqual(doubled / normal, 2, accuracy: 0.4)
    }

    func testSeekPauseAndLoopMoveThePlayhead() throws {
        let song = Fixtures.melody(bars: 16)
        let (player, output) = try silentPlayer(song)
        defer { player.close(); output.close() }
        player.play()
        player.seek(toBar: 8)
        XCTAssertTrue(waitUntil { player.snapshot().bar == 8 }, "seek to bar 9 (zero-based 8)")
        XCTAssertGreaterThanOrEqual(player.snapshot().tick, 8 * 1920)

        player.pause()
        XCTAssertTrue(waitUntil { player.snapshot().state == .paused })
        let paused = player.snapshot().tick
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(player.snapshot().tick, paused, "a paused playhead stays")

        // Loop bar 2 at four times the tempo (0.5 s per pass): the playhead wraps back into it.
        player.setTempoScale(4)
        player.setLoop(bars: 2..<3)
        player.seek(toBar: 2)
        player.play()
        var ticks: [Int] = []
        let deadline = Date().addingTimeInterval(1.5)
        while Date() < deadline {
            ticks.append(player.snapshot().tick)
            Thread.sleep(forTimeInterval: 0.02)
        }
        let inLoop = ticks.drop { $0 < 3840 || $0 >= 5760 }
        XCTAssertTrue(inLoop.allSatisfy { (3840..<5760).contains($0) }, "stays inside the loop: \(ticks)")
        let wraps = zip(inLoop, inLoop.dropFirst()).filter { $0.1 < $0.0 }.count
        XCTAssertGreaterThanOrEqual(wraps, 2, "wrapped around at least twice in 1.5 s")
    }

    func testPlaysToTheEndAndReportsFinished() throws {
        let (player, output) = try silentPlayer(Fixtures.melody(bars: 1, bpm: 240))
        defer { player.close(); output.close() }
        player.play()
        XCTAssertTrue(waitUntil(timeout: 3) { player.snapshot().finished }, "a one-second song ends")
        XCTAssertEqual(player.snapshot().state, .stopped)
    }

    func testCountInIsReportedBeforeTheSongStarts() throws {
        let (player, output) = try silentPlayer(Fixtures.melody(bars: 4, bpm: 240))
        defer { player.close(); output.close() }
        player.play(countInBars: 1)
        XCTAssertTrue(waitUntil { player.snapshot().state == .countingIn })
        XCTAssertGreaterThan(player.snapshot().countInBeatsLeft, 0)
        XCTAssertTrue(waitUntil { player.snapshot().state == .playing }, "one bar at 240 bpm lasts a second")
    }

    func testClosingStopsItsNotesAndFreesTheSequencer() throws {
        let engine = try SynthEngine(soundFontPath: try Fixtures.requireTimGM6mb())
        let output = try AudioOutput(engine: engine, drivers: [])
        defer { output.close() }
        let chord = Song(tracks: [Track(name: "pad", program: 89, notes: [60, 64, 67].map { Note(pitch: $0, start: 0, duration: 19200) })])
        let player = SongPlayer(engine: engine, song: chord)
        player.play()
        XCTAssertTrue(waitUntil { engine.activeVoiceCount >= 3 })
        player.close()
        XCTAssertEqual(fluid_sequencer_count_clients(engine.sequencer), 1, "only the synth's own client is left")
        XCTAssertTrue(waitUntil { engine.activeVoiceCount == 0 }, "the held chord was released")
    }

    func testDriverFailuresAreReportedOnceAndNeverPrinted() throws {
        let engine = try SynthEngine(soundFontPath: try Fixtures.requireTimGM6mb())
        let captured = try Fixtures.captureStandardError {
            let output = try AudioOutput(engine: engine, drivers: ["alsa", "oss", "no-such-driver"])
            switch output.status {
            case .device(let driver):
                XCTAssertTrue(["alsa", "oss"].contains(driver))
            case .silent(let tried):
                XCTAssertEqual(tried, ["alsa", "oss", "no-such-driver"])
                XCTAssertEqual(output.statusLine,
                               "no audio device (tried alsa, oss, no-such-driver): playing on a silent real-time clock")
            }
            output.close()
        }
        XCTAssertEqual(captured, "", "alsa-lib and FluidSynth must not write to the terminal")
    }
}
