/// A multi-track piano roll: a dense grid of note activity in time steps × pitches × tracks.
///
/// ## Memory layout
/// `values` is one contiguous `[Float]` of shape `[bars, stepsPerBar, pitchCount, tracks]` in row-major (C) order,
/// so the neural engine can wrap it as an NHWC-style tensor without copying. The flat index of a cell is
///
///     ((bar * stepsPerBar + step) * pitchCount + pitchRow) * tracks + track
///
/// which equals `(absoluteStep * pitchCount + pitchRow) * tracks + track` with `absoluteStep = bar * stepsPerBar + step`.
/// Pitch row 0 is `layout.lowestPitch`; track `t` has role `layout.roles[t]`.
///
/// ## Values
/// A cell is "on" when its value is above the range's threshold: 0.5 for `.unipolar` rolls (off 0, on 1) and 0 for
/// `.bipolar` rolls (off −1, on 1, as a tanh generator produces). Real values in between are allowed (a generator's
/// raw output); `binarized` and `song(...)` threshold them.
///
/// ## Repeated notes
/// A roll alone cannot tell one long note from two touching notes of the same pitch. `reattacks` holds, sorted, the
/// flat indices of cells where a new note begins even though the same pitch sounds at the step before. Roll → Song
/// splits notes there, so touching repeated notes survive a round trip. Generators that predict onsets can pass a
/// dense onset mask (`init(layout:bars:values:onsets:)`); `onsetMask()` gives the dense form back.
public struct PianoRoll: Hashable, Sendable {
    /// How values encode on and off.
    public enum ValueRange: String, Hashable, Sendable, Codable {
        /// off 0, on 1 (threshold 0.5).
        case unipolar
        /// off −1, on 1 (threshold 0), the DeepComposer lab's and a tanh output's convention.
        case bipolar

        public var off: Float { self == .unipolar ? 0 : -1 }
        public var on: Float { 1 }
        /// The midpoint between off and on.
        public var threshold: Float { self == .unipolar ? 0.5 : 0 }
    }

    public internal(set) var layout: PianoRollLayout
    public internal(set) var bars: Int
    /// The grid, flat, in the order documented on the type. Its count never changes after creation.
    public internal(set) var values: [Float]
    public internal(set) var range: ValueRange
    /// Sorted flat indices of cells where a note is re-struck (see the type's documentation). Song → roll records
    /// only those whose previous step sounds; a dense onset mask may add others, which change nothing.
    public internal(set) var reattacks: [Int]
    /// Tempo to use when the roll becomes a song again.
    public var bpm: Double

    /// The largest roll built: 2^26 cells (256 MiB of floats; about 10,000 bars of the default layout), so a
    /// corrupt or absurd tick cannot demand an allocation the machine cannot back.
    public static let maximumCells = 1 << 26

    /// An empty (all off) roll.
    public init(layout: PianoRollLayout, bars: Int, range: ValueRange = .unipolar, bpm: Double = 120) throws(PianoRollError) {
        try layout.validate()
        guard bars >= 0 else { throw .mismatch("negative bar count \(bars)") }
        guard bars <= Self.maximumCells / layout.cellsPerBar else {
            throw .mismatch("\(bars) bars of \(layout.cellsPerBar) cells exceed the \(Self.maximumCells)-cell limit")
        }
        self.layout = layout
        self.bars = bars
        self.values = [Float](repeating: range.off, count: bars * layout.cellsPerBar)
        self.range = range
        self.reattacks = []
        self.bpm = bpm
    }

    /// Wraps existing values (e.g. a generator's output). `onsets`, if given, has the same shape: a cell above the
    /// range's threshold marks where a note begins, which keeps repeated notes of one pitch apart.
    public init(layout: PianoRollLayout, bars: Int, values: [Float], range: ValueRange = .unipolar,
                onsets: [Float]? = nil, bpm: Double = 120) throws(PianoRollError) {
        try layout.validate()
        guard bars >= 0, bars <= Self.maximumCells / layout.cellsPerBar, values.count == bars * layout.cellsPerBar else {
            throw .mismatch("\(values.count) values do not fill \(bars) bars of \(layout.cellsPerBar) cells")
        }
        self.layout = layout
        self.bars = bars
        self.values = values
        self.range = range
        self.bpm = bpm
        self.reattacks = []
        if let onsets {
            let expected = values.count
            guard onsets.count == expected else { throw .mismatch("onset mask has \(onsets.count) cells, roll has \(expected)") }
            let cut = range.threshold
            // Onsets after the first step are the only ones merging cannot infer.
            for i in layout.cellsPerStep..<max(expected, layout.cellsPerStep) where onsets[i] > cut { reattacks.append(i) }
        }
    }

