import MusicCore
import NeuralEngine

/// One piece to evaluate: a melody and the accompaniment written (or played) for it, on the same time grid.
public struct EvaluationExample: Sendable {
    /// A one-track roll: the melody.
    public let melody: PianoRoll
    /// The accompaniment's tracks, each named by its role ("bass", "chords", "chords 2").
    public let accompaniment: PianoRoll

    /// Pairs a melody with an accompaniment. They may differ in pitch window and value range but must share the
    /// time grid: steps per quarter, meter and bar count.
    public init(melody: PianoRoll, accompaniment: PianoRoll) throws(PianoRollError) {
        guard melody.trackCount == 1 else {
            throw .mismatch("a melody roll has one track, this one has \(melody.trackCount)")
        }
        let (m, a) = (melody.layout, accompaniment.layout)
        guard m.stepsPerBeat == a.stepsPerBeat, m.beatsPerBar == a.beatsPerBar, m.beatUnit == a.beatUnit else {
            throw .mismatch("melody grid \(m.beatsPerBar)/\(m.beatUnit) at \(m.stepsPerBeat) steps per quarter differs "
                            + "from accompaniment grid \(a.beatsPerBar)/\(a.beatUnit) at \(a.stepsPerBeat)")
        }
        guard melody.bars == accompaniment.bars else {
            throw .mismatch("melody has \(melody.bars) bars, accompaniment \(accompaniment.bars)")
        }
        self.melody = melody
        self.accompaniment = accompaniment
    }

    /// Splits a combined roll (e.g. a dataset segment in the standard layout): its first `.melody` channel is the
    /// melody, every other channel the accompaniment.
    public init(roll: PianoRoll) throws(PianoRollError) {
        guard let m = roll.layout.channel(of: .melody) else { throw .mismatch("the roll has no melody channel") }
        let others = roll.layout.roles.indices.filter { $0 != m }
        guard !others.isEmpty else { throw .mismatch("the roll has no accompaniment channel") }
        try self.init(melody: roll.selecting(tracks: [m]), accompaniment: roll.selecting(tracks: others))
    }

    /// The time grid both rolls share (checked on creation): examples with equal grids can swap melodies.
    struct Grid: Hashable {
        var stepsPerBeat, beatsPerBar, beatUnit, bars: Int
    }

    var grid: Grid {
        let layout = accompaniment.layout
        return Grid(stepsPerBeat: layout.stepsPerBeat, beatsPerBar: layout.beatsPerBar, beatUnit: layout.beatUnit,
                    bars: accompaniment.bars)
    }

    /// The shuffled reference: every accompaniment paired with the melody of a *different* example (a seeded
    /// derangement within each group of examples sharing grid and length). It answers "does the accompaniment
    /// follow its own melody better than any melody?". Examples alone in their group cannot be paired and are
    /// left out; fewer than two examples give none.
    public static func shuffled(_ examples: [EvaluationExample], seed: UInt64) -> [EvaluationExample] {
        var groups: [Grid: [Int]] = [:]
        var order: [Grid] = []  // groups in order of first appearance, so the seed alone decides the pairing
        for (i, example) in examples.enumerated() {
            let grid = example.grid
            if groups[grid] == nil { order.append(grid) }
            groups[grid, default: []].append(i)
        }
        let random = RandomGenerator(seed: seed)
        var partner = [Int](repeating: -1, count: examples.count)
        for grid in order {
            let members = groups[grid]!
            guard members.count > 1 else { continue }
            let cycle = Derangement.cyclic(count: members.count, using: random)
            for (k, i) in members.enumerated() { partner[i] = members[cycle[k]] }
        }
        return examples.indices.compactMap { i in
            guard partner[i] >= 0 else { return nil }
            return EvaluationExample(validatedMelody: examples[partner[i]].melody,
                                     accompaniment: examples[i].accompaniment)
        }
    }

    private init(validatedMelody: PianoRoll, accompaniment: PianoRoll) {
        melody = validatedMelody
        self.accompaniment = accompaniment
    }
}
