import ArgumentParser

// Placeholder until its issue's work lands; replaced by the owner of this file.
struct SamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "samples", abstract: "(not yet available)")
    func run() throws { throw ValidationError("'samples' is not available yet") }
}
