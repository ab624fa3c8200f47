import MusicCore

/// The step grid in a song's ticks: the inverse of the snapping `StepPiece(song:)` does, for any
/// ticks-per-quarter (exact when it is a multiple of four, else rounded to the nearest tick, so a step → tick →
/// step round trip is the identity whenever a quarter has at least four ticks).
public struct StepTicks: Hashable, Sendable {
    public var ticksPerQuarter: Int

    public init(ticksPerQuarter: Int) {
        precondition(ticksPerQuarter > 0, "StepTicks: ticks per quarter must be positive")
        self.ticksPerQuarter = ticksPerQuarter
    }

    /// The tick where `step` begins.
    public func tick(_ step: Int) -> Int {
        let spb = StepGrid.stepsPerBeat
        return (step * ticksPerQuarter * 2 + spb) / (spb * 2)
    }

    /// The nearest step to `tick` (as `StepPiece(song:)` snaps notes).
    public func step(_ tick: Int) -> Int {
        let spb = StepGrid.stepsPerBeat
        return (tick * spb * 2 + ticksPerQuarter) / (ticksPerQuarter * 2)
    }

    /// `notes` as MIDI notes (each at least one tick long), with the velocity `velocity` gives each.
    public func notes(_ notes: [StepNote], velocity: (StepNote) -> UInt8) -> [Note] {
        notes.map { n in
            let start = tick(n.start)
            return Note(pitch: n.pitch, velocity: velocity(n), start: start, duration: max(1, tick(n.end) - start))
        }.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
    }
}
