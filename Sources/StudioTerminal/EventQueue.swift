import Foundation
import Studio

/// Events from the audio, MIDI, generation and file threads to the UI thread: a locked list plus a pipe whose
/// read end the UI loop polls, so a queued event wakes it at once.
public final class EventQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [StudioEvent] = []
    /// [read, write]; the read end is polled by the UI loop.
    private var pipeFDs: [Int32] = [-1, -1]

    public init() {
        var fds: [Int32] = [0, 0]
        if pipe(&fds) == 0 {
            for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
            pipeFDs = fds
        }
    }

    deinit { for fd in pipeFDs where fd >= 0 { close(fd) } }

    public var wakeDescriptor: Int32 { pipeFDs[0] }

    public func post(_ event: StudioEvent) {
        lock.lock()
        events.append(event)
        lock.unlock()
        var byte: UInt8 = 1
        _ = write(pipeFDs[1], &byte, 1)
    }

    /// Everything queued so far, oldest first.
    public func drain() -> [StudioEvent] {
        var scratch = [UInt8](repeating: 0, count: 256)
        while read(pipeFDs[0], &scratch, scratch.count) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let taken = events
        events.removeAll(keepingCapacity: true)
        return taken
    }
}

/// Milliseconds on the monotonic clock (the one time base of every event).
public func monotonicMilliseconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) * 1000 + Double(now.tv_nsec) / 1_000_000
}
