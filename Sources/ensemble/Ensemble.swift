import ArgumentParser

/// The `ensemble` command: with no arguments it will open the studio; until the studio lands it prints help.
@main
struct Ensemble: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ensemble",
        abstract: "A terminal music studio: play a melody, get a band accompaniment written by a neural network.",
        subcommands: [
            InfoCommand.self, SamplesCommand.self,
            RenderCommand.self, PlayCommand.self, SoundFontCommand.self,
            TrainCommand.self,
        ])

    mutating func run() throws {
        print(Ensemble.helpMessage())
    }
}
