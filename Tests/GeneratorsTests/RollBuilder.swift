import MusicCore
@testable import Generators

/// Hand-built rolls for the metric tests: notes placed by absolute step and MIDI pitch.
final class RollBuilder {
    var roll: PianoRoll

    init(roles: [TrackRole], bars: Int, stepsPerBeat: Int = 4, meter: (Int, Int) = (4, 4),
         range: PianoRoll.ValueRange = .unipolar, lowestPitch: Int = 24) {
        let layout = PianoRollLayout(stepsPerBeat: stepsPerBeat, lowestPitch: lowestPitch, pitchCount: 84, roles: roles,
                                     beatsPerBar: meter.0, beatUnit: meter.1)
        roll = try! PianoRoll(layout: layout, bars: bars, range: range)
    }

    /// A note of `pitch` on `track` sounding over `steps`; `restrike` marks its first step as a new onset.
    @discardableResult
    func note(_ track: Int, _ pitch: Int, _ steps: Range<Int>, restrike: Bool = false, value: Float? = nil) -> Self {
        let row = pitch - roll.layout.lowestPitch
        for step in steps { roll[step, row, track] = value ?? roll.range.on }
        if restrike { roll.setReattack(step: steps.lowerBound, row: row, track: track) }
        return self
    }

    /// Sets every off cell to `value` (a generator's raw output below the threshold).
    func fillOff(with value: (Int) -> Float) {
        let off = roll.range.off
        roll.withMutableValues { cells in
            for i in cells.indices where cells[i] == off { cells[i] = value(i) }
        }
    }
}

/// An example from a one-track melody builder and an accompaniment builder.
func example(_ melody: RollBuilder, _ accompaniment: RollBuilder) -> EvaluationExample {
    try! EvaluationExample(melody: melody.roll, accompaniment: accompaniment.roll)
}

/// The tonal distance between a lone C and a lone G: √(3 + (1 − √3/2)²), from the centroid coordinates by hand
/// (C = (0, 1, 0, 1, 0, 0.5), G = (1/2, √3/2, 1, 0, √3/4, −1/4)).
let fifthDistance = (3 + (1 - 3.0.squareRoot() / 2) * (1 - 3.0.squareRoot() / 2)).squareRoot()

extension ExampleMetrics {
    func track(_ name: String) -> TrackMetrics? { tracks.first { $0.track == name } }
    func pair(_ first: String, _ second: String) -> PairMetrics? {
        pairs.first { $0.first == first && $0.second == second }
    }
}
