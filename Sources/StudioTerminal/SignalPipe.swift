import Foundation

/// Where the terminal guard's signal handler leaves a stop signal for the event loop (the self-pipe trick: the
/// handler only writes one byte; the loop polls the other end and shuts down as on Ctrl-C, saving the work).
final class SignalPipe {
    let readEnd: Int32
    let writeEnd: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        } else {
            fds = [-1, 0]  // no pipe: signals exit at once, as before
        }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    /// The signal number waiting in the pipe, if any.
    func received() -> Int32? {
        var byte: UInt8 = 0
        return read(readEnd, &byte, 1) == 1 ? Int32(byte) : nil
    }

    func close() {
        if readEnd >= 0 { Foundation.close(readEnd) }
        if writeEnd > 0 { Foundation.close(writeEnd) }
    }
}
