import MusicCore

/// How `DatasetBuilder` turns MIDI files into a `TrainingDataset`. Stored in the `.ensds` header so a dataset
/// says how it was made.
public struct DatasetBuildOptions: Hashable, Sendable, Codable {
    /// Window length in bars of 4/4 (16 steps each): 4 → 64 steps.
    public var windowBars: Int = 4
    /// Bars between window starts.
    public var hopBars: Int = 1
    /// Training moves each window by a random −transpose...+transpose semitones (at batch time).
    public var transpose: Int = 5
    /// An accompaniment part with fewer notes than this over the whole file is left out (a stray cymbal crash).
    public var minPartNotes: Int = 4
    /// A file whose melody has fewer notes than this is skipped.
    public var minMelodyNotes: Int = 8
    /// Meters a file may use; a file with meter changes is kept only if all its meters are allowed.
    public var meters: [Meter] = [Meter(4, 4), Meter(3, 4), Meter(6, 8), Meter(2, 4), Meter(12, 8)]
    /// Share of files held out for validation (by file; at least one when there are two or more files).
    public var validationShare: Double = 0.1
    /// Seed of the train/validation split.
    public var seed: UInt64 = 1
    /// A role is kept when at least this share of the usable files play it; a dropped role's notes fold into the
    /// nearest kept role (drums are never folded into a pitched role).
    public var roleShare: Double = 0.2
    /// Roles an accompaniment track may be sorted into (guitar folds into chords).
    public var candidateRoles: [TrackRole] = [.drums, .bass, .chords, .pad]

    public init() {}

    public var windowSteps: Int { windowBars * 4 * StepGrid.stepsPerBeat }

    /// Option ranges, shown in error messages.
    public static let windowBarsRange = 1...16
    public static let hopBarsRange = 1...64
    public static let transposeRange = 0...12
    public static let minNotesRange = 1...100_000
    public static let validationRange = 0.0...0.5
    public static let roleShareRange = 0.0...1.0

    /// The first option out of its range, as "--flag must be … (got …)", or nil when all are fine.
    public var problem: String? {
        if !Self.windowBarsRange.contains(windowBars) { return "--bars must be 1...16 (got \(windowBars))" }
        if !Self.hopBarsRange.contains(hopBars) { return "--hop must be 1...64 bars (got \(hopBars))" }
        if !Self.transposeRange.contains(transpose) { return "--transpose must be 0...12 semitones (got \(transpose))" }
        if !Self.minNotesRange.contains(minPartNotes) { return "--min-notes must be 1...100000 (got \(minPartNotes))" }
        if !Self.minNotesRange.contains(minMelodyNotes) {
            return "--min-melody-notes must be 1...100000 (got \(minMelodyNotes))"
        }
        if meters.isEmpty { return "--meters needs at least one meter, e.g. 4/4,3/4,6/8" }
        if !(Self.validationRange.contains(validationShare)) {
            return "--validation must be 0...0.5 (got \(validationShare))"
        }
        if !(Self.roleShareRange.contains(roleShare)) { return "--role-share must be 0...1 (got \(roleShare))" }
        if candidateRoles.isEmpty || candidateRoles.contains(.melody) {
            return "the candidate roles must be accompaniment roles"
        }
        return nil
    }

    /// The dataset settings these options give, for the roles the data kept.
    public func settings(roles: [TrackRole]) -> TrainingDataset.Settings {
        TrainingDataset.Settings(roles: roles, windowSteps: windowSteps, hopBars: hopBars, transposeLow: -transpose,
                                 transposeHigh: transpose)
    }
}
