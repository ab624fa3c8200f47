/// Why sound could not be made. Every case reads as one line for the user; the CLI prefixes the file name
/// where there is one.
public enum AudioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No SoundFont could be found anywhere on the look-up path.
    case noSoundFont(searched: [String])
    /// A SoundFont path given by the user (flag, environment, config) does not exist or cannot be read.
    case soundFontMissing(path: String, source: String)
    /// The file cannot be used as a SoundFont; `reason` reads on its own ("not a SoundFont (...)").
    case soundFontInvalid(path: String, reason: String)
    /// A setting is out of range (sample rate, tempo, ...).
    case invalidOption(String)
    /// FluidSynth could not create something it needs (out of memory, bad settings).
    case synthFailure(String)
    /// Rendering to a file failed (temporary file not writable, disk full).
    case renderFailure(String)

    /// The file the error is about, when there is one.
    public var subject: String? {
        switch self {
        case .soundFontMissing(let path, _), .soundFontInvalid(let path, _): return path
        default: return nil
        }
    }

    /// The problem, without the subject.
    public var problem: String {
        switch self {
        case .noSoundFont(let searched):
            return "no SoundFont found (looked in \(searched.joined(separator: ", "))); "
                + "pass --soundfont FILE, set ENSEMBLE_SOUNDFONT, or install fluid-soundfont-gm"
        case .soundFontMissing(_, let source):
            return "no such SoundFont file (from \(source))"
        case .soundFontInvalid(_, let reason):
            return reason
        case .invalidOption(let message):
            return message
        case .synthFailure(let message):
            return "FluidSynth: \(message)"
        case .renderFailure(let message):
            return "render failed: \(message)"
        }
    }

    public var description: String { subject.map { "\($0): \(problem)" } ?? problem }
}
