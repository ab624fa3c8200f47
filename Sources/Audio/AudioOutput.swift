import CFluidSynth
import Foundation

/// Sends a synth's sound to the speakers in real time, or — when there is no audio device (CI, containers,
/// ssh) — to a silent real-time clock, so playback, the playhead and recording work the same everywhere.
///
/// Drivers are tried in order (PulseAudio, which PipeWire also serves, then ALSA, JACK and OSS). When every
/// one fails, FluidSynth's file driver writes raw samples to /dev/null at the real-time rate. The outcome is
/// returned as `status`, one line for the caller to show once; nothing is printed here.
/// `ENSEMBLE_AUDIO_DRIVER` picks a driver (`alsa`, `pulseaudio`, ...) or `silent` to skip the devices.
public final class AudioOutput: @unchecked Sendable {
    public enum Status: Sendable, Equatable {
        case device(driver: String)
        /// No device could be opened; `tried` lists the drivers that failed.
        case silent(tried: [String])
    }

    public static let defaultDrivers = ["pulseaudio", "alsa", "jack", "oss"]
    /// Environment variable that overrides the driver list.
    public static let driverVariable = "ENSEMBLE_AUDIO_DRIVER"

    public let engine: SynthEngine
    public let status: Status
    /// Buffering between the synth and the listener, in milliseconds (0 on the silent clock).
    public let latencyMs: Double
    private let driver: Locked<OpaquePointer?>

    /// One line describing where the sound goes, for the user.
    public var statusLine: String {
        switch status {
        case .device(let name):
            return "audio: \(name) (\(Int(latencyMs.rounded())) ms buffer)"
        case .silent(let tried):
            let list = tried.isEmpty ? "none tried" : "tried \(tried.joined(separator: ", "))"
            return "no audio device (\(list)): playing on a silent real-time clock"
        }
    }

    /// Starts output for `engine`. `drivers` nil means `ENSEMBLE_AUDIO_DRIVER`, else `defaultDrivers`.
    /// Throws only if even the silent clock cannot start.
    public init(engine: SynthEngine, drivers: [String]? = nil) throws(AudioError) {
        self.engine = engine
        let candidates = drivers ?? AudioOutput.driversFromEnvironment()
        let settings = engine.settings
        let rate = engine.configuration.sampleRate
        // About 5.8 ms per period at 44.1 kHz; three periods of buffering.
        let devicePeriod = Int32(max(64, (rate * 0.0058).rounded()))
        let devicePeriods: Int32 = 3
        var tried: [String] = []
        for name in candidates {
            fluid_settings_setstr(settings, "audio.driver", name)
            fluid_settings_setint(settings, "audio.period-size", devicePeriod)
            fluid_settings_setint(settings, "audio.periods", devicePeriods)
            if name == "jack" { setenv("JACK_NO_START_SERVER", "1", 0) }
            if let opened = new_fluid_audio_driver(settings, engine.synth) {
                driver = Locked(opened)
                status = .device(driver: name)
                latencyMs = Double(devicePeriod) * Double(devicePeriods) / rate * 1000
                engine.outputLatencyMs.withLock { $0 = latencyMs }
                engine.drive.withLock { $0 = .realTime }
                return
            }
            tried.append(name)
        }
        guard let silent = AudioOutput.openSilentClock(engine) else {
            throw .synthFailure("could not start even the silent audio clock")
        }
        driver = Locked(silent)
        status = .silent(tried: tried)
        latencyMs = 0
        engine.outputLatencyMs.withLock { $0 = 0 }
        engine.drive.withLock { $0 = .realTime }
    }

    deinit { close() }

    /// FluidSynth's file driver writing raw samples to /dev/null, one period per timer tick.
    private static func openSilentClock(_ engine: SynthEngine) -> OpaquePointer? {
        let settings = engine.settings
        fluid_settings_setstr(settings, "audio.driver", "file")
        fluid_settings_setstr(settings, "audio.file.name", "/dev/null")
        fluid_settings_setstr(settings, "audio.file.type", "raw")
        fluid_settings_setint(settings, "audio.period-size", silentPeriodSize(sampleRate: engine.configuration.sampleRate))
        return new_fluid_audio_driver(settings, engine.synth)
    }

    /// Whether the output is the silent clock.
    public var isSilent: Bool { if case .silent = status { true } else { false } }

    /// The silent clock renders silence about 190 times a second (~3 % of a core) only to keep time; while
    /// nothing plays, the caller can rest it. Nothing sounds anyway, and the synth's clock simply pauses.
    /// Does nothing on a real device.
    public func restSilentClock() {
        guard isSilent else { return }
        close()
    }

    /// Starts the silent clock again after `restSilentClock` (before playing). True when it runs.
    @discardableResult
    public func wakeSilentClock() -> Bool {
        guard isSilent else { return true }
        return driver.withLock { current in
            if current == nil, let opened = AudioOutput.openSilentClock(engine) {
                current = opened
                engine.drive.withLock { $0 = .realTime }
            }
            return current != nil
        }
    }

    /// Stops the sound. The engine keeps its state and can be driven again by a new output.
    public func close() {
        let closing = driver.withLock { current -> OpaquePointer? in
            defer { current = nil }
            return current
        }
        guard let closing else { return }
        delete_fluid_audio_driver(closing)
        engine.drive.withLock { $0 = .idle }
    }

    static func driversFromEnvironment() -> [String] {
        guard let value = ProcessInfo.processInfo.environment[driverVariable]?
            .trimmingCharacters(in: .whitespaces).lowercased(), !value.isEmpty else { return defaultDrivers }
        if ["silent", "none", "null", "file"].contains(value) { return [] }
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// FluidSynth's file driver renders one period per timer tick and rounds the tick to whole milliseconds;
    /// a period of ~5.25 ms keeps each tick's audio longer than the tick, so the clock never falls behind
    /// real time (a 256-sample period at 44.1 kHz would round to 6 ms and run 3 % slow).
    static func silentPeriodSize(sampleRate: Double) -> Int32 {
        Int32((sampleRate * 0.00525).rounded())
    }
}
