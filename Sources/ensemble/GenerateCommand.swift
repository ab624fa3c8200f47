import ArgumentParser
import Foundation
import Generators
import ModelLibrary
import MusicCore
import NeuralEngine

/// `ensemble generate`: a melody (a MIDI file or a sample) in, the same melody with a band accompaniment out.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a band accompaniment for a melody with a trained model.",
        discussion: """
            The melody comes from a MIDI file (--melody; the track named "melody", else the likeliest melody track, \
            or --track N as 'ensemble info' numbers them) or from a built-in sample (--sample, see \
            'ensemble samples'). Melodies of any length and in any meter work: the model writes overlapping \
            windows that start on the melody's bar lines and are joined on bar lines.
            The output holds the melody track unchanged and one track per accompaniment role with the model's \
            instruments (drums on channel 10), with the input's tempo map, meter and key.
            Each seed is a different take; the seed used is printed, and --seed repeats it.
            Examples:
              ensemble generate --sample ode-to-joy --genre rock --model unet -o ode-rock.mid
              ensemble generate --melody tune.mid --track 2 --genre jazz --model musegan --seed 42 -o tune-jazz.mid
              ensemble generate --melody tune.mid --genre rock --bars 9:16 --seed 42 -o tune-bars-9-16.mid
            """)

    @Option(help: "The melody as a MIDI file.")
    var melody: String?

    @Option(help: "The melody's track in the MIDI file (1-based, as 'ensemble info' lists them).")
    var track: Int?

    @Option(help: "A built-in sample melody instead of a file (see 'ensemble samples').")
    var sample: String?

    @Option(help: "The genre of the model to use (see 'ensemble models').")
    var genre: String?

    @Option(help: "The architecture: unet or musegan (or unet-dc).")
    var model: String = Architecture.unet.rawValue

    @Option(help: "A stored model by name, instead of --genre and --model.")
    var name: String?

    @Option(help: "The take: the same seed gives the same notes (default: a new random seed).")
    var seed: UInt64?

    @Option(help: "Only these bars, 1-based and inclusive: A:B, A:, :B or A (the rest keeps the melody alone).")
    var bars: String?

    @Option(name: .shortAndLong, help: "The MIDI file to write.")
    var output: String

    func run() throws {
        guard [".mid", ".midi"].contains(where: output.lowercased().hasSuffix) else {
            throw CommandLineFiles.fail(output, "only MIDI files are written; use a name ending in .mid")
        }
        let barRange = try parseBars()
        let (input, title) = try loadMelody()
        let bars: Range<Int>?
        do throws(GenerationError) {
            let barCount = try Accompanist.melodyPiece(input.song, name: title, melody: input.choice).piece.barStarts.count
            bars = try barRange?.resolve(barCount: barCount)
        } catch {
            throw CommandLineFiles.fail(melody ?? title, error.message)
        }
        let stored = try Self.findModel(name: name, genre: genre, architecture: model)
        let seed = self.seed ?? GenerationSeed.random()

        let load = EngineThreads.adjustForLoad()
        let loadStart = ContinuousClock.now
        let loaded = try Self.load(stored)
        let loadTime = ContinuousClock.now - loadStart

        let generateStart = ContinuousClock.now
        let result: AccompaniedSong
        do throws(GenerationError) {
            result = try loaded.accompanist().accompany(song: input.song, name: title, melody: input.choice, seed: seed,
                                                        bars: bars)
        } catch {
            throw CommandLineFiles.fail(melody ?? title, error.message)
        }
        let generateTime = ContinuousClock.now - generateStart
        try CommandLineFiles.write(result.song.midiFileBytes(), to: output)
        let source = input.sources.map { " (track \($0[result.melodyTrack].chunk + 1) of the file)" } ?? ""
        print(Self.report(result, model: loaded, melody: title + source, output: output, load: loadTime,
                          generate: generateTime, systemLoad: load), terminator: "")
    }

    /// The input song, which track is the melody, and (for a file) where each song track came from.
    func loadMelody() throws -> (input: Input, title: String) {
        switch (melody, sample) {
        case (nil, nil): throw CommandLineFiles.fail("generate", "give a melody: --melody FILE.mid or --sample NAME")
        case (.some, .some): throw CommandLineFiles.fail("generate", "give either --melody or --sample, not both")
        case (nil, let name?):
            if track != nil { throw CommandLineFiles.fail("generate", "--track picks a track of a --melody file; samples have one") }
            let melodies: [SampleMelody]
            do { melodies = try SampleMelodies.all() } catch { throw CommandLineFiles.fail("samples", error.message) }
            guard let found = SampleMelodies.find(name, in: melodies) else {
                throw CommandLineFiles.fail(name, "no sample melody of that name; one of: \(melodies.map(\.id).joined(separator: ", "))")
            }
            return (Input(song: found.song, choice: .automatic, sources: nil), found.id)
        case (let path?, nil):
            let midi: MIDIFile
            do { midi = try MIDIFile(bytes: try CommandLineFiles.read(path)) } catch let error as MIDIFileError {
                throw CommandLineFiles.fail(path, error.message)
            }
            let (song, sources) = midi.songWithSources()
            let choice = try track.map { MelodyChoice.track(try Self.songTrack(chunk: $0, song: song, sources: sources,
                                                                               chunks: midi.tracks.count, file: path)) }
            return (Input(song: song, choice: choice ?? .automatic, sources: sources), (path as NSString).lastPathComponent)
        }
    }

    /// The Song track for chunk `number` (1-based, as `info` shows): its pitched part, or of several the one with
    /// the most notes.
    static func songTrack(chunk number: Int, song: Song, sources: [MIDIFile.TrackSource], chunks: Int, file: String) throws -> Int {
        guard (1...max(1, chunks)).contains(number) else {
            throw CommandLineFiles.fail(file, "no track \(number); tracks are 1-\(chunks) as 'ensemble info' lists them")
        }
        let parts = sources.indices.filter { sources[$0].chunk == number - 1 }
        guard !parts.isEmpty else { throw CommandLineFiles.fail(file, "track \(number) has no notes") }
        guard let best = parts.filter({ !song.tracks[$0].isDrum }).max(by: { song.tracks[$0].notes.count < song.tracks[$1].notes.count })
        else { throw CommandLineFiles.fail(file, "track \(number) is drums, not a melody") }
        return best
    }

    struct Input {
        var song: Song
        var choice: MelodyChoice
        var sources: [MIDIFile.TrackSource]?
    }

    /// The stored model `--name` names, or else the one for `--genre` and `--model`; one-line errors list what exists.
    /// `stored`'s network with its weights, or the command fails with one line naming the file at fault.
    static func load(_ stored: StoredModel) throws -> LoadedModel {
        do { return try ModelStore.forCurrentProcess().load(stored, factory: StandardNetworks.make) } catch {
            throw CommandLineFiles.fail(error.path, error.problem)
        }
    }

    static func findModel(name: String?, genre: String?, architecture model: String) throws -> StoredModel {
        let store = ModelStore.forCurrentProcess()
        let listing = store.list()
        let available = listing.models.isEmpty
            ? "no models are stored yet (train one with 'ensemble train'; see 'ensemble models')"
            : "stored: " + listing.models.map { "\($0.name) (\($0.manifest.genre), \($0.manifest.architecture))" }
                .joined(separator: ", ") + " (see 'ensemble models')"
        if let name {
            guard let found = listing.models.first(where: { $0.name == name }) else {
                throw CommandLineFiles.fail(name, "no model of that name; \(available)")
            }
            return found
        }
        guard let architecture = Architecture(rawValue: model.lowercased()) else {
            throw CommandLineFiles.fail(model, "unknown model; one of \(Architecture.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let genre else { throw CommandLineFiles.fail("ensemble", "name a genre with --genre; \(available)") }
        guard let found = store.find(genre: genre, architecture: architecture) else {
            throw CommandLineFiles.fail(genre, "no \(architecture) model for this genre; \(available)")
        }
        return found
    }

    func parseBars() throws -> BarSelection? {
        guard let bars else { return nil }
        guard let selection = BarSelection(bars) else {
            throw CommandLineFiles.fail(bars, "--bars takes A:B, A:, :B or A (bars counted from 1), e.g. 5:12")
        }
        return selection
    }

    static func report(_ result: AccompaniedSong, model: LoadedModel, melody: String, output: String,
                       load: Duration, generate: Duration, systemLoad: Double?) -> String {
        let m = model.manifest, barCount = result.piece.barStarts.count
        let meter = result.song.timeSignatures.first.map { "\($0.numerator)/\($0.denominator)" } ?? "4/4"
        var out = "seed \(result.seed) (--seed \(result.seed) repeats this take)\n"
        out += "model \(m.name): \(m.architecture), \(m.genre), \(m.training.iterations) iterations, \(model.stored.source) (\(model.stored.directory)), weights \(model.weightsType)\n"
        out += "melody \(melody): \(barCount) bar\(barCount == 1 ? "" : "s") of \(meter)\n"
        out += "bars \(result.bars.lowerBound + 1)-\(result.bars.upperBound) accompanied\n"
        out += "wrote \(output): melody + " + result.song.tracks.dropFirst().map { t in
            "\(t.role.rawValue) (\(t.isDrum ? "drum kit" : GeneralMIDI.programName(t.program)), \(t.notes.count) notes)"
        }.joined(separator: ", ") + "\n"
        let threads = "\(Engine.threads) thread\(Engine.threads == 1 ? "" : "s")"
            + (systemLoad.map { String(format: " (load %.1f on %d cores)", $0, ProcessInfo.processInfo.activeProcessorCount) } ?? "")
        out += "time \(milliseconds(generate)) generating, \(milliseconds(load)) loading the model; \(threads)\n"
        return out
    }

    static func milliseconds(_ d: Duration) -> String {
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15
        return ms < 10 ? String(format: "%.1f ms", ms) : "\(Int(ms.rounded())) ms"
    }
}

/// `--bars A:B` as typed: 1-based inclusive, either end open.
struct BarSelection: Equatable {
    var first: Int?
    var last: Int?

    init?(_ text: String) {
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(pieces.count), pieces.contains(where: { !$0.isEmpty }) else { return nil }
        func number(_ s: String) -> Int?? { s.isEmpty ? .some(nil) : Int(s).map { .some($0) } }
        guard let a = number(pieces[0]), let b = pieces.count == 2 ? number(pieces[1]) : .some(a) else { return nil }
        first = a
        last = b
    }

    /// The 0-based bar range in a melody of `count` bars, or a one-line reason why not.
    func resolve(barCount count: Int) throws(GenerationError) -> Range<Int> {
        let a = first ?? 1, b = last ?? count
        guard a >= 1, b <= count, a <= b else {
            throw GenerationError("--bars \(first.map(String.init) ?? ""):\(last.map(String.init) ?? "") is outside the melody's bars 1:\(count)")
        }
        return a - 1 ..< b
    }
}
