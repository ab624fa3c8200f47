/// Where bars fall and how ticks map to seconds, from a song's time signatures and tempo map.
///
/// Bars: a time-signature change starts a new bar at its tick (a change in the middle of a bar closes that bar
/// early, as notation programs and pretty_midi do). Before the first signature, and when there is none, 4/4.
/// Seconds: before the first tempo change, and when there is none, 120 bpm (the MIDI default).
/// Invalid entries (negative ticks, numerator or denominator below 1, tempo below 1 µs) are skipped.
extension Song {
    /// The time signatures in force: sorted, the first at tick 0, one per tick (the last listed wins).
    public var effectiveTimeSignatures: [TimeSignature] {
        var result = [TimeSignature(tick: 0, numerator: 4, denominator: 4)]
        let valid = timeSignatures.enumerated()
            .filter { $0.element.tick >= 0 && $0.element.numerator >= 1 && $0.element.denominator >= 1 }
            .sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)
        for signature in valid {
            if result[result.count - 1].tick == signature.tick { result[result.count - 1] = signature }
            else { result.append(signature) }
        }
        return result
    }

    /// The tempo map in force: sorted, the first at tick 0, one per tick (the last listed wins).
    public var effectiveTempos: [TempoChange] {
        var result = [TempoChange(tick: 0, microsecondsPerQuarter: 500_000)]
        let valid = tempos.enumerated()
            .filter { $0.element.tick >= 0 && $0.element.microsecondsPerQuarter >= 1 }
            .sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)
        for tempo in valid {
            if result[result.count - 1].tick == tempo.tick { result[result.count - 1] = tempo }
            else { result.append(tempo) }
        }
        return result
    }

    /// The tick where the last note ends (0 for a song without notes).
    public var endTick: Int {
        tracks.reduce(0) { end, track in track.notes.reduce(end) { max($0, $1.end) } }
    }

    // MARK: Bars

    /// One stretch of constant meter: it starts at `tick`, which is the start of bar `bar`.
    public struct MeterSpan: Hashable, Sendable {
        public var tick: Int
        public var bar: Int
        public var ticksPerBar: Int
        public var signature: TimeSignature
    }

    /// The meter stretches, in order; the first starts at tick 0, bar 0.
    public var meterSpans: [MeterSpan] {
        let tpq = max(ticksPerQuarter, 1)
        var spans: [MeterSpan] = []
        for signature in effectiveTimeSignatures {
            let length = max(1, signature.numerator * tpq * 4 / signature.denominator)
            var bar = 0
            if let last = spans.last {
                let elapsed = signature.tick - last.tick
                bar = last.bar + (elapsed + last.ticksPerBar - 1) / last.ticksPerBar
            }
            spans.append(MeterSpan(tick: signature.tick, bar: bar, ticksPerBar: length, signature: signature))
        }
        return spans
    }

    /// The length in ticks of the bar that contains `tick` (a bar cut short by a meter change still reports its
    /// meter's full length).
    public func ticksPerBar(at tick: Int) -> Int { span(atTick: tick, meterSpans).ticksPerBar }

    /// The zero-based bar containing `tick` (ticks before 0 count back with the first meter).
    public func bar(atTick tick: Int) -> Int {
        let span = span(atTick: tick, meterSpans)
        return span.bar + Self.floorDiv(tick - span.tick, span.ticksPerBar)
    }

    /// `bar(atTick:)` for many ticks at once, working out the meter spans once.
    public func bars(atTicks ticks: [Int]) -> [Int] {
        let spans = meterSpans
        return ticks.map { tick in
            let span = span(atTick: tick, spans)
            return span.bar + Self.floorDiv(tick - span.tick, span.ticksPerBar)
        }
    }

    /// The first tick of zero-based bar `bar`.
    public func tick(atBar bar: Int) -> Int {
        let spans = meterSpans
        var span = spans[0]
        for candidate in spans where candidate.bar <= bar { span = candidate }
        return span.tick + (bar - span.bar) * span.ticksPerBar
    }

    /// Bars needed to hold every note: the bar where the last note ends, rounded up (0 without notes).
    public var barCount: Int {
        let end = endTick
        guard end > 0 else { return 0 }
        let lastBar = bar(atTick: end - 1)
        return lastBar + 1
    }

    /// The time signature in force at `tick`.
    public func timeSignature(atTick tick: Int) -> TimeSignature { span(atTick: tick, meterSpans).signature }

    private func span(atTick tick: Int, _ spans: [MeterSpan]) -> MeterSpan {
        var low = 0, high = spans.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if spans[mid].tick <= tick { low = mid } else { high = mid - 1 }
        }
        return spans[low]
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    // MARK: Seconds

    /// Seconds from the start at `tick` (fractional ticks allowed; before 0 extrapolates the first tempo).
    public func seconds(atTick tick: Double) -> Double {
        let tpq = Double(max(ticksPerQuarter, 1))
        let map = effectiveTempos
        var seconds = 0.0
        var index = 0
        while index + 1 < map.count && Double(map[index + 1].tick) <= tick {
            seconds += Double(map[index + 1].tick - map[index].tick) * Double(map[index].microsecondsPerQuarter) / 1e6 / tpq
            index += 1
        }
        return seconds + (tick - Double(map[index].tick)) * Double(map[index].microsecondsPerQuarter) / 1e6 / tpq
    }

    public func seconds(atTick tick: Int) -> Double { seconds(atTick: Double(tick)) }

    /// The (fractional) tick reached at `seconds` from the start; the inverse of `seconds(atTick:)`.
    public func tick(atSeconds seconds: Double) -> Double {
        let tpq = Double(max(ticksPerQuarter, 1))
        let map = effectiveTempos
        var elapsed = 0.0
        var index = 0
        while index + 1 < map.count {
            let span = Double(map[index + 1].tick - map[index].tick) * Double(map[index].microsecondsPerQuarter) / 1e6 / tpq
            guard elapsed + span <= seconds else { break }
            elapsed += span
            index += 1
        }
        return Double(map[index].tick) + (seconds - elapsed) * tpq * 1e6 / Double(map[index].microsecondsPerQuarter)
    }

    /// The tempo (quarter notes per minute) in force at `tick`.
    public func bpm(atTick tick: Int) -> Double {
        (effectiveTempos.last { $0.tick <= tick } ?? TempoChange(tick: 0, microsecondsPerQuarter: 500_000)).bpm
    }

    /// Playing time in seconds, to the end of the last note.
    public var durationSeconds: Double { seconds(atTick: endTick) }
}
