import ArgumentParser

// Placeholder until its issue's work lands; replaced by the owner of this file.
struct SoundFontCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "soundfont", abstract: "(not yet available)")
    func run() throws { throw ValidationError("'soundfont' is not available yet") }
}
