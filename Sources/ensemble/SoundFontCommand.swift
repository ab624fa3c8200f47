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
            print(SoundFontReport.text(sf, file: file, verbose: verbose), terminator: "")
            let problems = sf.problems()
            if !problems.isEmpty {
                print("\(problems.count) problem(s):")
                for p in problems.prefix(20) { print("  " + TerminalText.visible("\(p)")) }
            }
        }
    }
}

enum SoundFontReport {
    static func text(_ sf: SoundFontFile, file: String, verbose: Bool) -> String {
        var out = ""
        // Every name comes from the file: through TerminalText, so a crafted SF2 cannot drive the terminal.
        let name = TerminalText.visible(sf.info["INAM"] ?? "(unnamed)", limit: 120)
        let seconds = sf.samples.reduce(0.0) { $0 + Double($1.end - $1.start) / Double(max(1, $1.sampleRate)) }
        out += "\(CommandLineFiles.shortened(file)): \(name), SoundFont \(sf.version.major).\(String(format: "%02d", sf.version.minor))\n"
        if let copyright = sf.info["ICOP"] { out += "  copyright: \(TerminalText.visible(copyright, limit: 200))\n" }
        out += String(format: "  %d presets, %d instruments, %d samples (%.1f s of audio)\n",
                      sf.presets.count, sf.instruments.count, sf.samples.count, seconds)
        for p in sf.presets.sorted(by: { ($0.bank, $0.program) < ($1.bank, $1.program) }) {
            var line = String(format: "  %03d:%03d  ", p.bank, p.program) + TerminalText.visible(p.name, limit: 40)
            if verbose {
                let instruments = p.zones.compactMap { $0.link(.instrument) }.map { TerminalText.visible(sf.instruments[$0].name, limit: 40) }
                line = line.padding(toLength: 32, withPad: " ", startingAt: 0) + instruments.joined(separator: " + ")
            }
            out += line + "\n"
        }
        return out
    }
}
