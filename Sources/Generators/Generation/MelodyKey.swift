import MusicCore

/// The key a window's accompaniment should lean to: Krumhansl–Schmuckler (`KeyFinder`) on the melody around it.
///
/// A player hears the tune's key from more than the four bars they accompany, so the melody is read one window's
/// length on either side as well (a phrase that starts on the dominant still reads in the home key). The same
/// estimate serves calibration (on the data's melodies) and generation (on the user's).
public enum MelodyKey {
    /// The scale (12 flags from C) of the key of `piece`'s melody over `steps` widened by its length on both
    /// sides; nil when the melody sounds nothing there.
    public static func scale(of piece: StepPiece, around steps: Range<Int>) -> [Bool]? {
        let context = steps.count
        let lower = steps.lowerBound - context, upper = steps.upperBound + context
        var weights = [Double](repeating: 0, count: 12)
        for note in piece.melody where note.end > lower && note.start < upper {
            weights[Int(note.pitch) % 12] += Double(min(note.end, upper) - max(note.start, lower))
        }
        return KeyFinder.estimate(pitchClassWeights: weights)?.key.scaleMask
    }
}
