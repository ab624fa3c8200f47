import MusicCore

/// MuseGAN's drum-pattern grid (DP): which drum onsets count as "in an 8- or 16-beat pattern".
///
/// The paper's code weighs each onset by a mask over the bar: 1 on the pattern grid, a tolerance on the steps right
/// beside it, 0 elsewhere. The grid is the sixteenth note when a sixteenth spans at least two steps (12 or 24 steps
/// per quarter, as in the paper), and the eighth note on coarser grids — MuseGAN's mask for 16 steps per bar puts
/// 1 on eighths and the tolerance on the sixteenths between (on a sixteenth-note grid every onset is on a sixteenth,
/// so a 16-beat test could not fail). Where even an eighth is one step, the quarter note is the grid.
public struct DrumPatternGrid: Hashable, Sendable {
    /// Steps between pattern positions.
    public let gridSteps: Int
    /// Weight of an onset one step off the grid.
    public let tolerance: Double

    public init(layout: PianoRollLayout, tolerance: Double = 0.1) {
        let perQuarter = layout.stepsPerBeat
        if perQuarter % 4 == 0 && perQuarter / 4 >= 2 {
            gridSteps = perQuarter / 4
        } else if perQuarter % 2 == 0 && perQuarter / 2 >= 2 {
            gridSteps = perQuarter / 2
        } else {
            gridSteps = perQuarter
        }
        self.tolerance = tolerance
    }

    /// The weight of an onset at `stepInBar` (counted from the bar line, so 3/4 and 6/8 bars align too).
    public func weight(stepInBar: Int) -> Double {
        let offset = stepInBar % gridSteps
        if offset == 0 { return 1 }
        return offset == 1 || offset == gridSteps - 1 ? tolerance : 0
    }
}
