import Foundation
import CALSA
import CFluidSynth

/// FluidSynth and the libraries under it must never write to the terminal (it would tear a curses screen),
/// so their messages are routed here: alsa-lib's are dropped; FluidSynth's, and GLib's (libinstpatch, which
/// FluidSynth asks to read files that are not SF2, reports through GLib), are kept in a short in-memory log
/// that error messages can quote.
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
        silenceGLib()
        return true
    }()

    private typealias GLogFunction = @convention(c) (UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void
    private typealias GLogSetDefaultHandler = @convention(c) (GLogFunction?, UnsafeMutableRawPointer?) -> GLogFunction?

    /// GLib is loaded with libfluidsynth but is not linked by us, so its handler setter is looked up at run
    /// time; where there is no GLib there is nothing to silence.
    private static func silenceGLib() {
        guard let symbol = dlsym(nil, "g_log_set_default_handler") else { return }
        let setDefaultHandler = unsafeBitCast(symbol, to: GLogSetDefaultHandler.self)
        let handler: GLogFunction = { _, _, message, _ in
            guard let message else { return }
            FluidLog.record(level: Int32(FLUID_WARN.rawValue), message: String(cString: message))
        }
        _ = setDefaultHandler(handler, nil)
    }

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
