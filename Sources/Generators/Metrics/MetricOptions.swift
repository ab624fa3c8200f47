import MusicCore

/// Choices that change what the metrics measure. The defaults are documented in docs/metrics.md.
public struct MetricOptions: Hashable, Sendable, Codable {
    /// A cell sounds when its value is above this; nil = each roll's own midpoint (0.5 for unipolar rolls, 0 for
    /// bipolar / tanh output). Metrics never look at raw values otherwise.
    public var threshold: Float?
    /// Shortest "qualified" note in steps for QN; nil = an eighth note at the roll's resolution (2 steps at 4 steps
    /// per quarter), the fragment test that means something on a sixteenth-note grid. The paper's own step count
    /// (3) is always reported beside it as `qualifiedNotesPaper`.
    public var qualifiedNoteSteps: Int?
    /// Credit for a drum onset one step off the pattern grid in DP (MuseGAN v2 and later use 0.1; v1 used 0.3).
    public var drumPatternTolerance: Double

    public init(threshold: Float? = nil, qualifiedNoteSteps: Int? = nil, drumPatternTolerance: Double = 0.1) {
        self.threshold = threshold
        self.qualifiedNoteSteps = qualifiedNoteSteps
        self.drumPatternTolerance = drumPatternTolerance
    }

    /// MuseGAN's "qualified note": no shorter than three time steps (a 32nd note on the paper's 24 steps per beat;
    /// a dotted eighth on a 4-steps-per-beat grid).
    public static let paperQualifiedNoteSteps = 3

    /// The QN minimum in steps for a layout: `qualifiedNoteSteps`, or an eighth note (at least one step).
    public func qualifiedSteps(for layout: PianoRollLayout) -> Int {
        max(qualifiedNoteSteps ?? layout.stepsPerBeat / 2, 1)
    }
}
