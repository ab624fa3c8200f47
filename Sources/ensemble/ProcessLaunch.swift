import Foundation

/// Runs once at start, before anything else: re-executes the program with the environment it needs, because
/// the Swift runtime and libgomp read these only at start-up.
/// - SWIFT_BACKTRACE (studio only, unless the user set it): a crash writes its backtrace to
///   `$XDG_STATE_HOME/ensemble/crash.log` instead of holding the terminal with the interactive backtracer.
/// - OMP_WAIT_POLICY=passive, GOMP_SPINCOUNT=0 (unless set): the neural engine's OpenMP threads sleep instead of
///   spinning beside FluidSynth's audio thread on a small machine.
enum ProcessLaunch {
    static let marker = "ENSEMBLE_LAUNCHED"

    static func prepare() {
        let environment = ProcessInfo.processInfo.environment
        guard environment[marker] == nil else { return }
        var changes: [String: String] = [:]
        if environment["OMP_WAIT_POLICY"] == nil { changes["OMP_WAIT_POLICY"] = "passive" }
        if environment["GOMP_SPINCOUNT"] == nil { changes["GOMP_SPINCOUNT"] = "0" }
        if opensStudio(Array(CommandLine.arguments.dropFirst())), environment["SWIFT_BACKTRACE"] == nil {
            let directory = stateDirectory(environment)
            let usable = (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil
            changes["SWIFT_BACKTRACE"] = usable
                ? "enable=yes,interactive=no,color=no,output-to=\(directory)/crash.log" : "enable=no"
        }
        guard !changes.isEmpty else { return }
        setenv(marker, "1", 1)
        for (key, value) in changes { setenv(key, value, 1) }
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // exec failed (no /proc): carry on in this process; only the backtracer setting is lost.
    }

    /// `ensemble` alone or `ensemble studio ...`.
    static func opensStudio(_ arguments: [String]) -> Bool {
        arguments.isEmpty || arguments.first == "studio"
    }

    /// Same rule as the studio's own state directory (StudioPaths), kept here so launch needs no other module.
    static func stateDirectory(_ environment: [String: String]) -> String {
        if let base = environment["XDG_STATE_HOME"], base.hasPrefix("/") { return base + "/ensemble" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state/ensemble"
    }
}
