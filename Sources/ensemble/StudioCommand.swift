import ArgumentParser
import Foundation
import Studio
import StudioTerminal

/// `ensemble studio [FILE]` (and `ensemble` alone): the terminal studio.
struct StudioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studio",
        abstract: "Open the studio: play a melody on the keyboard, generate a band, listen, export.",
        discussion: """
            FILE may be a project (.json, saved with Ctrl-S), a MIDI file (.mid: you pick the track to use as the \
            melody) or the name of a sample melody (see 'ensemble samples'). Without FILE the studio offers to \
            restore the last autosaved session. Needs a terminal of at least 80x24. Keys: F1 or ? in the studio; \
            the guide is docs/studio.md.
            """)

    @Argument(help: "A project (.json), a MIDI file (.mid) or a sample melody name.")
    var file: String?

    @Option(help: "SoundFont file (.sf2 or .sf3).")
    var soundfont: String?

    func run() throws {
        try StudioCommand.open(file: file, soundFont: soundfont)
    }

    static func open(file: String?, soundFont: String?) throws {
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw CommandLineFiles.fail("ensemble", "the studio needs a terminal (stdin and stdout must be a TTY); "
                + "see 'ensemble --help' for the other commands")
        }
        if let file, file.contains("/") || file.hasSuffix(".mid") || file.hasSuffix(".json"),
           !FileManager.default.fileExists(atPath: file) {
            throw CommandLineFiles.fail(file, "no such file")
        }
        let app = StudioApp(options: StudioApp.Options(file: file, soundFont: soundFont, provider: StoredModelProvider()))
        let status = app.run()
        if status != 0 { throw ExitCode(status) }
    }
}
