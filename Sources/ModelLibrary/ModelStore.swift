import FileOutput
import Foundation
import Generators
import MusicCore
import NeuralEngine

/// A model on disk: a directory holding `manifest.json` and the weights file it names.
public struct StoredModel: Hashable, Sendable {
    /// Where a model comes from: shipped with Ensemble (read-only) or trained by the user.
    public enum Source: String, Hashable, Sendable { case shipped, user }

    public var directory: String
    public var manifest: ModelManifest
    public var source: Source

    public var name: String { manifest.name }
    public var weightsPath: String { directory + "/" + manifest.weights }
}

/// Why a model cannot be listed, loaded or saved. One line, naming the file.
public typealias ModelStoreError = FileError

/// Finds, reads and writes trained models.
///
/// - User models live in `$XDG_DATA_HOME/ensemble/models/NAME` (default `~/.local/share/ensemble/models/NAME`);
///   `ensemble train` writes there.
/// - Shipped models: every directory in `ENSEMBLE_MODELS` (colon-separated), then `Models/` found upwards from the
///   executable and from the working directory, and `share/ensemble/Models` beside an installed binary.
/// A user model with the same name as a shipped one hides it.
public struct ModelStore: Sendable {
    public static let manifestName = "manifest.json"
    public static let environmentVariable = "ENSEMBLE_MODELS"

    public var userDirectory: String
    public var shippedDirectories: [String]

    public init(userDirectory: String, shippedDirectories: [String]) {
        self.userDirectory = userDirectory
        self.shippedDirectories = shippedDirectories
    }

    /// The store for this process: its environment, home, executable and working directory.
    public static func forCurrentProcess() -> ModelStore {
        let env = ProcessInfo.processInfo.environment
        var shipped = (env[environmentVariable] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        var roots: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let dir = (exe as NSString).deletingLastPathComponent
            roots.append(dir)
            shipped.append(URL(fileURLWithPath: dir + "/../share/ensemble/Models").standardizedFileURL.path)
        }
        roots.append(FileManager.default.currentDirectoryPath)
        for root in roots {
            var directory = URL(fileURLWithPath: root).standardizedFileURL.path
            while true {
                shipped.append((directory == "/" ? "" : directory) + "/Models")
                let parent = (directory as NSString).deletingLastPathComponent
                if parent == directory || parent.isEmpty { break }
                directory = parent
            }
        }
        var seen = Set<String>()
        shipped = shipped.filter { seen.insert($0).inserted }
        return ModelStore(userDirectory: dataHome() + "/ensemble/models", shippedDirectories: shipped)
    }

    /// The user's data directory: `$XDG_DATA_HOME` when absolute, else `~/.local/share`.
    public static func dataHome() -> String {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        return ProcessInfo.processInfo.environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? home + "/.local/share"
    }

