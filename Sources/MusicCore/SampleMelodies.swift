import Foundation

/// A public-domain tune shipped with the program, for trying generation without playing anything in.
public struct SampleMelody: Hashable, Sendable {
    /// The file name without extension, e.g. "ode-to-joy"; what `ensemble samples NAME` matches first.
    public var id: String
    public var title: String
    public var origin: String
    /// One melody track (role .melody), with tempo, time signature and key.
    public var song: Song
}

/// Why the sample melodies could not be loaded. One line.
public struct SampleMelodyError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The melodies in Resources/Melodies (`*.melody`, see `MelodyNotation`), read from the MusicCore resource bundle.
public enum SampleMelodies {
    /// Every sample melody, by id.
    public static func all() throws(SampleMelodyError) -> [SampleMelody] {
        let directory = try melodiesDirectory()
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw SampleMelodyError(message: "cannot list the sample melodies in \(directory.path): \(error.localizedDescription)")
        }
        var melodies: [SampleMelody] = []
        for name in names.sorted() where name.hasSuffix(".melody") {
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw SampleMelodyError(message: "cannot read \(url.path)")
            }
            melodies.append(try parse(String(decoding: data, as: UTF8.self), id: String(name.dropLast(".melody".count))))
        }
        return melodies
    }

    /// Parses one melody text (pure; `id` names it in errors).
    public static func parse(_ text: String, id: String) throws(SampleMelodyError) -> SampleMelody {
        do {
            let notation = try MelodyNotation(parsing: text, source: "\(id).melody")
            return SampleMelody(id: id, title: notation.title, origin: notation.origin, song: notation.song)
        } catch {
            throw SampleMelodyError(message: error.description)
        }
    }

    /// The melody a user means by `name`: forgiving about case, accents, spaces and punctuation ("Ode to Joy",
    /// "ode-to-joy", "ODE_TO_JOY", "frere jacques"); an unambiguous beginning or part of a name also matches
    /// ("twinkle", "saints"). Nil when nothing or more than one melody matches.
    public static func find(_ name: String, in melodies: [SampleMelody]) -> SampleMelody? {
        let wanted = normalized(name)
        guard !wanted.isEmpty else { return nil }
        if let exact = melodies.first(where: { normalized($0.id) == wanted || normalized($0.title) == wanted }) {
            return exact
        }
        let partial = melodies.filter { normalized($0.id).contains(wanted) || normalized($0.title).contains(wanted) }
        return partial.count == 1 ? partial[0] : nil
    }

    /// Lowercase letters and digits only, accents removed: "Frère Jacques!" → "frerejacques".
    static func normalized(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return String(folded.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }
            .map(Character.init))
    }

    /// The resource directory. `Bundle.module` stops the process when its bundle is missing, so it is touched only
    /// once the bundle is known to sit next to the executable; a development build falls back to the sources.
    static func melodiesDirectory() throws(SampleMelodyError) -> URL {
        let bundleName = "Ensemble_MusicCore.resources"
        let beside = Bundle.main.bundleURL.appendingPathComponent(bundleName)
        var candidates: [URL] = []
        if FileManager.default.fileExists(atPath: beside.path) {
            candidates.append(Bundle.module.bundleURL.appendingPathComponent("Melodies"))
        }
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent(bundleName)
                .appendingPathComponent("Melodies"))
        }
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Resources/Melodies"))
        var isDirectory: ObjCBool = false
        for url in candidates where FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue {
            return url
        }
        throw SampleMelodyError(message: "sample melodies not found: \(bundleName) should sit next to the ensemble executable")
    }
}
