import MusicCore
import NeuralEngine

/// Writes the accompaniment of a melody of any length and meter with a generator that sees one window at a time.
///
/// The steps to write are covered by overlapping windows started on bar lines (`WindowSchedule`); every window's
/// noise comes from the take's seed and the window's start (`GenerationSeed`); the windows run batched through the
/// generator, their output planes are decoded into notes (`WindowEncoding.decode`), and neighbours are joined at
/// their cut (`NoteStitching`), so a note held across a hand-over stays one note. The same join attaches a range
/// to what was generated before it: regenerating bars, or running ahead of the playhead a few bars at a time,
/// uses the same call as a whole song.
///
/// Not Sendable (it holds the network): use it from one task at a time.
public final class Accompanist {
    public let generator: any AccompanimentGenerator
    /// One per role of the generator's window, in that order: the program and velocity each part is voiced with.
    public let instruments: [ModelManifest.Instrument]
    public var cleanup = NoteCleanup()
    /// Windows per forward pass (memory grows with it; results do not depend on it).
    public var batchSize = 8
    /// How output values are read as notes: the model's calibrated thresholds and key prior (its manifest's);
    /// nil: "on" above tanh's midpoint 0 for every role.
    public var thresholds: NoteThresholds?

    public init(generator: any AccompanimentGenerator, instruments: [ModelManifest.Instrument]) {
        precondition(instruments.map(\.role) == generator.window.roles,
                     "Accompanist: instruments \(instruments.map(\.role)) do not match the generator's roles \(generator.window.roles)")
        self.generator = generator
        self.instruments = instruments
    }

    public var window: WindowSpec { generator.window }

    /// `steps` widened to bar lines of `piece` (its grid continued past the end).
    public func barAligned(_ steps: Range<Int>, in piece: StepPiece) -> Range<Int> {
        let bars = piece.barStarts(through: steps.upperBound + 1)
        let lower = bars.last { $0 <= steps.lowerBound } ?? 0
        let upper = steps.upperBound <= lower ? lower + 1 : steps.upperBound
        let end = piece.barStarts(through: upper + 4 * window.steps).first { $0 >= upper } ?? upper
        return lower ..< end
    }

    /// The accompaniment of `piece` over `steps` (bar-aligned first; the whole piece when nil) in take `seed`,
    /// joined to `previous` — what was generated before, kept outside the range (an empty list: silence there).
    /// Returns one part per role, in the generator's role order.
    public func accompany(_ piece: StepPiece, seed: UInt64, steps: Range<Int>? = nil,
                          over previous: [StepPart] = []) -> [StepPart] {
        let range = barAligned(steps ?? 0 ..< max(1, piece.stepCount), in: piece)
        let schedule = WindowSchedule(piece: piece, range: range, windowSteps: window.steps)
        let takes = run(piece, starts: schedule.starts, seed: seed)
        return window.roles.indices.map { k in
            let role = window.roles[k]
            var notes = takes[0][k]
            for (w, cut) in zip(takes.dropFirst(), schedule.cuts) { notes = NoteStitching.join(notes, w[k], at: cut) }
            let before = previous.first { $0.role == role }?.notes ?? []
            notes = NoteStitching.join(NoteStitching.join(before, notes, at: range.lowerBound), before, at: range.upperBound)
            notes = cleanup.apply(notes, role: role)
            if role == .drums, cleanup.keepsGroove, thresholds?.thresholds(for: role).barRelative == true {
                let starts = piece.barStarts(through: range.upperBound)
                notes = DrumGroove.fill(notes, bars: zip(starts, starts.dropFirst() + [range.upperBound]).map { $0 ..< $1 },
                                        in: range)
            }
            if let levels = thresholds?.thresholds(for: role), cleanup.lengthens {
                notes = cleanup.lengthen(notes, shortest: levels.shortest, monophonic: levels.monophonic,
                                         limit: max(range.upperBound, piece.stepCount))
            }
            return StepPart(role: role, program: instruments[k].program, notes: notes)
        }
    }

    /// Notes per window and role (absolute steps) for windows starting at `starts`.
    func run(_ piece: StepPiece, starts: [Int], seed: UInt64) -> [[[StepNote]]] {
        var out: [[[StepNote]]] = []
        var index = 0
        while index < starts.count {
            let batch = Array(starts[index ..< min(starts.count, index + max(1, batchSize))])
            out += forward(piece, starts: batch, seed: seed)
            index += batch.count
        }
        return out
    }

    /// One forward pass over a batch of windows.
    func forward(_ piece: StepPiece, starts: [Int], seed: UInt64) -> [[[StepNote]]] {
        let spec = window, n = starts.count
        var condition = [Float](repeating: -1, count: n * spec.conditionCount)
        var noise: [Float] = []
        noise.reserveCapacity(n * generator.noiseShape.reduce(1, *))
        for (i, start) in starts.enumerated() {
            WindowEncoding.writeCondition(piece, start: start, spec: spec, into: &condition, base: i * spec.conditionCount)
            let stream = RandomGenerator(seed: GenerationSeed.window(seed, start: start))
            noise += generator.sampleNoise(batch: 1, generator: stream).toArray()
        }
        let conditionTensor = Tensor(shape: [n] + spec.conditionShape, data: condition)
        let noiseTensor = Tensor(shape: [n] + generator.noiseShape, data: noise)
        // A generator already in evaluation mode runs as it is: switching modes walks the module tree by
        // reflection, twice per call, which costs more than a small network's forward pass.
        let output = generator.isTraining
            ? generator.generate(condition: conditionTensor, noise: noiseTensor)
            : withNoGrad { generator(conditionTensor, noiseTensor) }
        precondition(output.shape == [n] + spec.tracksShape,
                     "Accompanist: the generator wrote \(output.shape), its window needs \([n] + spec.tracksShape)")
        let values = output.toArray()
        return starts.enumerated().map { i, start in
            let scale = MelodyKey.scale(of: piece, around: start ..< start + spec.steps)
            let bars = NoteThresholds.bars(of: piece, window: start, steps: spec.steps)
            let chords = MelodyHarmony.chords(of: piece, window: start, steps: spec.steps, bars: bars)
            return WindowEncoding.decode(values, base: i * spec.tracksCount, spec: spec, thresholds: thresholds,
                                         scale: scale, bars: bars, chords: chords).map { notes in
                notes.map { StepNote(pitch: $0.pitch, start: $0.start + start, end: $0.end + start) }
            }
        }
    }
}
