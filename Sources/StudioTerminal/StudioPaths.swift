import Foundation

/// Where the studio keeps its own files: `$XDG_STATE_HOME/ensemble` (default ~/.local/state/ensemble) for the
/// autosave and the log of anything libraries print (a crash's backtrace included).
public enum StudioPaths {
    public static func stateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let base = environment["XDG_STATE_HOME"], base.hasPrefix("/") { return base + "/ensemble" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/ensemble"
    }

    public static var autosave: String { stateDirectory() + "/autosave.json" }
    public static var log: String { stateDirectory() + "/studio.log" }

    /// Creates the state directory (and parents); false when it cannot.
    @discardableResult
    public static func ensureStateDirectory() -> Bool {
        (try? FileManager.default.createDirectory(atPath: stateDirectory(), withIntermediateDirectories: true)) != nil
    }
}
