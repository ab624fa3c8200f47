import MusicCore
import XCTest
@testable import Audio

/// The pure pieces under the scheduler: tempo map, bar grid, swing warp and channel assignment.
final class TimingTests: XCTestCase {
    func testClockFollowsTempoChangesBothWays() {
        let song = Song(ticksPerQuarter: 480, tempos: [TempoChange(tick: 0, bpm: 120), TempoChange(tick: 1920, bpm: 60)])
        let clock = SongClock(song: song)
        XCTAssertEqual(clock.seconds(atTick: 960), 1, accuracy: 1e-12)
        XCTAssertEqual(clock.seconds(atTick: 1920), 2, accuracy: 1e-12)
        XCTAssertEqual(clock.seconds(atTick: 2400), 3, accuracy: 1e-12, "a quarter at 60 bpm lasts a second")
        for tick in stride(from: -480.0, through: 5000, by: 137.5) {
            XCTAssertEqual(clock.tick(atSeconds: clock.seconds(atTick: tick)), tick, accuracy: 1e-9)
        }
        XCTAssertEqual(clock.bpm(atTick: 2000), 60, accuracy: 1e-9)
        // Agrees with MusicCore's own timing.
        for tick in [0, 500, 1920, 4000] { XCTAssertEqual(clock.seconds(atTick: Double(tick)), song.seconds(atTick: tick), accuracy: 1e-9) }
    }

    func testClockSkipsInvalidTemposAndDefaultsTo120() {
        let clock = SongClock(song: Song(tempos: [TempoChange(tick: 0, microsecondsPerQuarter: 0), TempoChange(tick: -5, bpm: 90)]))
        XCTAssertEqual(clock.seconds(atTick: 480), 0.5, accuracy: 1e-12)
    }

    func testBarGridPositionsAndMeterChanges() {
        // Two bars of 4/4, then 3/4 from tick 3840, then 6/8 from tick 5280.
        let song = Song(timeSignatures: [TimeSignature(tick: 0), TimeSignature(tick: 3840, numerator: 3, denominator: 4),
                                         TimeSignature(tick: 5280, numerator: 6, denominator: 8)])
        let grid = BarGrid(song: song)
        XCTAssertEqual(grid.tick(ofBar: 2), 3840)
        XCTAssertEqual(grid.tick(ofBar: 3), 5280)
        XCTAssertEqual(grid.tick(ofBar: 4), 5280 + 1440)
        XCTAssertEqual(grid.position(ofTick: 4320 + 480), BarGrid.Position(bar: 2, beat: 2, beatFraction: 0))
        XCTAssertEqual(grid.position(ofTick: 5280 + 360), BarGrid.Position(bar: 3, beat: 1, beatFraction: 0.5))
        let beats = grid.beats(from: 3360, to: 5520)
        XCTAssertEqual(beats.map(\.tick), [3360, 3840, 4320, 4800, 5280])
        XCTAssertEqual(beats.map(\.isDownbeat), [false, true, false, false, true])
        for bar in 0..<8 { XCTAssertEqual(grid.tick(ofBar: bar), song.tick(atBar: bar), "agrees with MusicCore") }
    }

    func testSwingWarpIsMonotonicInvertibleAndKeepsBeats() {
        let swing = Swing(amount: 0.4, unit: .eighth)
        var previous = -Double.infinity
        for tick in stride(from: -960.0, through: 1920, by: 7.5) {
            let warped = swing.warp(tick, ticksPerQuarter: 480)
            XCTAssertGreaterThan(warped, previous)
            previous = warped
            XCTAssertEqual(swing.unwarp(warped, ticksPerQuarter: 480), tick, accuracy: 1e-9)
        }
        XCTAssertEqual(swing.warp(480, ticksPerQuarter: 480), 480, "beats stay put")
        XCTAssertEqual(swing.warp(240, ticksPerQuarter: 480), 336, accuracy: 1e-9, "off-beat 40 % of an eighth late")
        XCTAssertEqual(Swing(amount: 3).amount, Swing.maximumAmount)
        XCTAssertEqual(Swing(amount: -1).amount, 0)
        XCTAssertEqual(Swing(amount: .nan).amount, 0)
    }

    func testChannelPlanKeepsTracksApartAndDrumsOnTen() {
        let tracks = [
            Track(name: "a", program: 0, channel: 0), Track(name: "b", program: 40, channel: 0),
            Track(name: "drums", isDrum: true, channel: 3), Track(name: "c", program: 33, channel: 9),
            Track(name: "d", program: 40, channel: 5),
        ]
        let plan = ChannelPlan(tracks: tracks)
        XCTAssertEqual(plan.assignments.map(\.channel), [0, 1, 9, 2, 5])
        XCTAssertEqual(plan.assignments.map(\.isDrum), [false, false, true, false, false])
        // Seventeen melodic tracks: the 16th and 17th share channels with same-program tracks first.
        let many = (0..<17).map { Track(name: "t\($0)", program: UInt8($0 % 15), channel: UInt8($0 % 16)) }
        let crowded = ChannelPlan(tracks: many).assignments
        XCTAssertFalse(crowded.contains { $0.channel == 9 })
        XCTAssertEqual(crowded[15].channel, crowded[0].channel, "program 0 shares with program 0")
    }

    func testSegmentMapsBothWaysWithPreRollScaleAndSwing() {
        let clock = SongClock(song: Song())
        let segment = PlaybackSegment(id: 1, startMs: 1000, fromTick: -1920, toTick: 3840, anchorTick: 0,
                                      preRollSecondsPerTick: 1.0 / 960, scale: 2, swing: Swing(amount: 0.25),
                                      clock: clock, wrapsToLoop: false)
        XCTAssertEqual(segment.milliseconds(atTick: 0), 2000, accuracy: 1e-9, "a bar of count-in at double speed")
        XCTAssertEqual(segment.endMs, 4000, accuracy: 1e-9)
        for tick in stride(from: -1920.0, through: 3840, by: 61) {
            XCTAssertEqual(segment.tick(atMs: segment.milliseconds(atTick: tick)), tick, accuracy: 1e-6)
        }
    }
}
