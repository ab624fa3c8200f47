import MusicCore

/// Bars and beats of a song from its time signatures: where bar N starts, which bar and beat a tick is in,
/// and the beat ticks of a range (for the metronome). A time-signature change starts a new bar.
struct BarGrid: Sendable, Equatable {
    struct Meter: Sendable, Equatable {
        /// First tick and first (zero-based) bar index of this meter.
        let tick: Int
        let bar: Int
        let beatsPerBar: Int
        let beatTicks: Int
        var barTicks: Int { beatsPerBar * beatTicks }
    }

    /// Position of a tick: zero-based bar and beat, and how far into the beat (0..<1).
    struct Position: Sendable, Equatable {
        let bar: Int
        let beat: Int
        let beatFraction: Double
    }

    let meters: [Meter]

    /// Same rules as MusicCore's song timing: invalid signatures are skipped, the last one listed at a tick
    /// wins, 4/4 before the first, and a change in the middle of a bar closes that bar early.
    init(song: Song) {
        let tpq = max(1, song.ticksPerQuarter)
        let valid = song.timeSignatures.enumerated()
            .filter { $0.element.tick >= 0 && $0.element.numerator >= 1 && $0.element.denominator >= 1 }
            .sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }
            .map(\.element)
        var signatures = [TimeSignature(tick: 0, numerator: 4, denominator: 4)]
        for signature in valid {
            if signatures[signatures.count - 1].tick == signature.tick { signatures[signatures.count - 1] = signature }
            else { signatures.append(signature) }
        }
        var meters: [Meter] = []
        for signature in signatures {
            let beatTicks = max(1, tpq * 4 / signature.denominator)
            var bar = 0
            if let last = meters.last {
                let elapsed = signature.tick - last.tick
                bar = last.bar + (elapsed + last.barTicks - 1) / last.barTicks
            }
            meters.append(Meter(tick: signature.tick, bar: bar, beatsPerBar: min(signature.numerator, 256),
                                beatTicks: beatTicks))
        }
        self.meters = meters
    }

    func meter(atTick tick: Double) -> Meter {
        var low = 0, high = meters.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if Double(meters[mid].tick) <= tick { low = mid } else { high = mid - 1 }
        }
        return meters[low]
    }

    /// First tick of zero-based bar `bar` (bars before 0 extend the first meter backwards).
    func tick(ofBar bar: Int) -> Int {
        var meter = meters[0]
        for candidate in meters where candidate.bar <= bar { meter = candidate }
        return meter.tick + (bar - meter.bar) * meter.barTicks
    }

    func position(ofTick tick: Double) -> Position {
        let meter = meter(atTick: tick)
        let intoMeter = tick - Double(meter.tick)
        let barOffset = (intoMeter / Double(meter.barTicks)).rounded(.down)
        let intoBar = intoMeter - barOffset * Double(meter.barTicks)
        let beats = intoBar / Double(meter.beatTicks)
        let beat = min(Int(beats.rounded(.down)), meter.beatsPerBar - 1)
        return Position(bar: meter.bar + Int(barOffset), beat: beat, beatFraction: beats - Double(beat))
    }

    /// Beat ticks in `from..<to`, each flagged when it is the first beat of a bar.
    func beats(from: Double, to: Double) -> [(tick: Int, isDownbeat: Bool)] {
        guard to > from else { return [] }
        var result: [(tick: Int, isDownbeat: Bool)] = []
        for (index, meter) in meters.enumerated() {
            let meterEnd = index + 1 < meters.count ? Double(meters[index + 1].tick) : Double.infinity
            let low = max(from, Double(meter.tick)), high = min(to, meterEnd)
            guard low < high else { continue }
            var beatIndex = Int(((low - Double(meter.tick)) / Double(meter.beatTicks)).rounded(.up))
            while true {
                let tick = meter.tick + beatIndex * meter.beatTicks
                if Double(tick) >= high { break }
                result.append((tick, beatIndex % meter.beatsPerBar == 0))
                beatIndex += 1
            }
        }
        return result
    }
}
