import ArgumentParser
import Audio
import FileOutput
import Foundation
import MusicCore

/// `ensemble render SONG.mid -o OUT.wav`: the song through FluidSynth, much faster than real time,
/// normalised to -1 dBFS with a release tail.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a MIDI file to a WAV file through FluidSynth.",
        discussion: """
            The SoundFont is, in order: --soundfont, $ENSEMBLE_SOUNDFONT, 'soundfont = PATH' in \
            ~/.config/ensemble/config, a system General MIDI SoundFont (/usr/share/sounds/sf2), then Ensemble's \
            own SoundFonts/Ensemble-GM.sf2. The one used is printed on stderr.
            Examples:
              ensemble render song.mid -o song.wav
              ensemble render song.mid -o song.wav --soundfont /usr/share/sounds/sf2/FluidR3_GM.sf2 --rate 48000
            """)

    @Argument(help: "A Standard MIDI File (.mid).")
    var song: String

    @Option(name: .shortAndLong, help: "The WAV file to write.")
    var output: String

    @Option(help: "SoundFont file (.sf2 or .sf3).")
    var soundfont: String?

    @Option(help: "Sample rate in Hz (8000 to 96000).")
    var rate: Int = 44_100

    @Option(help: "Seconds of release tail after the last note (0 to 60).")
    var tail: Double = 2

    @Option(help: "Tempo scale: 2 plays twice as fast, 0.5 half as fast (0.1 to 8).")
    var tempo: Double = 1

    @Option(help: "Bits per sample: 16 or 24.")
    var bits: Int = 16

    @Flag(help: "Add metronome clicks on every beat.")
    var metronome = false

    func validate() throws {
        guard (8_000...96_000).contains(rate) else { throw ValidationError("--rate must be between 8000 and 96000 Hz") }
        guard tail.isFinite, (0...60).contains(tail) else { throw ValidationError("--tail must be between 0 and 60 seconds") }
        guard tempo.isFinite, (0.1...8).contains(tempo) else { throw ValidationError("--tempo must be between 0.1 and 8") }
        guard bits == 16 || bits == 24 else { throw ValidationError("--bits must be 16 or 24") }
    }

    func run() throws {
        guard output.lowercased().hasSuffix(".wav") else {
            throw CommandLineFiles.fail(output, "only WAV files are written; use a name ending in .wav")
        }
        let music = try SoundCommands.loadSong(song)
        let soundFont = try SoundCommands.locateSoundFont(soundfont)

        let options = RenderOptions(sampleRate: Double(rate), tailSeconds: tail, tempoScale: tempo,
                                    metronome: Metronome(isEnabled: metronome))
        let started = Date()
        let audio: OfflineRenderer.Summary
        do {
            audio = try OfflineRenderer.renderWAV(music, soundFontPath: soundFont.path, options: options, to: output,
                                                  bitsPerSample: bits)
        } catch let error as FileError {
            throw CommandLineFiles.fail(error.path, "cannot write: \(error.problem)")
        } catch {
            throw SoundCommands.fail(error, file: song)
        }
        let elapsed = Date().timeIntervalSince(started)
        let speed = elapsed > 0 ? String(format: ", %.0f× real time", audio.duration / elapsed) : ""
        print(String(format: "wrote %@: %@, %d Hz stereo %d-bit, peak %.1f dBFS (rendered in %.2f s%@)",
                     CommandLineFiles.shortened(output), SoundCommands.clock(audio.duration), audio.sampleRate, bits,
                     audio.peakDBFS, elapsed, speed))
    }
}

/// What `render` and `play` share: reading the song, finding the SoundFont, reporting errors in one line.
enum SoundCommands {
    static func loadSong(_ path: String) throws -> Song {
        let bytes = try CommandLineFiles.read(path)
        let song: Song
        do {
            song = try Song(midiBytes: bytes)
        } catch {
            throw CommandLineFiles.fail(path, error.message)
        }
        guard song.endTick > 0 else { throw CommandLineFiles.fail(path, "the file has no notes to play") }
        return song
    }

    /// Finds the SoundFont and says which one is used (stderr, so stdout stays clean for scripts).
    static func locateSoundFont(_ explicit: String?) throws -> SoundFontLocator.Resolution {
        do {
            let resolution = try SoundFontLocator.forCurrentProcess(explicitPath: explicit).locate()
            FileHandle.standardError.write(Data("soundfont: \(resolution)\n".utf8))
            return resolution
        } catch {
            throw fail(error, file: nil)
        }
    }

    static func fail(_ error: Error, file: String?) -> ExitCode {
        guard let audioError = error as? AudioError else {
            return CommandLineFiles.fail(file ?? "ensemble", "\(error)")
        }
        if case .soundFontMissing(let path, let source) = audioError,
           let problem = CommandLineFiles.problem(reading: path, kind: "a SoundFont file") {
            return CommandLineFiles.fail(path, "\(problem) (from \(source))")
        }
        return CommandLineFiles.fail(audioError.subject ?? file ?? "sound", audioError.problem)
    }

    /// "1:05.3"
    static func clock(_ seconds: Double) -> String {
        let tenths = Int((max(seconds, 0) * 10).rounded())
        return String(format: "%d:%02d.%d", tenths / 600, tenths / 10 % 60, tenths % 10)
    }
}
