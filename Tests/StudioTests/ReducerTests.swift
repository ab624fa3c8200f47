import MusicCore
import XCTest
@testable import Studio

final class ReducerTests: XCTestCase {
    func testNoteKeysPlayTheFT2LayoutFromTheOctave() {
        var d = Driver()
        XCTAssertEqual(d.key(.char("z")).noteOns, [60])       // octave 4: Z = C4
        XCTAssertEqual(d.key(.char("q")).noteOns, [72])       // top row starts an octave up
        XCTAssertEqual(d.key(.char("]")).noteOns, [91])       // the 32nd key: G two octaves and a fifth up
        d.key(KeyPress(.pageDown))
        XCTAssertEqual(d.key(.char("Z")).noteOns, [48])       // Caps Lock plays the same key
    }

    func testTerminalNotesReleaseAfterAFixedTimeAndAutoRepeatSustains() {
        var d = Driver()
        d.key(.char("z"))
        XCTAssertEqual(d.wait(100).noteOffs, [])
        // Auto-repeat (presses 30 ms apart) keeps it sounding without new note-ons.
        XCTAssertEqual(d.key(.char("z"), after: 30).noteOns, [])
        XCTAssertEqual(d.key(.char("z"), after: 30).noteOns, [])
        XCTAssertEqual(d.wait(LiveNotes.heldMs + 10).noteOffs, [60])
        XCTAssertTrue(d.state.live.pitches.isEmpty)
    }

    func testARepeatedStrikeRetriggers() {
        var d = Driver()
        d.key(.char("x"))
        let again = d.key(.char("x"), after: 300)
        XCTAssertEqual(again.noteOffs, [62])
        XCTAssertEqual(again.noteOns, [62])
    }

    func testKittyPressAndReleaseHoldTheNote() {
        var d = Driver()
        d.key(KeyPress(.character("c"), action: .press, reportsRelease: true))
        XCTAssertEqual(d.wait(2000).noteOffs, [], "a note with a real release does not time out")
        XCTAssertEqual(d.key(KeyPress(.character("c"), action: .repeated, reportsRelease: true)).noteOns, [])
        XCTAssertEqual(d.key(KeyPress(.character("c"), action: .release, reportsRelease: true)).noteOffs, [64])
    }

    func testOctaveAndVelocityStayInRange() {
        var d = Driver()
        for _ in 0..<20 { d.key(KeyPress(.pageUp)) }
        XCTAssertEqual(d.state.octave, 7)
        XCTAssertEqual(d.key(.char("]")).noteOns, [127])
        for _ in 0..<30 { d.key(KeyPress(.home)) }
        XCTAssertEqual(d.state.velocity, 127)
        for _ in 0..<30 { d.key(KeyPress(.end)) }
        XCTAssertEqual(d.state.velocity, 1)
    }

    func testSpacePlaysAndStopsTheArrangement() {
        var d = Driver(StudioState(project: melodyProject()))
        let play = d.key(KeyPress(.space)).playRequests
        XCTAssertEqual(play.count, 1)
        XCTAssertEqual(play[0].song.tracks.count, 1)
        XCTAssertEqual(play[0].loop, 0..<4 * 1920)
        XCTAssertEqual(d.state.transport.mode, .playing)
        XCTAssertEqual(d.key(KeyPress(.space)), [.stop])
        XCTAssertEqual(d.state.transport.mode, .stopped)
    }

    func testNothingToPlaySaysSo() {
        var d = Driver()
        XCTAssertTrue(d.key(KeyPress(.space)).isEmpty)
        XCTAssertTrue(d.state.message?.text.contains("nothing to play") ?? false)
    }

    func testPlaybackEndingWithoutLoopStops() {
        var d = Driver(StudioState(project: melodyProject()))
        d.key(KeyPress(.function(4))); d.key(KeyPress(.function(4))) // song → range → off
        XCTAssertEqual(d.state.loop, .off)
        d.key(KeyPress(.space))
        d.playhead(0, mode: .stopped, after: 50)
        XCTAssertEqual(d.state.transport.mode, .playing, "a stale stop right after play is ignored")
        d.playhead(960, after: 400)
        d.playhead(1920, mode: .stopped, after: 500)
        XCTAssertEqual(d.state.transport.mode, .stopped)
    }

    func testEditsWhilePlayingUpdateThePlayer() {
        var d = Driver(StudioState(project: melodyProject()))
        d.key(KeyPress(.space))
        let update = d.key(.char("+"))
        XCTAssertTrue(update.contains { if case .updatePlayback(let r) = $0 { return r.song.tempos[0].bpm == 125 } else { return false } })
    }

    func testMuteSoloVolumeAndInstrumentReachTheMix() {
        var d = Driver(StudioState(project: melodyProject()))
        d.key(KeyPress(.function(7)))
        XCTAssertEqual(Arrangement.mix(of: d.state.project).muted, [0])
        d.key(KeyPress(.function(8)))
        XCTAssertEqual(Arrangement.mix(of: d.state.project).soloed, [0])
        d.key(KeyPress(.down, .ctrl))
        XCTAssertEqual(Arrangement.mix(of: d.state.project).volumes[0] ?? 0, 0.7, accuracy: 1e-9)
        let change = d.key(.ctrl("f"))
        XCTAssertEqual(change, [.programChange(channel: 0, program: 1)])
        XCTAssertEqual(Arrangement.song(of: d.state.project).tracks[0].program, 1)
    }

    func testHelpOpensAndAnyKeyClosesIt() {
        var d = Driver()
        d.key(.char("?"))
        XCTAssertEqual(d.state.overlay, .help)
        XCTAssertTrue(d.key(.char("z")).isEmpty, "keys do not play while help is open")
        XCTAssertEqual(d.state.overlay, .none)
        d.key(KeyPress(.function(1)))
        XCTAssertEqual(d.state.overlay, .help)
    }

    func testEveryBoundKeyMapsToItsCommand() {
        for binding in KeyMap.bindings {
            for key in binding.keys where binding.command != .moveCursor(steps: 0, semitones: 0) {
                XCTAssertEqual(KeyMap.command(for: key), binding.command, "\(binding.label)")
            }
        }
        XCTAssertEqual(KeyMap.command(for: KeyPress(.character("R"), [.ctrl, .shift])), .record)
    }

    func testNoteKeysAndCommandKeysDoNotOverlap() {
        for binding in KeyMap.bindings {
            for key in binding.keys {
                if case .character(let c) = key.key, key.modifiers.isEmpty {
                    XCTAssertNil(KeyboardLayout.semitone(for: c), "\(c) is both a note and \(binding.label)")
                }
            }
        }
    }
}