    /// Every readable model, user models first, sorted by name within each; a later model with a name already
    /// seen is hidden. Directories that look like models but cannot be read come back in `problems`.
    public func list() -> (models: [StoredModel], problems: [ModelStoreError]) {
        var models: [StoredModel] = [], problems: [ModelStoreError] = []
        var names = Set<String>()
        var roots = [(userDirectory, StoredModel.Source.user)]
        if let shipped = firstShippedRoot() { roots.append((shipped, .shipped)) }
        for (root, source) in roots {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: root))?.sorted() ?? []
            for entry in entries where !entry.hasPrefix(".") {
                let directory = root + "/" + entry
                guard FileManager.default.fileExists(atPath: directory + "/" + Self.manifestName) else { continue }
                do throws(ModelStoreError) {
                    let model = try read(directory: directory, source: source)
                    if names.insert(model.name).inserted { models.append(model) }
                } catch { problems.append(error) }
            }
        }
        return (models, problems)
    }

    /// The first shipped directory that exists (the nearest `Models/`), if any.
    func firstShippedRoot() -> String? {
        shippedDirectories.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// The model for a genre and architecture (a user's model first), if one is stored.
    public func find(genre: String, architecture: Architecture) -> StoredModel? {
        list().models.first { $0.manifest.genre.lowercased() == genre.lowercased() && $0.manifest.architecture == architecture }
    }

    /// The model named `name` (its directory name), if stored.
    public func find(name: String) -> StoredModel? { list().models.first { $0.name == name } }

    /// Reads a model directory's manifest, checking that it is one this program understands.
    public func read(directory: String, source: StoredModel.Source) throws(ModelStoreError) -> StoredModel {
        let path = directory + "/" + Self.manifestName
        guard let data = FileManager.default.contents(atPath: path) else { throw ModelStoreError(path: path, "cannot be read") }
        return StoredModel(directory: directory, manifest: try Self.manifest(decoding: data, path: path), source: source)
    }

    /// A manifest's bytes, checked: a format this program reads, a valid window, printable names, one instrument
    /// per role. Errors name `path`.
    public static func manifest(decoding data: Data, path: String) throws(ModelStoreError) -> ModelManifest {
        let manifest: ModelManifest
        do { manifest = try JSONDecoder().decode(ModelManifest.self, from: data) } catch {
            throw ModelStoreError(path: path, "not a model manifest (\(Self.reason(error)))")
        }
        guard manifest.format <= ModelManifest.currentFormat else {
            throw ModelStoreError(path: path, "manifest format \(manifest.format) is newer than this program reads (\(ModelManifest.currentFormat))")
        }
        if let problem = manifest.config.window.problem { throw ModelStoreError(path: path, problem) }
        // Names are printed and drawn: one with control characters is refused, not shown.
        for (field, text) in [("name", manifest.name), ("genre", manifest.genre), ("dataset name", manifest.dataset?.name ?? "")]
        where TerminalText.visible(text, limit: .max) != text {
            throw ModelStoreError(path: path, "its \(field) holds control characters")
        }
        guard manifest.instruments.map(\.role) == manifest.config.window.roles else {
            throw ModelStoreError(path: path, "instruments do not match the model's roles")
        }
        if let bad = manifest.instruments.first(where: { $0.program > 127 || !(1...127).contains($0.velocity) }) {
            throw ModelStoreError(path: path, "instrument of \(bad.role.rawValue) out of MIDI range (program \(bad.program), velocity \(bad.velocity))")
        }
        return manifest
    }

    /// The model's generator weights.
    public func weights(of model: StoredModel) throws(ModelStoreError) -> SafeTensorsFile {
        guard let data = FileManager.default.contents(atPath: model.weightsPath) else {
            throw ModelStoreError(path: model.weightsPath, "cannot be read")
        }
        do { return try SafeTensorsFile(decoding: [UInt8](data)) } catch {
            throw ModelStoreError(path: model.weightsPath, "broken weights file (\(error))")
        }
    }

    /// Writes a user model: weights first, then the manifest, each through a temporary file renamed into place,
    /// so a reader never sees half a model. Returns the directory.
    @discardableResult
    public func save(manifest: ModelManifest, weights: SafeTensorsFile) throws(ModelStoreError) -> String {
        let directory = userDirectory + "/" + manifest.name
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch { throw ModelStoreError(path: directory, "cannot create the directory (\(Self.reason(error)))") }
        try Self.writeAtomically(weights.encoded(), to: directory + "/" + manifest.weights)
        return try saveManifest(manifest)
    }

    /// Replaces the manifest of user model `manifest.name` (its weights stay as stored); returns its directory.
    @discardableResult
    public func saveManifest(_ manifest: ModelManifest) throws(ModelStoreError) -> String {
        let directory = userDirectory + "/" + manifest.name
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json: Data
        do { json = try encoder.encode(manifest) } catch {
            throw ModelStoreError(path: directory, "cannot encode the manifest (\(Self.reason(error)))")
        }
        try Self.writeAtomically([UInt8](json) + [10], to: directory + "/" + Self.manifestName)
        return directory
    }

    /// Writes `bytes` to `path` atomically through the program's one file writer (`OutputFile`).
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(ModelStoreError) {
        try OutputFile.write(bytes, to: path)
    }

    public static func reason(_ error: Error) -> String {
        if case DecodingError.keyNotFound(let key, _) = error { return "missing \(key.stringValue)" }
        if case DecodingError.typeMismatch(_, let context) = error { return context.debugDescription }
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        return "\(error)"
    }
}
