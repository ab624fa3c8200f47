import MusicCore

/// Cuts evaluation examples from pieces: whole bars of a piece's melody with an accompaniment (the piece's own,
/// or one a model wrote), as the piano rolls the metrics read.
public enum EvaluationSegments {
    /// A segment: `bars` whole bars of piece `piece` from bar line `start` (a step) to `end`.
    public struct Segment: Hashable, Sendable {
        public var piece: Int
        public var start: Int
        public var end: Int
        public var bars: Int
    }

    /// Segments of `bars` bars at the given windows' starts that fit in `maximumSteps` (the generator's window) and
    /// in the piece, one meter throughout. At most `limit`, spread evenly over the windows.
    public static func segments(_ dataset: TrainingDataset, windows: [WindowRef], bars: Int = 4, maximumSteps: Int,
                                limit: Int) -> [Segment] {
        var out: [Segment] = []
        for ref in windows {
            let piece = dataset.pieces[ref.piece]
            guard let first = piece.barStarts.firstIndex(of: ref.start), first + bars <= piece.barStarts.count else { continue }
            let lines = piece.barStarts(through: piece.stepCount + 1) + [piece.stepCount]
            let ends = Array(lines[first...(first + bars)])
            let lengths = zip(ends.dropFirst(), ends).map { $0 - $1 }
            guard let end = ends.last, end <= piece.stepCount, end - ref.start <= maximumSteps,
                  Set(lengths).count == 1 else { continue }
            out.append(Segment(piece: ref.piece, start: ref.start, end: end, bars: bars))
        }
        guard out.count > limit, limit > 0 else { return out }
        return (0..<limit).map { out[$0 * out.count / limit] }
    }

    /// The example for `segment` of `piece` with accompaniment `parts` (nil: the piece's own), tracks in `roles`
    /// order (a role without a part stays an empty track).
    public static func example(_ piece: StepPiece, _ segment: Segment, roles: [TrackRole], parts: [StepPart]? = nil)
        throws(PianoRollError) -> EvaluationExample
    {
        let accompaniment = parts ?? piece.parts
        let barLength = (segment.end - segment.start) / segment.bars
        let beat = piece.beatStarts.first { $0 > segment.start }.map { $0 - segment.start } ?? StepGrid.stepsPerBeat
        let signature = meter(barLength: barLength, beat: beat)
        let tpq = 480, perStep = tpq / StepGrid.stepsPerBeat
        func track(_ notes: [StepNote], role: TrackRole) -> Track {
            let inside = notes.compactMap { n -> Note? in
                let s = max(n.start, segment.start), e = min(n.end, segment.end)
                guard e > s, n.start >= segment.start || role != .drums else { return nil }
                return Note(pitch: n.pitch, start: (s - segment.start) * perStep, duration: (e - s) * perStep)
            }
            return Track(name: role.rawValue, isDrum: role == .drums, channel: role == .drums ? 9 : 0, role: role, notes: inside)
        }
        let song = Song(tracks: [track(piece.melody, role: .melody)]
                            + roles.map { role in track(accompaniment.first { $0.role == role }?.notes ?? [], role: role) },
                        ticksPerQuarter: tpq, timeSignatures: [signature])
        let layout = PianoRollLayout(roles: [.melody] + roles).with(timeSignature: signature)
        let roll = try PianoRoll(song: song, layout: layout,
                                 options: SongToRollOptions(mapping: .byIndex, bars: segment.bars))
        return try EvaluationExample(roll: roll)
    }

    /// The time signature of a bar of `barLength` steps whose beats are `beat` steps apart (6/8 and 12/8 when
    /// beats are dotted quarters).
    static func meter(barLength: Int, beat: Int) -> TimeSignature {
        if beat == 3 * StepGrid.stepsPerBeat / 2, barLength % 2 == 0 {
            return TimeSignature(numerator: barLength / 2, denominator: 8)
        }
        if barLength % StepGrid.stepsPerBeat == 0 {
            return TimeSignature(numerator: barLength / StepGrid.stepsPerBeat, denominator: 4)
        }
        return TimeSignature(numerator: barLength * 4 / StepGrid.stepsPerBeat, denominator: 16)
    }
}