    /// Internal memberwise init for derived rolls (already validated).
    init(validated layout: PianoRollLayout, bars: Int, values: [Float], range: ValueRange, reattacks: [Int], bpm: Double) {
        self.layout = layout
        self.bars = bars
        self.values = values
        self.range = range
        self.reattacks = reattacks
        self.bpm = bpm
    }

    // MARK: Shape and indexing

    /// [bars, stepsPerBar, pitchCount, tracks].
    public var shape: [Int] { layout.shape(bars: bars) }
    /// Time steps in the whole roll.
    public var stepCount: Int { bars * layout.stepsPerBar }
    public var trackCount: Int { layout.roles.count }

    /// Flat index of (absolute step, pitch row, track).
    @inlinable public func index(step: Int, row: Int, track: Int) -> Int {
        (step * layout.pitchCount + row) * layout.roles.count + track
    }

    /// The value at an absolute step, pitch row and track.
    public subscript(step: Int, row: Int, track: Int) -> Float {
        get { values[index(step: step, row: row, track: track)] }
        set { values[index(step: step, row: row, track: track)] = newValue }
    }

    /// The value at a bar, step within the bar, MIDI pitch and track (pitch must lie in the layout's range).
    public subscript(bar bar: Int, step step: Int, pitch pitch: Int, track track: Int) -> Float {
        get { self[bar * layout.stepsPerBar + step, pitch - layout.lowestPitch, track] }
        set { self[bar * layout.stepsPerBar + step, pitch - layout.lowestPitch, track] = newValue }
    }

    /// Direct mutable access to the flat values (count fixed), e.g. for a generator writing its output in place.
    public mutating func withMutableValues<R>(_ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try values.withUnsafeMutableBufferPointer { try body(&$0) }
    }

    /// Marks (or unmarks) a re-strike at a cell: a new note starts there even if the step before sounds.
    public mutating func setReattack(step: Int, row: Int, track: Int, _ on: Bool = true) {
        let i = index(step: step, row: row, track: track)
        let at = Self.lowerBound(reattacks, i)
        let present = at < reattacks.count && reattacks[at] == i
        if on && !present { reattacks.insert(i, at: at) }
        if !on && present { reattacks.remove(at: at) }
    }

    /// True when a re-strike is marked at flat index `i`.
    public func isReattack(_ i: Int) -> Bool {
        let at = Self.lowerBound(reattacks, i)
        return at < reattacks.count && reattacks[at] == i
    }

    // MARK: Values

    /// Number of cells that are on (value above `threshold`, default the range's midpoint).
    public func activeCount(threshold: Float? = nil) -> Int {
        let cut = threshold ?? range.threshold
        return values.reduce(0) { $0 + ($1 > cut ? 1 : 0) }
    }

    /// Every cell set to exactly on or off: on where the value is above `threshold` (default the range's midpoint).
    public func binarized(threshold: Float? = nil) -> PianoRoll {
        let cut = threshold ?? range.threshold
        let on = range.on, off = range.off
        var copy = self
        copy.values = values.map { $0 > cut ? on : off }
        return copy
    }

    /// The roll in another value convention: unipolar v ↦ 2v − 1, bipolar v ↦ (v + 1) / 2 (linear, so real values map too).
    public func mapped(to target: ValueRange) -> PianoRoll {
        guard target != range else { return self }
        var copy = self
        copy.range = target
        copy.values = target == .bipolar ? values.map { $0 * 2 - 1 } : values.map { ($0 + 1) * 0.5 }
        return copy
    }

    /// Dense onset mask (same shape, in the roll's range): on where a note begins, i.e. a cell that is on while the
    /// step before is off, or a marked re-strike.
    public func onsetMask(threshold: Float? = nil) -> [Float] {
        let cut = threshold ?? range.threshold
        let per = layout.cellsPerStep
        var mask = [Float](repeating: range.off, count: values.count)
        var next = 0  // cursor into the sorted reattacks
        for i in 0..<values.count where values[i] > cut {
            while next < reattacks.count && reattacks[next] < i { next += 1 }
            let struck = next < reattacks.count && reattacks[next] == i
            if i < per || values[i - per] <= cut || struck { mask[i] = range.on }
        }
        return mask
    }
}

extension PianoRoll {
    /// First position in ascending `sorted` whose element is not less than `value`.
    static func lowerBound(_ sorted: [Int], _ value: Int) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) >> 1
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
