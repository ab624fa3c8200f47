import ArgumentParser

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
        let arguments = CommandLineArguments.joiningNegativeNumbers(Array(CommandLine.arguments.dropFirst()))
        let commands = configuration.subcommands.map { $0.configuration.commandName ?? "\($0)" }
        if let problem = CommandLineArguments.unknownHelpTopic(arguments, commands: commands) {
            exit(withError: CommandLineFiles.fail("help", problem))
        }
        main(arguments)
    }

    mutating func run() throws {
        try StudioCommand.open(file: nil, soundFont: nil)
    }
}
