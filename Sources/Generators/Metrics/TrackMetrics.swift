import MusicCore

/// The per-track metrics of one example (or, merged, of a set), as tallies. Rates are fractions 0...1.
///
/// Which metrics a track gets follows MuseGAN's evaluation map: every track has EB and note density; pitched
/// tracks have UPC, QN, polyphony and in-scale; only drums have DP. A metric a track does not have, or that has
/// nothing to count (UPC of a track with no notes), is an empty tally whose `value` is nil.
public struct TrackMetrics: Hashable, Sendable, Codable {
    /// The track's name in the example: its role, numbered when the role repeats ("chords 2").
    public var track: String
    public var role: TrackRole
    /// EB: empty bars over bars.
    public var emptyBars = MetricTally()
    /// UPC: distinct pitch classes (0...12) per non-empty bar.
    public var usedPitchClasses = MetricTally()
    /// QN: notes at least `MetricOptions.qualifiedSteps` long over notes.
    public var qualifiedNotes = MetricTally()
    /// QN with the paper's step count: notes at least 3 steps long over notes.
    public var qualifiedNotesPaper = MetricTally()
    /// DP: pattern weight of each drum onset (1 on the grid, the tolerance beside it) over drum onsets.
    public var drumPattern = MetricTally()
    /// Polyphony: sounding pitches per step, over the steps where the track sounds.
    public var polyphony = MetricTally()
    /// Steps with two or more pitches over the steps where the track sounds.
    public var polyphonicSteps = MetricTally()
    /// Notes per bar.
    public var noteDensity = MetricTally()
    /// In-scale rate: sounding note-steps in the example's estimated key over all sounding note-steps.
    public var inScale = MetricTally()

    public init(track: String, role: TrackRole) {
        self.track = track
        self.role = role
    }

    /// Adds another example's tallies of the same track (pooled means).
    public mutating func merge(_ other: TrackMetrics) {
        emptyBars += other.emptyBars
        usedPitchClasses += other.usedPitchClasses
        qualifiedNotes += other.qualifiedNotes
        qualifiedNotesPaper += other.qualifiedNotesPaper
        drumPattern += other.drumPattern
        polyphony += other.polyphony
        polyphonicSteps += other.polyphonicSteps
        noteDensity += other.noteDensity
        inScale += other.inScale
    }
}

extension TrackMetrics {
    /// Measures track `t` of an analysed roll. `scale` is the example's key as a pitch-class mask (nil: no key).
    init(track name: String, role: TrackRole, t: Int, of activity: RollActivity, layout: PianoRollLayout,
         scale: [Bool]?, options: MetricOptions) {
        self.init(track: name, role: role)
        let stepsPerBar = layout.stepsPerBar
        let bars = stepsPerBar > 0 ? activity.steps / stepsPerBar : 0
        let notes = activity.notes[t]
        noteDensity = MetricTally(part: notes.count, of: bars)
        for bar in 0..<bars {
            let steps = bar * stepsPerBar..<(bar + 1) * stepsPerBar
            let empty = !steps.contains { activity.soundingCount(track: t, step: $0) > 0 }
            emptyBars.add(empty ? 1 : 0)
            if !empty && role != .drums {
                usedPitchClasses.add(Double(activity.pitchClassMask(track: t, steps: steps).nonzeroBitCount))
            }
        }
        if role == .drums {
            let grid = DrumPatternGrid(layout: layout, tolerance: options.drumPatternTolerance)
            for note in notes { drumPattern.add(grid.weight(stepInBar: note.start % max(stepsPerBar, 1))) }
            return
        }
        let shortest = options.qualifiedSteps(for: layout)
        let paper = MetricOptions.paperQualifiedNoteSteps
        qualifiedNotes = MetricTally(part: notes.count(where: { $0.length >= shortest }), of: notes.count)
        qualifiedNotesPaper = MetricTally(part: notes.count(where: { $0.length >= paper }), of: notes.count)
        for step in 0..<activity.steps {
            let n = activity.soundingCount(track: t, step: step)
            guard n > 0 else { continue }
            polyphony.add(Double(n))
            polyphonicSteps.add(n >= 2 ? 1 : 0)
        }
        if let scale {
            var chroma = [Double](repeating: 0, count: 12)
            activity.addChroma(track: t, steps: 0..<activity.steps, into: &chroma)
            for pc in 0..<12 where chroma[pc] > 0 { inScale.add(scale[pc] ? 1 : 0, weight: chroma[pc]) }
        }
    }
}
