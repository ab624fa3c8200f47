import Glibc
import Synchronization

/// A file operation that failed: the path the user named and what is wrong, in words for one line
/// (`ensemble: PATH: problem`). Writing files throws it; ModelLibrary's model and dataset errors are this type too.
public struct FileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String
    public init(path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }
    public var description: String { "\(path): \(problem)" }
}

/// The one way Ensemble writes a file it makes (exports, renders, models, checkpoints, projects).
///
/// - A regular file is replaced atomically: the bytes go to a new temporary file beside the target, are flushed
///   and renamed over it, so a failure (a full disk) or an interrupt never leaves part of a file under the final
///   name, and the previous file stays as it was. An existing file keeps its permissions.
/// - A symbolic link is followed: its target is written (and replaced atomically), the link stays a link.
/// - A directory, a device node, a FIFO or a socket is refused: writing a file there is not what anyone means
///   (as root, a rename would replace `/dev/full` with a regular file).
/// - `-` means standard output, where the caller allows it (`allowStandardOutput`).
public enum OutputFile {
    /// Writes `bytes` to `path` as described above.
    public static func write(_ bytes: [UInt8], to path: String, allowStandardOutput: Bool = false) throws(FileError) {
        try write(to: path, allowStandardOutput: allowStandardOutput) { (sink: Sink) throws(FileError) in try sink.append(bytes) }
    }

    /// Where `write(to:produce:)` sends a file's bytes as they are made.
    public struct Sink {
        let fd: Int32
        let path: String

        public func append(_ bytes: [UInt8]) throws(FileError) { try writeAll(bytes, to: fd, path: path) }
    }

    /// Writes the bytes `produce` appends, block by block, to `path` as described above: a file too big to hold in
    /// memory (a long render) is written the same safe way. When `produce` throws, the target is left as it was.
    public static func write(to path: String, allowStandardOutput: Bool = false,
                             _ produce: (Sink) throws(FileError) -> Void) throws(FileError) {
        if path == "-" {
            guard allowStandardOutput else { throw FileError(path: path, "standard output is not possible here; name a file") }
            try produce(Sink(fd: STDOUT_FILENO, path: path))
            return
        }
        guard !path.isEmpty else { throw FileError(path: path, "an empty file name") }
        let target = try resolve(path)
        var mode: mode_t = 0o644
        var info = stat()
        if stat(target, &info) == 0 {
            try refuseSpecial(info.st_mode, path: path)
            mode = info.st_mode & 0o7777
        }
        let temporary = temporaryName(for: target)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileError(path: path, reason(errno, directoryOf: path)) }
        do throws(FileError) {
            try produce(Sink(fd: fd, path: path))
            if fchmod(fd, mode) != 0 || fsync(fd) != 0 { throw FileError(path: path, reason(errno)) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        if close(fd) != 0 {
            let code = errno
            unlink(temporary)
            throw FileError(path: path, reason(code))
        }
        if rename(temporary, target) != 0 {
            let code = errno
            unlink(temporary)
            throw FileError(path: path, reason(code))
        }
    }

    /// The file a write to `path` lands in: symbolic links followed (up to 40, as the kernel does), relative
    /// link targets taken from the link's directory.
    public static func resolve(_ path: String) throws(FileError) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n >= 0 else { throw FileError(path: path, reason(errno)) }
            let destination = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = destination.hasPrefix("/") ? destination : directory(of: current) + "/" + destination
        }
        throw FileError(path: path, "too many levels of symbolic links")
    }

    static func refuseSpecial(_ mode: mode_t, path: String) throws(FileError) {
        switch mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw FileError(path: path, "is a directory; name a file to write")
        case S_IFCHR, S_IFBLK: throw FileError(path: path, "is a device, not a regular file; nothing was written")
        case S_IFIFO: throw FileError(path: path, "is a FIFO, not a regular file; nothing was written")
        case S_IFSOCK: throw FileError(path: path, "is a socket, not a regular file; nothing was written")
        default: throw FileError(path: path, "is not a regular file; nothing was written")
        }
    }

    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(FileError) {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw FileError(path: path, reason(n < 0 ? errno : ENOSPC)) }
            written += n
        }
    }

    /// A fresh name beside `target` (hidden, with the process id and a counter), so two writers never share one.
    static func temporaryName(for target: String) -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        let name = target.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? target
        return directory(of: target) + "/." + name.prefix(200) + ".tmp-\(getpid())-\(n)"
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The system's words for `code`, with the usual cause named where the words alone mislead.
    static func reason(_ code: Int32, directoryOf path: String? = nil) -> String {
        switch code {
        case ENOENT: return path.map { "the folder \(directory(of: $0)) does not exist" } ?? "no such file or directory"
        case EACCES, EPERM: return "permission denied"
        case ENOSPC: return "no space left on the device; the previous file, if any, is unchanged"
        case EROFS: return "the file system is read-only"
        case EISDIR: return "is a directory; name a file to write"
        default: return String(cString: strerror(code)).lowercased()
        }
    }

    private static let counter = Atomic<Int>(0)
}

