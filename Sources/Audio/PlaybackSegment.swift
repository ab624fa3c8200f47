/// One stretch of playback on the sequencer clock (milliseconds of rendered audio): from `startMs` the song
/// plays forward from `fromTick` to `toTick` at `scale` × its written tempo, with `swing` applied.
/// Ticks below `anchorTick` are a count-in pre-roll at the tempo of the anchor. A loop is a chain of
/// segments, one per pass; a seek, tempo change or edit while playing starts a new segment at "now".
/// Because the sequencer clock follows the samples the synth has rendered, mapping that clock through the
/// current segment gives the position that is being heard.
struct PlaybackSegment: Sendable {
    let id: Int
    let startMs: Double
    let fromTick: Double
    /// Where this pass ends: the loop end, the song end, or infinity when playback runs on (recording).
    let toTick: Double
    let anchorTick: Double
    let preRollSecondsPerTick: Double
    let scale: Double
    let swing: Swing
    let clock: SongClock
    /// At `toTick` playback jumps back to the loop start instead of ending.
    let wrapsToLoop: Bool

    /// Monotonic song-time of a tick (seconds at the written tempo), with swing and pre-roll applied.
    private func songSeconds(atTick tick: Double) -> Double {
        let anchorSeconds = clock.seconds(atTick: swing.warp(anchorTick, ticksPerQuarter: clock.ticksPerQuarter))
        if tick < anchorTick { return anchorSeconds + (tick - anchorTick) * preRollSecondsPerTick }
        return clock.seconds(atTick: swing.warp(tick, ticksPerQuarter: clock.ticksPerQuarter))
    }

    /// Sequencer time at which `tick` sounds.
    func milliseconds(atTick tick: Double) -> Double {
        startMs + (songSeconds(atTick: tick) - songSeconds(atTick: fromTick)) * 1000 / scale
    }

    /// The tick sounding at sequencer time `ms` (clamped to this segment).
    func tick(atMs ms: Double) -> Double {
        let clamped = min(max(ms, startMs), endMs)
        if clamped == endMs, toTick.isFinite { return toTick }
        let seconds = songSeconds(atTick: fromTick) + (clamped - startMs) * scale / 1000
        let anchorSeconds = songSeconds(atTick: anchorTick)
        if seconds < anchorSeconds { return anchorTick + (seconds - anchorSeconds) / preRollSecondsPerTick }
        let performed = clock.tick(atSeconds: seconds)
        return swing.unwarp(performed, ticksPerQuarter: clock.ticksPerQuarter)
    }

    var endMs: Double { toTick.isFinite ? milliseconds(atTick: toTick) : .infinity }
}
