import ArgumentParser
import Audio
import Dispatch
import Foundation
import MusicCore

/// `ensemble play SONG.mid`: plays through the sound card (or a silent real-time clock when there is none)
/// with a progress line; Ctrl-C stops with every note off.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play a MIDI file through FluidSynth, with a progress line.",
        discussion: """
            Uses the same SoundFont look-up as 'render'. Without a sound card (containers, ssh) playback runs on a \
            silent real-time clock, so the progress still advances at the song's tempo. Ctrl-C stops.
            Set ENSEMBLE_AUDIO_DRIVER to pulseaudio, alsa, jack or oss to pick a driver, or to 'silent'.
            Examples:
              ensemble play song.mid
              ensemble play song.mid --from 9 --loop 9-12 --tempo 0.8 --metronome --count-in 1
            """)

    @Argument(help: "A Standard MIDI File (.mid).")
    var song: String

    @Option(help: "SoundFont file (.sf2 or .sf3).")
    var soundfont: String?

    @Option(help: "Tempo scale: 2 plays twice as fast, 0.5 half as fast (0.1 to 8).")
    var tempo: Double = 1

    @Option(help: "Start at this bar (counted from 1).")
    var from: Int = 1

    @Option(help: "Loop bars FIRST-LAST (counted from 1, inclusive), e.g. 5-8; stop with Ctrl-C.")
    var loop: String?

    @Flag(help: "Click on every beat.")
    var metronome = false

    @Option(name: .customLong("count-in"), help: "Bars of clicks before the music starts (0 to 16).")
    var countIn: Int = 0

    func validate() throws {
        guard tempo.isFinite, (0.1...8).contains(tempo) else { throw ValidationError("--tempo must be between 0.1 and 8") }
        guard from >= 1 else { throw ValidationError("--from counts bars from 1") }
        guard (0...16).contains(countIn) else { throw ValidationError("--count-in must be between 0 and 16 bars") }
        if let loop { _ = try Self.parseLoop(loop) }
    }

    static func parseLoop(_ text: String) throws -> Range<Int> {
        let parts = text.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let first = parts[0], let last = parts[1], first >= 1, last >= first else {
            throw ValidationError("--loop takes FIRST-LAST bars counted from 1, e.g. 5-8")
        }
        return (first - 1)..<last
    }

    func run() throws {
        // Installed first, so a signal while the SoundFont loads also stops cleanly.
        let stop = StopSignal()
        defer { stop.uninstall() }
        let music = try SoundCommands.loadSong(song)
        let soundFont = try SoundCommands.locateSoundFont(soundfont)
        let engine: SynthEngine
        let output: AudioOutput
        do {
            engine = try SynthEngine(soundFontPath: soundFont.path)
            output = try AudioOutput(engine: engine)
        } catch {
            throw SoundCommands.fail(error, file: song)
        }
        FileHandle.standardError.write(Data("\(output.statusLine)\n".utf8))

        let player = SongPlayer(engine: engine, song: music)
        player.setTempoScale(tempo)
        player.setMetronome(Metronome(isEnabled: metronome))
        if let loop { player.setLoop(bars: try Self.parseLoop(loop)) }
        if from > 1 { player.seek(toBar: from - 1) }
        player.play(countInBars: countIn)

        let stoppedBy = PlaybackSession.run(player: player, title: song, stop: stop)
        player.stop()
        engine.panic()
        player.close()
        output.close()
        if let stoppedBy { throw ExitCode(128 + stoppedBy) }
    }
}

/// The foreground loop of `play`: a progress line while playing; a stop signal (`StopSignal`: Ctrl-C, SIGTERM,
/// SIGHUP, Ctrl-\\) ends it through an ordinary, clean code path.
enum PlaybackSession {
    /// The signal that interrupted playback, or nil when the song finished.
    static func run(player: SongPlayer, title: String, stop: StopSignal) -> Int32? {
        let interactive = isatty(STDOUT_FILENO) != 0
        if !interactive { print("playing \(title)") }
        var last = player.snapshot()
        var finishedAt: Date?
        while true {
            if stop.wake.wait(timeout: .now() + .milliseconds(100)) == .success {
                if interactive { print("\r\u{1B}[K", terminator: "") }
                print("stopped at bar \(last.barBeatText), \(SoundCommands.clock(last.seconds))")
                return stop.received ?? SIGINT
            }
            last = player.snapshot()
            if interactive {
                print("\r\u{1B}[K" + progressLine(last), terminator: "")
                fflush(nil)
            }
            if last.finished {
                // Let the last notes and the reverb ring out before closing the device.
                if finishedAt == nil { finishedAt = Date() }
                if Date().timeIntervalSince(finishedAt!) > 1.5 { break }
            }
        }
        if interactive { print("\r\u{1B}[K", terminator: "") }
        print("finished \(title): \(SoundCommands.clock(last.lengthSeconds))")
        return nil
    }

    static func progressLine(_ snapshot: PlaybackSnapshot) -> String {
        let time = "\(SoundCommands.clock(snapshot.seconds)) / \(SoundCommands.clock(snapshot.lengthSeconds))"
        let tempo = String(format: "%.0f bpm", snapshot.bpm)
        switch snapshot.state {
        case .countingIn: return "count-in \(snapshot.countInBeatsLeft)   \(tempo)"
        case .paused: return "paused  bar \(snapshot.barBeatText)  \(time)"
        case .stopped where snapshot.finished: return "end     bar \(snapshot.barBeatText)  \(time)"
        default:
            let loop = snapshot.loop == nil ? "" : "  (looping)"
            return "playing bar \(snapshot.barBeatText)  \(time)  \(tempo)\(loop)"
        }
    }
}
