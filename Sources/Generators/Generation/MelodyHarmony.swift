import MusicCore

/// The chord a window's melody outlines in each bar: what a bass player listens for to choose a root or a chord
/// tone. Template matching (`ChordRecognizer`) on the bar's duration-weighted chroma of the melody. The same
/// estimate serves training (the `melodyChord` condition plane), calibration (on the data's melodies) and
/// generation (on the user's).
public enum MelodyHarmony {
    /// Per bar of the window of `piece` at `start` (`bars`: its bar starts relative to `start`, as
    /// `NoteThresholds.bars` gives them), with the melody moved by `transpose` semitones: the chord, nil where the
    /// melody is silent.
    public static func barChords(of piece: StepPiece, window start: Int, steps: Int, bars: [Int],
                                 transpose: Int = 0) -> [Chord?] {
        NoteThresholds.barRanges(bars, steps: steps).map { bar in
            let lower = bar.lowerBound + start, upper = bar.upperBound + start
            var chroma = [Double](repeating: 0, count: 12)
            for note in piece.melody where note.end > lower && note.start < upper {
                chroma[((Int(note.pitch) + transpose) % 12 + 12) % 12] += Double(min(note.end, upper) - max(note.start, lower))
            }
            return ChordRecognizer.recognize(chroma: chroma)?.chord
        }
    }

    /// `barChords` as pitch classes (12 flags from C).
    public static func chords(of piece: StepPiece, window start: Int, steps: Int, bars: [Int]) -> [[Bool]?] {
        barChords(of: piece, window: start, steps: steps, bars: bars).map { chord in
            chord.map { chord in (0..<12).map { chord.pitchClasses.contains($0) } }
        }
    }
}
