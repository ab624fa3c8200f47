import ArgumentParser
import Foundation
import MusicCore
import SoundFontMaker

/// `ensemble soundfont build | info`: writes the project's own General MIDI SoundFont, and lists a SoundFont's
/// presets (checking its structure on the way).
struct SoundFontCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soundfont",
        abstract: "Build the project's own General MIDI SoundFont, or list what is in a SoundFont.",
        subcommands: [Build.self, Info.self])

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Synthesise the Ensemble GM SoundFont and write it as an SF2 file.")

        @Option(name: .shortAndLong, help: "The SF2 file to write.")
        var output = "SoundFonts/Ensemble-GM.sf2"

        func run() throws {
            let started = Date()
            let bytes = EnsembleSoundFont.makeSF2()
            try CommandLineFiles.write(bytes, to: output)
            let seconds = Date().timeIntervalSince(started)
            let summary = (try? SoundFontFile.parse(bytes)).map { "\($0.presets.count) presets, \($0.samples.count) samples" }
            print(String(format: "wrote %@ (%.1f MB, %@) in %.2f s", output, Double(bytes.count) / 1_048_576,
                         summary ?? "?", seconds))
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the presets of a SoundFont 2 file and check its structure.")

        @Argument(help: "An .sf2 file.")
        var file: String

        @Flag(name: .long, help: "Also list each preset's instruments and sample count.")
        var verbose = false

        func run() throws {
            let data = try CommandLineFiles.read(file, maximumSize: 2 << 30, kind: "a SoundFont file")
            let sf: SoundFontFile
            do {
                sf = try SoundFontFile.parse(data)
            } catch {
                throw CommandLineFiles.fail(file, error.description)
            }
            print(sf.report(label: CommandLineFiles.shortened(file), verbose: verbose), terminator: "")
            let problems = sf.problems()
            if !problems.isEmpty {
                print("\(problems.count) problem(s):")
                for p in problems.prefix(20) { print("  " + TerminalText.visible("\(p)")) }
            }
        }
    }
}
