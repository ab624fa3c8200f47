import ArgumentParser

// Placeholder until its issue's work lands; replaced by the owner of this file.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "(not yet available)")
    func run() throws { throw ValidationError("'render' is not available yet") }
}
