import CNCurses
import Foundation

/// Runs once at start, before anything else: re-executes the program with the environment it needs, because
/// the Swift runtime and libgomp read these only at start-up.
/// - SWIFT_BACKTRACE (unless the user set it): a crash prints its backtrace on stderr (the studio's stderr is its
///   log file) instead of holding the terminal with the interactive backtracer ("Press space to interact…"), and
///   `installCrashNotice` says first, in one line, that it is a bug and where the report is. (The runtime's
///   `output-to=FILE` left empty files with Swift 6.3 on Linux, so the report is not sent there.)
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
        if environment["SWIFT_BACKTRACE"] == nil { changes["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no" }
        guard !changes.isEmpty else { return }
        setenv(marker, "1", 1)
        for (key, value) in changes { setenv(key, value, 1) }
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // exec failed (no /proc): carry on in this process; only the backtracer setting is lost.
    }

    /// On a crash (a bug, never bad input), one line on stderr before the backtracer writes its report there.
    /// Installed after the runtime's own handlers, so it runs first and hands on to them; the studio points it
    /// at its log while it runs.
    static func installCrashNotice() {
        ens_crash_notice_install("\nensemble: crashed: this is a bug; the report follows (please attach it to a bug report)\n",
                                 STDERR_FILENO)
    }
}
