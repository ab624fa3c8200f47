import ArgumentParser
import Foundation

/// The `ensemble` command: with no arguments it opens the studio.
@main
struct Ensemble: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ensemble",
        abstract: "A terminal music studio: play a melody, get a band accompaniment written by a neural network.",
        subcommands: [
            InfoCommand.self, SamplesCommand.self,
            RenderCommand.self, PlayCommand.self, SoundFontCommand.self, StudioCommand.self,
            DatasetCommand.self, GenerateCommand.self, EvaluateCommand.self, ModelsCommand.self,
            TrainCommand.self,
        ])

    static func main() {
        ProcessLaunch.prepare()
        ProcessLaunch.installCrashNotice()
        let arguments = CommandLineArguments.joiningNegativeNumbers(Array(CommandLine.arguments.dropFirst()))
        let commands = configuration.subcommands.map { $0.configuration.commandName ?? "\($0)" }
        if let problem = CommandLineArguments.unknownHelpTopic(arguments, commands: commands) {
            exit(withError: CommandLineFiles.fail("help", problem))
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            exit(reporting: error)
        }
    }

    /// Help and version text as the parser prints them; our own failures (`ExitCode`, already reported on stderr)
    /// with their status; every other mistake as one line in the program's convention, `ensemble: what is wrong`
    /// (not the parser's "Error: …" and usage), with the parser's status (64 for usage errors).
    static func exit(reporting error: Error) -> Never {
        let code = exitCode(for: error)
        if error is ExitCode || code == .success { exit(withError: error) }
        let text = message(for: error).split(whereSeparator: \.isNewline).joined(separator: "; ")
        let line = "ensemble: " + (text.isEmpty ? "\(error)" : text) + "\n"
        FileHandle.standardError.write(Data(line.utf8))
        Foundation.exit(code.rawValue)
    }

    mutating func run() throws {
        try StudioCommand.open(file: nil, soundFont: nil)
    }
}
