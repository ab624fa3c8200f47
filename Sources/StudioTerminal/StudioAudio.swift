import Audio
import Foundation
import MusicCore
import Studio

/// The studio's sound: one FluidSynth engine for live notes and the song player, on the sound card or — when
/// there is none — on the silent real-time clock (so the playhead and recording work the same). Without a
/// SoundFont the studio still runs, silently, and says why in the header.
final class StudioAudio {
    let engine: SynthEngine?
    private let output: AudioOutput?
    private let player: SongPlayer?
    let soundFontName: String
    let statusLine: String
    let soundFontPath: String?

    init(soundFont explicitPath: String?) {
        var engine: SynthEngine?
        var output: AudioOutput?
        var name = "none"
        var status: String
        var path: String?
        do {
            let resolution = try SoundFontLocator.forCurrentProcess(explicitPath: explicitPath).locate()
            path = resolution.path
            name = (resolution.path as NSString).lastPathComponent
            let made = try SynthEngine(soundFontPath: resolution.path)
            let out = try AudioOutput(engine: made)
            engine = made
            output = out
            if case .device(let driver) = out.status { status = "audio \(driver)" } else { status = "silent clock" }
        } catch {
            status = "no sound: \(error)"
        }
        self.engine = engine
        self.output = output
        self.soundFontName = name
        self.statusLine = status
        self.soundFontPath = path
        player = engine.map { SongPlayer(engine: $0, song: Song()) }
        output?.restSilentClock()  // keeps no core busy while nothing plays (woken by `play`)
    }

    func noteOn(channel: UInt8, pitch: UInt8, velocity: UInt8) {
        engine?.noteOn(channel: Int(channel), key: Int(pitch), velocity: Int(velocity))
    }

    func noteOff(channel: UInt8, pitch: UInt8) { engine?.noteOff(channel: Int(channel), key: Int(pitch)) }

    func programChange(channel: UInt8, program: UInt8) { engine?.selectProgram(Int(program), channel: Int(channel)) }

    func play(_ request: PlaybackRequest) {
        guard let player else { return }
        output?.wakeSilentClock()
        update(request)
        player.seek(toTick: request.fromTick)
        player.play(countInBars: request.countInBars)
    }

    /// Sends the song, loop, mixer and metronome to the player (keeps playing if it plays).
    func update(_ request: PlaybackRequest) {
        guard let player else { return }
        player.replaceSong(request.song)
        player.setLoop(ticks: request.loop)
        player.setPlaysPastEnd(request.playsPastEnd)
        player.setMetronome(Metronome(isEnabled: request.metronome))
        for index in request.song.tracks.indices {
            player.setMuted(request.mix.muted.contains(index), track: index)
            player.setSoloed(request.mix.soloed.contains(index), track: index)
            player.setVolume(request.mix.volumes[index] ?? 0.8, track: index)
        }
    }

    func stop() {
        player?.stop()
        engine?.allNotesOff()
        output?.restSilentClock()
    }

    func report() -> PlayheadReport {
        guard let snapshot = player?.snapshot() else { return PlayheadReport(mode: .stopped, tick: 0) }
        let mode: PlayheadReport.Mode
        switch snapshot.state {
        case .stopped, .paused: mode = .stopped
        case .countingIn: mode = .countingIn
        case .playing: mode = .playing
        }
        return PlayheadReport(mode: mode, tick: snapshot.tick, countInBeatsLeft: snapshot.countInBeatsLeft,
                              finished: snapshot.finished)
    }

    func close() {
        player?.stop()
        engine?.panic()
        player?.close()
        output?.close()
    }
}
