import Foundation
import CALSA
import CFluidSynth

/// FluidSynth and alsa-lib must never write to the terminal (it would tear a curses screen), so their
/// messages are routed here: alsa-lib's are dropped, FluidSynth's are kept in a short in-memory log that
/// error messages quote (e.g. why a SoundFont failed to load).
enum FluidLog {
    struct Entry: Sendable {
        let sequence: Int
        let level: Int32
        let message: String
    }

    private struct Ring {
        var entries: [Entry] = []
        var nextSequence = 0
    }

    private static let ring = Locked(Ring())
    private static let capacity = 64

    /// Installs the handlers once per process; cheap to call again.
    static func install() { _ = installed }

    private static let installed: Bool = {
        ens_alsa_silence_errors()
        let sink: @convention(c) (Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = { level, text, _ in
            guard let text else { return }
            FluidLog.record(level: level, message: String(cString: text))
        }
        for level in 0..<Int32(LAST_LOG_LEVEL.rawValue) {
            // Debug output is very chatty and never useful to a user; keep it out entirely.
            let fun = level == Int32(FLUID_DBG.rawValue) ? nil : sink
            _ = fluid_set_log_function(level, fun, nil)
        }
        return true
    }()

    static func record(level: Int32, message: String) {
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        ring.withLock { ring in
            ring.entries.append(Entry(sequence: ring.nextSequence, level: level, message: trimmed))
            ring.nextSequence += 1
            if ring.entries.count > capacity { ring.entries.removeFirst(ring.entries.count - capacity) }
        }
    }

    /// A mark to pass to `errors(since:)`, so one operation's messages can be told from earlier ones.
    static func mark() -> Int { ring.withLock { $0.nextSequence } }

    /// Error and panic messages logged since `mark` (best effort: the log keeps the last few dozen).
    static func errors(since mark: Int) -> [String] {
        ring.withLock { ring in
            ring.entries.filter { $0.sequence >= mark && $0.level <= Int32(FLUID_ERR.rawValue) }.map(\.message)
        }
    }
}
