import NeuralEngine

/// Renders training batches from a dataset's training windows with `WindowEncoding`: every epoch visits each
/// window once in an order shuffled from the seed, and each draw moves the window by a random transposition in
/// the dataset's range. Order and transpositions are functions of (seed, epoch, position), so the `cursor` alone
/// resumes the stream exactly.
public struct WindowBatcher: Sendable {
    /// Where the next window comes from: the epoch and the position in that epoch's order.
    public struct Cursor: Hashable, Sendable, Codable {
        public var epoch: Int
        public var index: Int
        public init(epoch: Int = 0, index: Int = 0) {
            self.epoch = epoch
            self.index = index
        }
    }

    /// One window of a batch: which one, and how far it was transposed.
    public struct Draw: Hashable, Sendable {
        public var window: WindowRef
        public var transpose: Int
    }

    public let pieces: [StepPiece]
    public let windows: [WindowRef]
    public let spec: WindowSpec
    public let batchSize: Int
    public let transposition: ClosedRange<Int>
    public let seed: UInt64
    public private(set) var cursor: Cursor
    /// The current epoch's order (indices into `windows`).
    private var order: [Int]

    /// Batches of the training windows of `dataset` at `spec`. `windows` must not be empty.
    public init(dataset: TrainingDataset, spec: WindowSpec, batchSize: Int, seed: UInt64, cursor: Cursor = Cursor()) {
        self.init(pieces: dataset.pieces, windows: dataset.trainWindows, spec: spec, batchSize: batchSize,
                  transposition: dataset.settings.transposition, seed: seed, cursor: cursor)
    }

    public init(pieces: [StepPiece], windows: [WindowRef], spec: WindowSpec, batchSize: Int,
                transposition: ClosedRange<Int>, seed: UInt64, cursor: Cursor = Cursor()) {
        precondition(!windows.isEmpty && batchSize > 0, "WindowBatcher: needs windows and a positive batch size")
        precondition(windows.allSatisfy { pieces.indices.contains($0.piece) }, "WindowBatcher: window outside the pieces")
        precondition(cursor.epoch >= 0 && (0..<windows.count).contains(cursor.index), "WindowBatcher: bad cursor")
        self.pieces = pieces
        self.windows = windows
        self.spec = spec
        self.batchSize = batchSize
        self.transposition = transposition
        self.seed = seed
        self.cursor = cursor
        order = Self.order(count: windows.count, seed: seed, epoch: cursor.epoch)
    }

    /// The order of epoch `epoch`: a Fisher–Yates shuffle driven by SplitMix64 from (seed, epoch).
    static func order(count: Int, seed: UInt64, epoch: Int) -> [Int] {
        var state = TrainingSeeds.mix(TrainingSeeds.seed(seed, .dataOrder) ^ UInt64(epoch))
        var out = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) {
            state = TrainingSeeds.mix(state)
            out.swapAt(i, Int(state % UInt64(i + 1)))
        }
        return out
    }

    /// The transposition of the draw at (epoch, index).
    func transpose(epoch: Int, index: Int) -> Int {
        let span = UInt64(transposition.count)
        let h = TrainingSeeds.mix(TrainingSeeds.seed(seed, .transposition) ^ TrainingSeeds.mix(UInt64(epoch)) ^ UInt64(index))
        return transposition.lowerBound + Int(h % span)
    }

    /// The next `batchSize` windows (continuing into the next epoch when this one runs out).
    public mutating func nextDraws() -> [Draw] {
        (0..<batchSize).map { _ in
            let draw = Draw(window: windows[order[cursor.index]], transpose: transpose(epoch: cursor.epoch, index: cursor.index))
            cursor.index += 1
            if cursor.index == windows.count {
                cursor = Cursor(epoch: cursor.epoch + 1, index: 0)
                order = Self.order(count: windows.count, seed: seed, epoch: cursor.epoch)
            }
            return draw
        }
    }

    /// Condition and tracks of `draws` as flat arrays, `[N] + spec.conditionShape` and `[N] + spec.tracksShape`.
    public func render(_ draws: [Draw]) -> (condition: [Float], tracks: [Float]) {
        var condition = [Float](repeating: -1, count: draws.count * spec.conditionCount)
        var tracks = [Float](repeating: -1, count: draws.count * spec.tracksCount)
        for (i, draw) in draws.enumerated() {
            let piece = pieces[draw.window.piece]
            WindowEncoding.writeCondition(piece, start: draw.window.start, transpose: draw.transpose, spec: spec,
                                          into: &condition, base: i * spec.conditionCount)
            WindowEncoding.writeTracks(piece, start: draw.window.start, transpose: draw.transpose, spec: spec,
                                       into: &tracks, base: i * spec.tracksCount)
        }
        return (condition, tracks)
    }

    /// The next batch as tensors.
    public mutating func next() -> TrainingBatch {
        let draws = nextDraws()
        let (condition, tracks) = render(draws)
        return TrainingBatch(real: Tensor(shape: [draws.count] + spec.tracksShape, data: tracks),
                             condition: Tensor(shape: [draws.count] + spec.conditionShape, data: condition))
    }
}
