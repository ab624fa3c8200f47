import MusicCore

/// A note on the generators' time grid: MIDI pitch and the steps it covers (`start ..< end`).
///
/// Steps are sixteenth notes (`StepGrid.stepsPerBeat` per quarter); a drum hit covers one step.
public struct StepNote: Hashable, Sendable, Codable {
    public var pitch: UInt8
    public var start: Int
    public var end: Int

    public init(pitch: UInt8, start: Int, end: Int) {
        self.pitch = pitch
        self.start = start
        self.end = end
    }

    public var length: Int { end - start }
}

/// One accompaniment part of a piece: its role, the GM program it was played on, its notes sorted by start.
public struct StepPart: Hashable, Sendable, Codable {
    public var role: TrackRole
    public var program: UInt8
    public var notes: [StepNote]

    public init(role: TrackRole, program: UInt8, notes: [StepNote]) {
        self.role = role
        self.program = program
        self.notes = notes
    }
}

/// The grid every generator shares: sixteenth-note steps, quarter-note MIDI beats.
public enum StepGrid {
    public static let stepsPerBeat = 4
}

/// A piece of music on the step grid, as the generators see it: a melody, the accompaniment parts by role, and
/// where bars and beats fall (so any meter, and meter changes, reach the models as a conditioning plane).
///
/// Datasets store pieces; generation builds one from the user's melody. Pure value, no I/O.
public struct StepPiece: Hashable, Sendable, Codable {
    /// Where the piece came from (a file path relative to the dataset root, or a song name).
    public var name: String
    /// Length in steps (the end of the last bar that holds a note).
    public var stepCount: Int
    /// First step of every bar, ascending, starting at 0.
    public var barStarts: [Int]
    /// First step of every beat (the counted beat: a quarter in x/4, a dotted quarter in 6/8), ascending.
    public var beatStarts: [Int]
    /// The melody, monophonic (skyline), sorted by start.
    public var melody: [StepNote]
    /// The accompaniment, at most one part per role.
    public var parts: [StepPart]

    public init(name: String, stepCount: Int, barStarts: [Int], beatStarts: [Int], melody: [StepNote], parts: [StepPart]) {
        self.name = name
        self.stepCount = stepCount
        self.barStarts = barStarts
        self.beatStarts = beatStarts
        self.melody = melody
        self.parts = parts
    }

    /// The part playing `role`, if the piece has one.
    public func part(_ role: TrackRole) -> StepPart? { parts.first { $0.role == role } }

    /// Bar starts continued past the end of the piece with the last bar's length, up to (not including) `limit`:
    /// windows that run past the end keep their bar lines.
    public func barStarts(through limit: Int) -> [Int] {
        Self.extend(barStarts, through: limit, fallback: 4 * StepGrid.stepsPerBeat)
    }

    /// Beat starts continued past the end the same way.
    public func beatStarts(through limit: Int) -> [Int] {
        Self.extend(beatStarts, through: limit, fallback: StepGrid.stepsPerBeat)
    }

    static func extend(_ starts: [Int], through limit: Int, fallback: Int) -> [Int] {
        var out = starts.filter { $0 < limit }
        let last = starts.last ?? 0
        let period = starts.count >= 2 ? max(1, starts[starts.count - 1] - starts[starts.count - 2]) : fallback
        var next = starts.isEmpty ? 0 : last + period
        while next < limit { out.append(next); next += period }
        return out
    }
}
