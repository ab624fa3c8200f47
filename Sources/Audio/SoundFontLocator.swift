import Foundation

/// Finds the SoundFont to use, in this order:
/// 1. an explicit path (`--soundfont FILE`),
/// 2. the `ENSEMBLE_SOUNDFONT` environment variable,
/// 3. the user's config file, `$XDG_CONFIG_HOME/ensemble/config` or `~/.config/ensemble/config`, line
///    `soundfont = PATH` (`#` starts a comment; `~` and paths relative to the config file are expanded),
/// 4. a system General MIDI SoundFont (/usr/share/sounds/sf2 then sf3: default-GM, FluidR3_GM, TimGM6mb, ...),
/// 5. the project's own `SoundFonts/Ensemble-GM.sf2`, searched upwards from the executable and from the
///    current directory (and in `share/ensemble` next to an installed binary).
/// A path the user named (1–3) that does not exist is an error rather than silently skipped.
public struct SoundFontLocator: Sendable {
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case option
        case environment
        case configFile(String)
        case system
        case project

        public var description: String {
            switch self {
            case .option: return "--soundfont"
            case .environment: return SoundFontLocator.environmentVariable
            case .configFile(let path): return path
            case .system: return "system General MIDI SoundFont"
            case .project: return "Ensemble's own SoundFont"
            }
        }
    }

    public struct Resolution: Sendable, Equatable, CustomStringConvertible {
        public let path: String
        public let source: Source
        public var description: String { "\(path) (\(source))" }
    }

    public static let environmentVariable = "ENSEMBLE_SOUNDFONT"
    public static let configKey = "soundfont"
    public static let systemCandidates = [
        "/usr/share/sounds/sf2/default-GM.sf2",
        "/usr/share/sounds/sf2/FluidR3_GM.sf2",
        "/usr/share/sounds/sf2/TimGM6mb.sf2",
        "/usr/share/sounds/sf3/default-GM.sf3",
        "/usr/share/sounds/sf3/FluidR3Mono_GM.sf3",
        "/usr/share/sounds/sf3/MuseScore_General.sf3",
        "/usr/share/sounds/sf3/MuseScore_General_Lite.sf3",
    ]
    public static let projectRelativePath = "SoundFonts/Ensemble-GM.sf2"

    public var explicitPath: String?
    public var environment: [String: String]
    public var homeDirectory: String?
    /// Directories to search upwards for the project's SoundFont.
    public var searchRoots: [String]
    public var systemCandidates: [String]
    public var fileExists: @Sendable (String) -> Bool
    public var readText: @Sendable (String) -> String?

    public init(explicitPath: String?, environment: [String: String], homeDirectory: String?, searchRoots: [String],
                systemCandidates: [String] = SoundFontLocator.systemCandidates,
                fileExists: @escaping @Sendable (String) -> Bool,
                readText: @escaping @Sendable (String) -> String?) {
        self.explicitPath = explicitPath
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.searchRoots = searchRoots
        self.systemCandidates = systemCandidates
        self.fileExists = fileExists
        self.readText = readText
    }

    /// A locator over this process's environment, home, executable and working directories.
    public static func forCurrentProcess(explicitPath: String? = nil) -> SoundFontLocator {
        let fileManager = FileManager.default
        var roots: [String] = []
        if let executable = SoundFontLocator.executablePath() {
            roots.append((executable as NSString).deletingLastPathComponent)
        }
        roots.append(fileManager.currentDirectoryPath)
        return SoundFontLocator(
            explicitPath: explicitPath, environment: ProcessInfo.processInfo.environment,
            homeDirectory: fileManager.homeDirectoryForCurrentUser.path, searchRoots: roots,
            fileExists: { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            },
            readText: { try? String(contentsOfFile: $0, encoding: .utf8) })
    }

    public func locate() throws(AudioError) -> Resolution {
        if let explicitPath, !explicitPath.isEmpty {
            return try named(expand(explicitPath, relativeTo: nil), source: .option)
        }
        if let value = environment[SoundFontLocator.environmentVariable], !value.isEmpty {
            return try named(expand(value, relativeTo: nil), source: .environment)
        }
        if let configPath, let text = readText(configPath), let value = SoundFontLocator.configValue(in: text) {
            let directory = (configPath as NSString).deletingLastPathComponent
            return try named(expand(value, relativeTo: directory), source: .configFile(configPath))
        }
        if let system = systemCandidates.first(where: fileExists) {
            return Resolution(path: system, source: .system)
        }
        let project = projectCandidates
        if let own = project.first(where: fileExists) {
            return Resolution(path: own, source: .project)
        }
        throw .noSoundFont(searched: ["/usr/share/sounds/sf2", "/usr/share/sounds/sf3"]
            + searchRoots.map { "\($0) and above" })
    }

    /// The user's config file path (whether or not it exists).
    public var configPath: String? {
        if let base = environment["XDG_CONFIG_HOME"], base.hasPrefix("/") {
            return base + "/ensemble/config"
        }
        return homeDirectory.map { $0 + "/.config/ensemble/config" }
    }

    /// The `soundfont = PATH` value of a config file's text, if any (the last one wins).
    public static func configValue(in text: String) -> String? {
        var value: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2,
                  parts[0].trimmingCharacters(in: .whitespaces).lowercased() == configKey else { continue }
            var found = parts[1].trimmingCharacters(in: .whitespaces)
            if found.count >= 2, let first = found.first, first == found.last, first == "\"" || first == "'" {
                found = String(found.dropFirst().dropLast())
            }
            if !found.isEmpty { value = found }
        }
        return value
    }

    /// Where the project's own SoundFont may be, nearest first.
    var projectCandidates: [String] {
        var candidates: [String] = []
        for root in searchRoots {
            var directory = URL(fileURLWithPath: root).standardizedFileURL.path
            candidates.append(directory + "/../share/ensemble/Ensemble-GM.sf2")
            while true {
                candidates.append((directory == "/" ? "" : directory) + "/" + SoundFontLocator.projectRelativePath)
                let parent = (directory as NSString).deletingLastPathComponent
                if parent == directory || parent.isEmpty { break }
                directory = parent
            }
        }
        return candidates
    }

    private func named(_ path: String, source: Source) throws(AudioError) -> Resolution {
        guard fileExists(path) else { throw .soundFontMissing(path: path, source: source.description) }
        return Resolution(path: path, source: source)
    }

    private func expand(_ path: String, relativeTo directory: String?) -> String {
        if path == "~" { return homeDirectory ?? path }
        if path.hasPrefix("~/"), let homeDirectory { return homeDirectory + path.dropFirst() }
        if let directory, !path.hasPrefix("/") { return directory + "/" + path }
        return path
    }

    private static func executablePath() -> String? {
        #if os(Linux)
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        #endif
        return Bundle.main.executablePath
    }
}
