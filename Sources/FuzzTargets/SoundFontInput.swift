import SoundFontMaker

/// SoundFont 2 files, as `ensemble soundfont info --verbose` reads them.
enum SoundFontInput {
    static func soundFont(_ bytes: [UInt8]) -> Bool {
        guard let file = try? SoundFontFile.parse(bytes) else { return false }
        _ = file.report(label: "fuzz.sf2", verbose: true)
        _ = file.problems()
        for sample in file.samples { _ = file.points(of: sample).reduce(0) { $0 &+ Int($1) } }
        return true
    }
}
