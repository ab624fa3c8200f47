import FileOutput
import Foundation
import Generators

/// Why a dataset could not be loaded or built, naming the file or folder (`ensemble: PATH: problem`).
public typealias DatasetLoadError = FileError

/// A dataset ready for training, with where it came from.
public struct LoadedDataset: Sendable {
    public var file: DatasetFile
    /// The `.ensds` checksum (for a folder: of the dataset as it would be saved), recorded in model manifests.
    public var contentHash: String
    /// True when built in memory from a folder of MIDI files.
    public var builtFromFolder: Bool

    public var dataset: TrainingDataset { file.dataset }
    public var summary: DatasetSummary { file.summary }

    /// What a model manifest records about the data it was trained on.
    public var reference: ModelManifest.DatasetReference {
        ModelManifest.DatasetReference(name: dataset.name, hash: contentHash, trainingWindows: dataset.trainWindows.count)
    }
}

/// Loads training data from disk: a `.ensds` file, or folders of MIDI files built in memory.
public enum DatasetLoader {
    /// The largest `.ensds` file read (a dataset of millions of notes is a few hundred MB).
    public static let maximumDatasetSize = 4 << 30
    /// The largest MIDI file read (as `ensemble info`).
    public static let maximumMIDISize = 64 << 20

    /// `path` is a `.ensds` file or a folder of MIDI files (built with `options`, named after the folder).
    /// Refuses a dataset with no training windows.
    public static func load(path: String, options: DatasetBuildOptions = .init(),
                            progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(DatasetLoadError) -> LoadedDataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DatasetLoadError(path: path, "no such file or directory")
        }
        let loaded: LoadedDataset
        if isDirectory.boolValue {
            let name = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
            let file = try build(roots: [path], name: name, options: options, progress: progress)
            loaded = LoadedDataset(file: file, contentHash: DatasetFile.contentHash(ofEncoded: file.encoded()), builtFromFolder: true)
        } else {
            loaded = try read(path: path)
        }
        guard !loaded.dataset.trainWindows.isEmpty else {
            throw DatasetLoadError(path: path, loaded.builtFromFolder ? loaded.summary.emptyReason : "the dataset has no training windows")
        }
        return loaded
    }

    /// Reads and checks a `.ensds` file.
    public static func read(path: String) throws(DatasetLoadError) -> LoadedDataset {
        let bytes = try readBytes(path, limit: maximumDatasetSize, kind: "dataset").get()
        do {
            return LoadedDataset(file: try DatasetFile(decoding: bytes), contentHash: DatasetFile.contentHash(ofEncoded: bytes),
                                 builtFromFolder: false)
        } catch { throw DatasetLoadError(path: path, error.message) }
    }

    /// Builds a dataset from every MIDI file under `roots` (see `MIDIFolderWalker`), reading one file at a time.
    /// Folders that cannot be listed are reported among the skipped files.
    public static func build(roots: [String], name: String, options: DatasetBuildOptions,
                             progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(DatasetLoadError) -> DatasetFile {
        let scan = try MIDIFolderWalker.scan(roots)
        let paths = Dictionary(scan.files.map { ($0.name, $0.path) }, uniquingKeysWith: { first, _ in first })
        var file = DatasetBuilder.build(name: name, paths: scan.files.map(\.name), options: options, progress: progress) { name in
            readBytes(paths[name] ?? name, limit: maximumMIDISize, kind: "MIDI").mapError { DatasetError($0.problem) }
        }
        if !scan.problems.isEmpty {
            file.summary.skipped = (file.summary.skipped + scan.problems).sorted { $0.path < $1.path }
        }
        return file
    }

    /// A whole file, refused past `limit` bytes (before reading it all).
    static func readBytes(_ path: String, limit: Int, kind: String) -> Result<[UInt8], DatasetLoadError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(DatasetLoadError(path: path, "no such file"))
        }
        if isDirectory.boolValue { return .failure(DatasetLoadError(path: path, "is a folder, not a \(kind) file")) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.isReadableFile(atPath: path) ? "cannot open the file" : "permission denied"
            return .failure(DatasetLoadError(path: path, reason))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            guard data.count <= limit else {
                return .failure(DatasetLoadError(path: path, "larger than \(limit >> 20) MB: not a \(kind) file this program will read"))
            }
            return .success([UInt8](data))
        } catch {
            return .failure(DatasetLoadError(path: path, "cannot read: \(FileErrorReason.line(error))"))
        }
    }
}
