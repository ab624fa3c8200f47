import Foundation
import Generators

/// Finds the MIDI files (*.mid, *.midi, any case) under folders, recursively, for a dataset build.
///
/// Symbolic links are followed, but a directory already visited (a link loop, or two links to one folder) is
/// not entered again, and a file reached twice counts once, under its first name in order (a song in both splits would leak
/// validation data).
/// Hidden entries (names starting with ".") are skipped. Directories that cannot be listed and broken links to
/// MIDI names come back as problems; the walk goes on.
public enum MIDIFolderWalker {
    public struct Found: Hashable, Sendable {
        /// Where to read it.
        public var path: String
        /// Its name in the dataset: the path below the root (prefixed with the root when there are several).
        public var name: String
    }

    public static func isMIDIName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".mid") || lower.hasSuffix(".midi")
    }

    /// Every MIDI file under `roots` (a root may also be a single file), sorted by name. A root that does not
    /// exist is an error.
    public static func scan(_ roots: [String]) throws(DatasetLoadError) -> (files: [Found], problems: [DatasetSummary.SkippedFile]) {
        var walk = Walk()
        for root in roots {
            let trimmed = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
            var info = stat()
            guard stat(trimmed, &info) == 0 else { throw DatasetLoadError(path: root, String(cString: strerror(errno))) }
            if info.st_mode & S_IFMT == S_IFDIR {
                walk.directory(trimmed, prefix: roots.count > 1 ? trimmed + "/" : "")
            } else {
                walk.file(trimmed, name: trimmed, info: info)
            }
        }
        return (walk.found.values.sorted { $0.name < $1.name }, walk.problems)
    }

    struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    struct Walk {
        /// Per file, the first of its names in order.
        var found: [FileID: Found] = [:]
        var problems: [DatasetSummary.SkippedFile] = []
        var seenDirectories = Set<FileID>()

        mutating func file(_ path: String, name: String, info: stat) {
            let id = FileID(info)
            if found[id].map({ name < $0.name }) ?? true { found[id] = Found(path: path, name: name) }
        }

        mutating func directory(_ root: String, prefix: String) {
            var pending = [(path: root, name: "")]
            while let (path, name) = pending.popLast() {
                var info = stat()
                guard stat(path, &info) == 0, seenDirectories.insert(FileID(info)).inserted else { continue }
                let entries: [String]
                do { entries = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
                    problems.append(.init(path: prefix + (name.isEmpty ? "." : name), reason: .unreadable,
                                          detail: "cannot list the folder: " + FileErrorReason.line(error)))
                    continue
                }
                for entry in entries.sorted().reversed() where !entry.hasPrefix(".") {
                    let childPath = path + "/" + entry, childName = name.isEmpty ? entry : name + "/" + entry
                    var child = stat()
                    guard stat(childPath, &child) == 0 else {
                        if MIDIFolderWalker.isMIDIName(entry) {
                            problems.append(.init(path: prefix + childName, reason: .unreadable,
                                                  detail: String(cString: strerror(errno))))
                        }
                        continue
                    }
                    switch child.st_mode & S_IFMT {
                    case S_IFDIR: pending.append((childPath, childName))
                    case S_IFREG where MIDIFolderWalker.isMIDIName(entry): file(childPath, name: prefix + childName, info: child)
                    default: continue
                    }
                }
            }
        }
    }
}
