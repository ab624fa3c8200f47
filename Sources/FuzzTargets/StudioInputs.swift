import Foundation
import MusicCore
import Studio
import StudioTerminal

/// Project files and terminal input, through the studio's pure core exactly as the studio runs them.
enum StudioInputs {
    static func project(_ bytes: [UInt8]) -> Bool {
        guard let project = try? ProjectStore.decode(Data(bytes), path: "fuzz.json") else { return false }
        var state = StudioState()
        _ = state.apply(.resized(width: 80, height: 24))
        _ = state.apply(.opened(.project(project, path: "fuzz.json")))
        play(&state, keys: exerciseKeys)
        _ = try? ProjectStore.encode(state.project)
        return true
    }

    /// The bytes as typed on the terminal, decoded and sent to a studio holding a melody, redrawn after each key.
    static func keys(_ bytes: [UInt8]) -> Bool {
        var decoder = KeyDecoder()
        let presses = (decoder.feed(bytes) + decoder.flush()).compactMap { input -> KeyPress? in
            if case .key(let press) = input { return press }
            return nil
        }
        var state = StudioState()
        _ = state.apply(.resized(width: 80, height: 24))
        _ = state.apply(.opened(.song(melody, title: "fuzz")))
        play(&state, keys: presses)
        return !presses.isEmpty
    }

    /// A song opened in the studio (a MIDI file or a melody), drawn and stepped through.
    static func exercise(song: Song) {
        var state = StudioState()
        _ = state.apply(.resized(width: 80, height: 24))
        _ = state.apply(.opened(.song(song, title: "fuzz")))
        play(&state, keys: exerciseKeys)
    }

    /// Moves around, plays, scrolls, zooms, selects and transposes: what a user does first with a new file.
    static let exerciseKeys: [KeyPress] = [
        KeyPress(.space), KeyPress(.right), KeyPress(.pageDown), KeyPress(.end), KeyPress(.space), KeyPress(.home),
        KeyPress(.down), KeyPress(.tab), KeyPress(.up, .shift), .char("+"), .char("-"), KeyPress(.right, .shift),
        KeyPress(.function(1)), KeyPress(.escape), .ctrl("z"), .ctrl("y"),
    ]

    static func play(_ state: inout StudioState, keys: [KeyPress]) {
        var now = 1000.0
        var buffer = ScreenBuffer(width: 80, height: 24)
        StudioRenderer.render(state, into: &buffer)
        for (i, key) in keys.prefix(4096).enumerated() {
            now += 40
            _ = state.apply(.key(key, atMs: now))
            if state.transport.mode != .stopped {
                _ = state.apply(.playhead(PlayheadReport(mode: .playing, tick: i * 240), atMs: now))
            }
            _ = state.apply(.tick(atMs: now))
            if buffer.width != state.width || buffer.height != state.height {
                buffer = ScreenBuffer(width: state.width, height: state.height)
            }
            StudioRenderer.render(state, into: &buffer)
        }
    }

    static let melody: Song = (try? SampleMelodies.all().first?.song) ?? Song()
}
