import Foundation
import MusicCore

extension SoundFontFile {
    /// What `ensemble soundfont info` prints: the bank's name and version, counts, and one line per preset
    /// (with `verbose`, its instruments), headed by `label` (the file as the user named it).
    public func report(label: String, verbose: Bool) -> String {
        var out = ""
        // Every name comes from the file: through TerminalText, so a crafted SF2 cannot drive the terminal.
        let name = TerminalText.visible(info["INAM"] ?? "(unnamed)", limit: 120)
        let seconds = samples.reduce(0.0) { $0 + Double($1.end - $1.start) / Double(max(1, $1.sampleRate)) }
        out += "\(label): \(name), SoundFont \(version.major).\(String(format: "%02d", version.minor))\n"
        if let copyright = info["ICOP"] { out += "  copyright: \(TerminalText.visible(copyright, limit: 200))\n" }
        out += String(format: "  %d presets, %d instruments, %d samples (%.1f s of audio)\n",
                      presets.count, instruments.count, samples.count, seconds)
        for p in presets.sorted(by: { ($0.bank, $0.program) < ($1.bank, $1.program) }) {
            var line = String(format: "  %03d:%03d  ", p.bank, p.program) + TerminalText.visible(p.name, limit: 40)
            if verbose {
                let instruments = p.zones.compactMap { $0.link(.instrument) }.map { TerminalText.visible(self.instruments[$0].name, limit: 40) }
                line = line.padding(toLength: 32, withPad: " ", startingAt: 0) + instruments.joined(separator: " + ")
            }
            out += line + "\n"
        }
        return out
    }
}
