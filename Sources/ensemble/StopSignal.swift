import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (SIGINT), SIGTERM, SIGHUP (the terminal closed) and Ctrl-\ (SIGQUIT) for a long-running command, through
/// dispatch signal sources — not in a signal handler — so stopping is an ordinary code path: the work loop polls
/// `received` (or waits on `wake`) and finishes cleanly, exiting 128 + the signal. SIGQUIT is caught too, so it
/// stops the command instead of starting Swift's crash backtracer. A second signal while stopping runs
/// `onSecondSignal` (restore the terminal) and exits at once with 128 + signal.
///
/// Unchecked Sendable: the signal sources are only touched by the thread that created the object (init and
/// `uninstall`); the handlers share nothing but the atomic.
final class StopSignal: @unchecked Sendable {
    private let signalNumber = Atomic<Int32>(0)
    private var sources: [DispatchSourceSignal] = []
    private let onSecondSignal: @Sendable () -> Void

    init(onSecondSignal: @escaping @Sendable () -> Void = {}) {
        self.onSecondSignal = onSecondSignal
        var made: [DispatchSourceSignal] = []
        for number in Self.signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in handle(number) }
            source.resume()
            made.append(source)
        }
        sources = made
    }

    /// The signals that stop a command.
    static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Signalled once when the first stop signal arrives, for loops that sleep between polls.
    let wake = DispatchSemaphore(value: 0)

    private func handle(_ number: Int32) {
        let (exchanged, _) = signalNumber.compareExchange(expected: 0, desired: number, ordering: .sequentiallyConsistent)
        if !exchanged {
            onSecondSignal()
            _exit(128 + number)
        }
        wake.signal()
    }

    /// The signal received, or nil while none was.
    var received: Int32? {
        let n = signalNumber.load(ordering: .sequentiallyConsistent)
        return n == 0 ? nil : n
    }

    /// The conventional exit status after stopping on `received`: 128 + n (130 for SIGINT, 143 for SIGTERM, 129
    /// for SIGHUP, 131 for SIGQUIT).
    var exitStatus: Int32? { received.map { 128 + $0 } }

    /// Puts the default signal actions back.
    func uninstall() {
        for source in sources { source.cancel() }
        sources = []
        for number in Self.signals { signal(number, SIG_DFL) }
    }
}
