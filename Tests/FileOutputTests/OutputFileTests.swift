import Glibc
import XCTest
@testable import FileOutput

final class OutputFileTests: XCTestCase {
    var directory = ""

    override func setUp() {
        var template = Array("/tmp/ensemble-output-XXXXXX".utf8CString)
        directory = String(cString: mkdtemp(&template))
    }

    override func tearDown() {
        _ = try? FileManager.default.removeItem(atPath: directory)
    }

    func contents(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { [UInt8]($0) } }
    func leftovers() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { $0.contains(".tmp-") } ?? [] }

    func testWritesAndReplacesARegularFileKeepingItsPermissions() throws {
        let path = directory + "/song.mid"
        try OutputFile.write([1, 2, 3], to: path)
        XCTAssertEqual(contents(path), [1, 2, 3])
        chmod(path, 0o600)
        try OutputFile.write([4, 5], to: path)
        XCTAssertEqual(contents(path), [4, 5])
        var info = stat()
        stat(path, &info)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        XCTAssertEqual(leftovers(), [])
    }

    func testFollowsASymbolicLinkAndKeepsTheLink() throws {
        let target = directory + "/real.wav", link = directory + "/link.wav"
        try OutputFile.write([9], to: target)
        symlink("real.wav", link)
        try OutputFile.write([7, 7], to: link)
        XCTAssertEqual(contents(target), [7, 7])
        var info = stat()
        lstat(link, &info)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK, "the link must stay a link")
        // A dangling link creates its target.
        symlink(directory + "/new.mid", directory + "/dangling.mid")
        try OutputFile.write([1], to: directory + "/dangling.mid")
        XCTAssertEqual(contents(directory + "/new.mid"), [1])
        // A loop is refused.
        symlink(directory + "/b", directory + "/a")
        symlink(directory + "/a", directory + "/b")
        XCTAssertThrowsError(try OutputFile.write([1], to: directory + "/a")) { error in
            XCTAssertTrue("\(error)".contains("too many levels of symbolic links"), "\(error)")
        }
    }

    func testRefusesDevicesFIFOsAndDirectories() {
        mkfifo(directory + "/pipe", 0o644)
        for (path, words) in [("/dev/null", "is a device"), (directory + "/pipe", "is a FIFO"), (directory, "is a directory")] {
            XCTAssertThrowsError(try OutputFile.write([1], to: path)) { error in
                XCTAssertTrue("\(error)".contains(words), "\(path): \(error)")
            }
        }
        var info = stat()
        stat("/dev/null", &info)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "/dev/null must still be a device")
        XCTAssertEqual(leftovers(), [])
    }

    func testFailuresSayWhyAndLeaveThePreviousFile() throws {
        XCTAssertThrowsError(try OutputFile.write([1], to: directory + "/missing/out.mid")) { error in
            XCTAssertTrue("\(error)".contains("does not exist"), "\(error)")
        }
        XCTAssertThrowsError(try OutputFile.write([1], to: "-")) { error in
            XCTAssertTrue("\(error)".contains("standard output"), "\(error)")
        }
        // /dev/full behind a symbolic link: refused as a device, nothing written.
        symlink("/dev/full", directory + "/full.wav")
        XCTAssertThrowsError(try OutputFile.write([1], to: directory + "/full.wav")) { error in
            XCTAssertTrue("\(error)".contains("is a device"), "\(error)")
        }
        if getuid() != 0 {
            let locked = directory + "/locked"
            mkdir(locked, 0o500)
            XCTAssertThrowsError(try OutputFile.write([1], to: locked + "/out.mid")) { error in
                XCTAssertTrue("\(error)".contains("permission denied"), "\(error)")
            }
        }
    }

    /// A file made block by block lands whole; when its producer fails half-way, the previous file stays and no
    /// temporary is left.
    func testStreamedWritesLandWholeOrNotAtAll() throws {
        let path = directory + "/long.wav"
        try OutputFile.write(to: path) { (sink: OutputFile.Sink) throws(FileError) in
            for block in 0..<100 { try sink.append([UInt8](repeating: UInt8(block), count: 1000)) }
        }
        XCTAssertEqual(contents(path)?.count, 100_000)
        XCTAssertEqual(contents(path)?.last, 99)
        XCTAssertThrowsError(try OutputFile.write(to: path) { (sink: OutputFile.Sink) throws(FileError) in
            try sink.append([1, 2, 3])
            throw FileError(path: path, "the render stopped")
        }) { XCTAssertEqual(($0 as? FileError)?.problem, "the render stopped") }
        XCTAssertEqual(contents(path)?.count, 100_000)
        XCTAssertEqual(leftovers(), [])
    }
}
