import ArgumentParser

// Placeholder until its issue's work lands; replaced by the owner of this file.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "(not yet available)")
    func run() throws { throw ValidationError("'info' is not available yet") }
}
