/// Every reader of bytes from outside the program, as a function that takes any bytes: libFuzzer drives these
/// (`make fuzz`, docs/fuzzing.md) and the unit tests replay the committed corpora and past crashers through them.
///
/// A reader must refuse bad input with an error. A crash, a hang or a sanitizer report is a bug. After a
/// successful read each target uses the result the way the program would (draws it in the studio, renders its
/// training windows, reads a generated window with its thresholds), so a value that parses but breaks a later
/// step is found too.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case midi, melody, soundfont, safetensors, weights, dataset, manifest, checkpoint, project, keys

    /// What the target reads, for `EnsembleFuzz --list` and the docs.
    public var about: String {
        switch self {
        case .midi: "Standard MIDI files (info, render, studio and dataset imports)"
        case .melody: "the melody notation of the sample melodies"
        case .soundfont: "SoundFont 2 files (`soundfont info`)"
        case .safetensors: "safetensors files (weights, checkpoints)"
        case .weights: "a model's weights loaded into its network (state dicts)"
        case .dataset: "dataset files (.ensds), checksum repaired so the body is reached"
        case .manifest: "model manifests (manifest.json) and their calibrated reading"
        case .checkpoint: "training checkpoints"
        case .project: "studio project files and autosaves"
        case .keys: "terminal input bytes decoded into keys and played into the studio"
        }
    }

    /// Reads `bytes` as this target's format and uses the result; returns whether the reader took the input
    /// (false: refused with an error, as it should be for damage). Returns normally unless a bug is found.
    @discardableResult
    public func run(_ bytes: [UInt8]) -> Bool {
        switch self {
        case .midi: MusicInputs.midi(bytes)
        case .melody: MusicInputs.melody(bytes)
        case .soundfont: SoundFontInput.soundFont(bytes)
        case .safetensors: ModelInputs.safeTensors(bytes)
        case .weights: ModelInputs.weights(bytes)
        case .dataset: ModelInputs.dataset(bytes)
        case .manifest: ModelInputs.manifest(bytes)
        case .checkpoint: ModelInputs.checkpoint(bytes)
        case .project: StudioInputs.project(bytes)
        case .keys: StudioInputs.keys(bytes)
        }
    }
}
