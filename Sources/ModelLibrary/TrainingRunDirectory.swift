import Foundation
import Generators

/// Where a training run keeps its files: `$XDG_DATA_HOME/ensemble/runs/NAME/` (default
/// `~/.local/share/ensemble/runs/NAME`) with `checkpoint.safetensors`, `losses.csv` and `samples/*.mid`.
/// The trained model itself goes to the `ModelStore`.
public struct TrainingRunDirectory: Sendable {
    public var path: String

    public init(path: String) { self.path = path }

    /// The run directory of model `name` for this process's environment.
    public static func forCurrentProcess(name: String) -> TrainingRunDirectory {
        TrainingRunDirectory(path: ModelStore.dataHome() + "/ensemble/runs/" + name)
    }

    public var checkpointPath: String { path + "/" + TrainingCheckpointFile.fileName }
    public var logPath: String { path + "/losses.csv" }
    public var samplesPath: String { path + "/samples" }
    public func samplePath(iteration: Int) -> String {
        let digits = String(iteration)
        return samplesPath + "/iteration-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".mid"
    }

    public var hasCheckpoint: Bool { FileManager.default.fileExists(atPath: checkpointPath) }

    /// Creates the directory and its `samples/`, and removes temporary files a killed run left half-written.
    public func create() throws(ModelStoreError) {
        do { try FileManager.default.createDirectory(atPath: samplesPath, withIntermediateDirectories: true) } catch {
            throw ModelStoreError(path: path, "cannot create the run directory (\(ModelStore.reason(error)))")
        }
        for directory in [path, samplesPath] {
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where entry.contains(".tmp-") {
                try? FileManager.default.removeItem(atPath: directory + "/" + entry)
            }
        }
    }

    /// Removes a previous run's checkpoint, log and samples (a fresh start under the same name).
    public func clear() throws(ModelStoreError) {
        for file in [checkpointPath, logPath, samplesPath] where FileManager.default.fileExists(atPath: file) {
            do { try FileManager.default.removeItem(atPath: file) } catch {
                throw ModelStoreError(path: file, "cannot remove (\(ModelStore.reason(error)))")
            }
        }
    }

    /// Opens the CSV loss log holding exactly `history` (rows written after the last checkpoint by a killed run
    /// are dropped), ready for appending.
    public func openLog(history: LossHistory) throws(ModelStoreError) -> LossLog {
        let text = ([LossRecord.csvHeader] + history.records.map(\.csvLine)).joined(separator: "\n") + "\n"
        try ModelStore.writeAtomically(Array(text.utf8), to: logPath)
        guard let handle = FileHandle(forWritingAtPath: logPath) else { throw ModelStoreError(path: logPath, "cannot be opened") }
        handle.seekToEndOfFile()
        return LossLog(handle: handle, path: logPath)
    }
}

/// The CSV loss log of a run, one row per iteration.
public final class LossLog {
    let handle: FileHandle
    public let path: String

    init(handle: FileHandle, path: String) {
        self.handle = handle
        self.path = path
    }

    public func append(_ record: LossRecord) throws(ModelStoreError) {
        do { try handle.write(contentsOf: Data((record.csvLine + "\n").utf8)) } catch {
            throw ModelStoreError(path: path, "cannot write (\(ModelStore.reason(error)))")
        }
    }

    public func close() { try? handle.close() }
}
