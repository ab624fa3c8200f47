import MusicCore

/// A training window: piece index and first step (always a bar line).
public struct WindowRef: Hashable, Sendable, Codable {
    public var piece: Int
    public var start: Int
    public init(piece: Int, start: Int) {
        self.piece = piece
        self.start = start
    }
}

/// A dataset ready for training: pieces on the step grid (parsed once, at build time), which pieces are held out
/// for validation (the split is by file, so no tune is on both sides), and the windows cut from each side.
///
/// `.ensds` files store it (see DatasetFile); training renders batches from the stored notes, with a random
/// transposition in `transposition`.
public struct TrainingDataset: Hashable, Sendable {
    /// How the dataset was cut, kept so training and evaluation use the same windows.
    public struct Settings: Hashable, Sendable, Codable {
        /// Accompaniment roles present in the data, in channel order.
        public var roles: [TrackRole]
        /// Steps per window (64 = four 4/4 bars of sixteenths; windows start on bar lines).
        public var windowSteps: Int
        /// Bars between window starts.
        public var hopBars: Int
        /// Semitones a training window may be moved by, at random, each time it is drawn (e.g. −5...5).
        public var transposeLow: Int
        public var transposeHigh: Int

        public init(roles: [TrackRole], windowSteps: Int = 64, hopBars: Int = 1, transposeLow: Int = -5,
                    transposeHigh: Int = 5) {
            self.roles = roles
            self.windowSteps = windowSteps
            self.hopBars = hopBars
            self.transposeLow = transposeLow
            self.transposeHigh = transposeHigh
        }

        public var transposition: ClosedRange<Int> { transposeLow...max(transposeLow, transposeHigh) }
    }

    public var name: String
    public var settings: Settings
    public var pieces: [StepPiece]
    /// Per piece: true when held out for validation.
    public var isValidation: [Bool]
    public var trainWindows: [WindowRef]
    public var validationWindows: [WindowRef]

    public init(name: String, settings: Settings, pieces: [StepPiece], isValidation: [Bool],
                trainWindows: [WindowRef], validationWindows: [WindowRef]) {
        precondition(isValidation.count == pieces.count, "TrainingDataset: one split flag per piece")
        self.name = name
        self.settings = settings
        self.pieces = pieces
        self.isValidation = isValidation
        self.trainWindows = trainWindows
        self.validationWindows = validationWindows
    }

    /// The most used GM program of each role over the training pieces (for voicing a model trained on it).
    public func programs() -> [TrackRole: UInt8] {
        var counts: [TrackRole: [UInt8: Int]] = [:]
        for (i, piece) in pieces.enumerated() where !isValidation[i] {
            for part in piece.parts { counts[part.role, default: [:]][part.program, default: 0] += part.notes.count }
        }
        return counts.mapValues { $0.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key }
    }
}
