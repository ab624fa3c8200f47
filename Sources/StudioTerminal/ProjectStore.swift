import FileOutput
import Foundation
import MusicCore
import Studio

/// Project files and the autosave: JSON, written atomically (temporary file, fsync, rename) so a crash or
/// kill -9 leaves either the old file or the new one, never half of one.
public enum ProjectStore {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ text: String) { description = text }
    }

    public static func encode(_ project: Project) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(project)
    }

    /// Reads a project, with a one-line reason when it cannot ("not an Ensemble project: missing key melody").
    public static func decode(_ data: Data, path: String) throws -> Project {
        let project: Project
        do {
            project = try JSONDecoder().decode(Project.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw Failure("\(path): not an Ensemble project (missing \"\(key.stringValue)\")")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let where_ = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw Failure("\(path): not an Ensemble project (bad value at \(where_.isEmpty ? "top level" : where_))")
        } catch let DecodingError.dataCorrupted(context) {
            let reason = context.underlyingError.map { _ in "not valid JSON" } ?? context.debugDescription
            throw Failure("\(path): \(reason)")
        } catch {
            throw Failure("\(path): cannot read the project: \(error.localizedDescription)")
        }
        guard project.format <= Project.currentFormat else {
            throw Failure("\(path): made by a newer Ensemble (project format \(project.format)); update to open it")
        }
        if let problem = project.problem { throw Failure("\(path): damaged project (\(problem))") }
        return project
    }

    public static func load(_ path: String) throws -> Project {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure("\(path): cannot read the file")
        }
        return try decode(data, path: path)
    }

    public static func save(_ project: Project, to path: String) throws {
        try atomicWrite(try encode(project), to: path)
    }

    /// Writes atomically through the program's one file writer (`OutputFile`): a failure leaves the previous
    /// file as it was; a symbolic link is followed; a device, FIFO or directory is refused.
    public static func atomicWrite(_ data: Data, to path: String) throws {
        do { try OutputFile.write([UInt8](data), to: path) } catch { throw Failure("\(error.path): cannot write: \(error.problem)") }
    }

    // MARK: Autosave

    public static func writeAutosave(_ project: Project, path: String = StudioPaths.autosave) throws {
        StudioPaths.ensureStateDirectory()
        try save(project, to: path)
    }

    /// The autosave left by an earlier session, with when it was written, if it holds anything.
    public static func findAutosave(path: String = StudioPaths.autosave) -> (Project, Date)? {
        guard let project = try? load(path), !project.isEmpty,
              let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let date = attributes[.modificationDate] as? Date else { return nil }
        return (project, date)
    }

    public static func discardAutosave(path: String = StudioPaths.autosave) {
        unlink(path)
    }
}
