/// Where training windows start in a piece.
public enum DatasetWindows {
    /// Bar lines every `hopBars` bars from the first, where a `windowSteps` window runs past the end of the piece
    /// by less than one (last) bar.
    public static func starts(of piece: StepPiece, windowSteps: Int, hopBars: Int) -> [Int] {
        guard let last = piece.barStarts.last else { return [] }
        let lastBar = max(1, piece.stepCount - last)
        return stride(from: 0, to: piece.barStarts.count, by: max(1, hopBars)).map { piece.barStarts[$0] }
            .filter { $0 + windowSteps - piece.stepCount < lastBar }
    }

    /// `starts` without the windows in which no accompaniment part sounds.
    public static func startsWithAccompaniment(of piece: StepPiece, windowSteps: Int, hopBars: Int) -> [Int] {
        let spans = soundingSpans(piece.parts.flatMap(\.notes))
        var k = 0
        return starts(of: piece, windowSteps: windowSteps, hopBars: hopBars).filter { start in
            // Windows ascend, so spans that end before this one starts never matter again.
            while k < spans.count && spans[k].upperBound <= start { k += 1 }
            return k < spans.count && spans[k].lowerBound < start + windowSteps
        }
    }

    /// The steps where any of `notes` sounds, as sorted, disjoint ranges.
    static func soundingSpans(_ notes: [StepNote]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        for note in notes.sorted(by: { $0.start < $1.start }) {
            if let last = spans.last, note.start <= last.upperBound {
                spans[spans.count - 1] = last.lowerBound..<max(last.upperBound, note.end)
            } else {
                spans.append(note.start..<note.end)
            }
        }
        return spans
    }
}
