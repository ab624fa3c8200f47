import MusicCore

/// Song ticks ⇄ seconds through a song's tempo map (as written, before any playback tempo scale).
/// Ticks are Doubles so swing and fractional playhead positions map without rounding. Same rules as
/// MusicCore's song timing, precomputed once so the audio thread does no allocation or linear scans.
struct SongClock: Sendable, Equatable {
    private struct Span: Sendable, Equatable {
        let tick: Double
        let seconds: Double
        let secondsPerTick: Double
    }

    let ticksPerQuarter: Int
    private let spans: [Span]

    /// Invalid entries (non-positive tempos, negative ticks) are skipped; before the first tempo change
    /// the MIDI default of 120 bpm applies.
    init(song: Song) {
        let tpq = max(1, song.ticksPerQuarter)
        ticksPerQuarter = tpq
        let secondsPerTick = { (usPerQuarter: Int) in Double(usPerQuarter) / 1_000_000 / Double(tpq) }
        let changes = song.tempos.enumerated()
            .filter { $0.element.tick >= 0 && $0.element.microsecondsPerQuarter > 0 }
            .sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }
            .map(\.element)
        var spans = [Span(tick: 0, seconds: 0, secondsPerTick: secondsPerTick(500_000))]
        for change in changes {
            let last = spans[spans.count - 1]
            let tick = Double(change.tick)
            let span = Span(tick: tick, seconds: last.seconds + (tick - last.tick) * last.secondsPerTick,
                            secondsPerTick: secondsPerTick(change.microsecondsPerQuarter))
            if tick == last.tick { spans[spans.count - 1] = span } else { spans.append(span) }
        }
        self.spans = spans
    }

    /// Seconds from the start of the song at `tick` (negative ticks extrapolate the first tempo).
    func seconds(atTick tick: Double) -> Double {
        let span = spans[spanIndex { $0.tick <= tick }]
        return span.seconds + (tick - span.tick) * span.secondsPerTick
    }

    /// The tick reached after `seconds` (inverse of `seconds(atTick:)`).
    func tick(atSeconds seconds: Double) -> Double {
        let span = spans[spanIndex { $0.seconds <= seconds }]
        return span.tick + (seconds - span.seconds) / span.secondsPerTick
    }

    func secondsPerTick(atTick tick: Double) -> Double { spans[spanIndex { $0.tick <= tick }].secondsPerTick }

    /// The written tempo at `tick` in beats (quarters) per minute.
    func bpm(atTick tick: Double) -> Double { 60 / (secondsPerTick(atTick: tick) * Double(ticksPerQuarter)) }

    /// Last span satisfying `isAtOrBefore` (spans are sorted; the first one always applies).
    private func spanIndex(_ isAtOrBefore: (Span) -> Bool) -> Int {
        var low = 0, high = spans.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if isAtOrBefore(spans[mid]) { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
