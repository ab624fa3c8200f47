import ArgumentParser

// Placeholder until its issue's work lands; replaced by the owner of this file.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "play", abstract: "(not yet available)")
    func run() throws { throw ValidationError("'play' is not available yet") }
}
