import Foundation
import NeuralEngine

/// Threads for the neural engine, chosen by how busy the machine is when a command starts.
///
/// Measured on the 2-core machine (docs/generators.md, "Speed"): with the cores already taken by other programs,
/// a second engine thread only waits for a core, and one thread generates as fast or faster (8 bars: 19–40 ms on
/// one thread, 21–101 ms on two, interleaved runs at load 9). So the engine takes the cores the 1-minute load
/// average leaves idle, at least one. `ENSEMBLE_THREADS` overrides it.
enum EngineThreads {
    /// Idle cores (rounded), between 1 and `cores`.
    static func choose(cores: Int, load: Double) -> Int {
        guard load.isFinite else { return cores }
        return max(1, min(cores, Int((Double(cores) - load).rounded())))
    }

    /// Sets `Engine.threads` from the load average unless `ENSEMBLE_THREADS` is set. Returns the load read, if any.
    @discardableResult
    static func adjustForLoad() -> Double? {
        guard ProcessInfo.processInfo.environment["ENSEMBLE_THREADS"] == nil else { return nil }
        var loads = [0.0]
        guard getloadavg(&loads, 1) == 1 else { return nil }
        Engine.threads = choose(cores: ProcessInfo.processInfo.activeProcessorCount, load: loads[0])
        return loads[0]
    }
}
