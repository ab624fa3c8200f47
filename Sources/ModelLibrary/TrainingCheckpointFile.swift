import Foundation
import Generators
import NeuralEngine

/// A `TrainingCheckpoint` as one safetensors file: its tensors, and its run and progress as JSON under the
/// metadata key `ensemble.checkpoint`. Written atomically (temporary file, fsync, rename), so a kill at any
/// moment leaves the previous checkpoint or the new one, never half of one.
public enum TrainingCheckpointFile {
    public static let metadataKey = "ensemble.checkpoint"
    public static let fileName = "checkpoint.safetensors"

    public static func encode(_ checkpoint: TrainingCheckpoint) -> [UInt8] {
        var file = checkpoint.tensors
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain Codable values cannot fail; a failure is a programming error.
        let json = try! encoder.encode(checkpoint.info)
        file.metadata[metadataKey] = String(decoding: json, as: UTF8.self)
        return file.encoded()
    }

    /// Reads a checkpoint's bytes, refusing anything that is not a whole checkpoint this program understands.
    public static func decode(_ bytes: [UInt8]) throws(TrainingCheckpointError) -> TrainingCheckpoint {
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(decoding: bytes) } catch {
            throw TrainingCheckpointError("not a checkpoint (\(error))")
        }
        guard let text = file.metadata[metadataKey] else {
            throw TrainingCheckpointError("a safetensors file without training state (no '\(metadataKey)' metadata)")
        }
        // The format is read on its own first, so a newer layout is named as such rather than as damage.
        struct Format: Decodable { var format: Int }
        guard let format = try? JSONDecoder().decode(Format.self, from: Data(text.utf8)).format else {
            throw TrainingCheckpointError("damaged training state (no format number)")
        }
        guard format <= TrainingCheckpoint.currentFormat else {
            throw TrainingCheckpointError("checkpoint format \(format) is newer than this program reads (\(TrainingCheckpoint.currentFormat))")
        }
        let info: TrainingCheckpoint.Info
        do { info = try JSONDecoder().decode(TrainingCheckpoint.Info.self, from: Data(text.utf8)) } catch {
            throw TrainingCheckpointError("damaged training state (\(ModelStore.reason(error)))")
        }
        if let problem = info.run.config.window.problem { throw TrainingCheckpointError(problem) }
        if let problem = info.progress.hyperparameters.problem { throw TrainingCheckpointError(problem) }
        let checkpoint = TrainingCheckpoint(info: info, tensors: file)
        _ = try checkpoint.history()
        return checkpoint
    }

    public static func write(_ checkpoint: TrainingCheckpoint, to path: String) throws(ModelStoreError) {
        try ModelStore.writeAtomically(encode(checkpoint), to: path)
    }

    /// The checkpoint at `path`; errors name the file.
    public static func read(_ path: String) throws(ModelStoreError) -> TrainingCheckpoint {
        guard let data = FileManager.default.contents(atPath: path) else { throw ModelStoreError(path: path, "cannot be read") }
        do { return try decode([UInt8](data)) } catch { throw ModelStoreError(path: path, error.problem) }
    }
}
