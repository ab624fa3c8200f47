/// Where the generator's windows fall when it writes the accompaniment for a range of steps, and where each
/// window hands over to the next.
///
/// Windows start on bar lines and overlap: each next window starts at the last bar line at most half a window
/// after the previous start (so about half of every window is shared with a neighbour). Two neighbours hand over
/// at a **cut**: the bar line nearest the middle of their overlap. Every kept bar is then written by a window that
/// also saw at least a quarter window of the melody on either side of it (except at the ends of the piece), and
/// the hand-over happens where music changes anyway: on a bar line. Bar lines come from the piece's grid, so 3/4,
/// 6/8 and meter changes are handled alike; only a bar longer than half a window forces a start off a bar line.
public struct WindowSchedule: Hashable, Sendable {
    /// One forward pass: the generator sees `start ..< start + steps`; the notes of `kept` come from it.
    public struct Window: Hashable, Sendable {
        public var start: Int
        public var kept: Range<Int>
    }

    /// The steps written (bar-aligned by the caller).
    public var range: Range<Int>
    public var windowSteps: Int
    public var windows: [Window]

    /// Starts of the windows in order.
    public var starts: [Int] { windows.map(\.start) }
    /// The hand-over steps between consecutive windows.
    public var cuts: [Int] { windows.dropFirst().map(\.kept.lowerBound) }

    /// The schedule writing `range` of `piece` with windows of `windowSteps`. When the range starts inside the
    /// piece, the first window starts a quarter window earlier (on a bar line) so the model hears what leads in.
    public init(piece: StepPiece, range: Range<Int>, windowSteps: Int) {
        precondition(windowSteps > 0 && !range.isEmpty && range.lowerBound >= 0, "WindowSchedule: bad range \(range)")
        self.range = range
        self.windowSteps = windowSteps
        let bars = piece.barStarts(through: range.upperBound + 2 * windowSteps)
        var starts = [bars.last(where: { $0 <= max(0, range.lowerBound - windowSteps / 4) }) ?? 0]
        while starts[starts.count - 1] + windowSteps < range.upperBound {
            starts.append(Self.next(after: starts[starts.count - 1], bars: bars, windowSteps: windowSteps))
        }
        var cuts: [Int] = []
        for k in 1..<max(1, starts.count) {
            let cut = Self.cut(between: starts[k - 1], and: starts[k], bars: bars, windowSteps: windowSteps)
            cuts.append(min(max(cut, cuts.last.map { $0 + 1 } ?? range.lowerBound + 1), range.upperBound - 1))
        }
        let bounds = [range.lowerBound] + cuts + [range.upperBound]
        windows = starts.indices.map { Window(start: starts[$0], kept: bounds[$0] ..< bounds[$0 + 1]) }
            .filter { !$0.kept.isEmpty }
    }

    /// The next start: the last bar line within half a window, else the first bar line inside the window, else
    /// half a window on (a bar longer than the window).
    static func next(after start: Int, bars: [Int], windowSteps: Int) -> Int {
        let half = max(1, windowSteps / 2)
        if let bar = bars.last(where: { $0 > start && $0 <= start + half }) { return bar }
        if let bar = bars.first(where: { $0 > start && $0 < start + windowSteps }) { return bar }
        return start + half
    }

    /// The bar line nearest the middle of the overlap of windows starting at `a` and `b` (earlier on a tie),
    /// or the middle itself when no bar line falls inside the overlap.
    static func cut(between a: Int, and b: Int, bars: [Int], windowSteps: Int) -> Int {
        let end = a + windowSteps, middle = (b + end) / 2
        let inside = bars.filter { $0 > b && $0 < end }
        return inside.min { abs($0 - middle) < abs($1 - middle) } ?? middle
    }
}
