import MusicCore
import NeuralEngine

/// A listening check during training: the generator's accompaniment for one window's melody, as a song with the
/// melody and the generated tracks voiced by the model's instruments. Deliberately small: one window, no
/// continuation across windows (that is the generation command's job).
public enum TrainingSample {
    public static let ticksPerQuarter = 480
    /// DeepComposer's sample tempo.
    public static let bpm = 100.0

    /// Generates for the window at `start` of `piece` with `noise` (eval mode, no graph) and returns the song.
    public static func song<G: ConditionalGenerator>(generator: G, piece: StepPiece, start: Int, spec: WindowSpec,
                                                     instruments: [ModelManifest.Instrument], noise: Tensor) -> Song {
        var condition = [Float](repeating: -1, count: spec.conditionCount)
        WindowEncoding.writeCondition(piece, start: start, spec: spec, into: &condition)
        let output = generator.generate(condition: Tensor(shape: [1] + spec.conditionShape, data: condition), noise: noise)
        let generated = WindowEncoding.decode(output.toArray(), spec: spec)
        let melody = piece.melody.compactMap { clip($0, start: start, steps: spec.steps) }
        return song(melody: melody, tracks: generated, spec: spec, instruments: instruments,
                    meter: meter(piece, start: start))
    }

    /// The melody (program 0, channel 0) and one track per role: drums on channel 10, others on channels 1, 2, …
    public static func song(melody: [StepNote], tracks: [[StepNote]], spec: WindowSpec,
                            instruments: [ModelManifest.Instrument], meter: TimeSignature) -> Song {
        let ticks = ticksPerQuarter / StepGrid.stepsPerBeat
        func notes(_ steps: [StepNote], velocity: UInt8) -> [Note] {
            steps.map { Note(pitch: $0.pitch, velocity: velocity, start: $0.start * ticks, duration: $0.length * ticks) }
        }
        var out = [Track(name: "Melody", program: 0, channel: 0, role: .melody, notes: notes(melody, velocity: 100))]
        var channel: UInt8 = 1
        for (k, role) in spec.roles.enumerated() {
            let instrument = instruments.first { $0.role == role }
                ?? ModelManifest.Instrument(role: role, program: 0, velocity: 90)
            let drums = role == .drums
            out.append(Track(name: role.rawValue.capitalized, program: instrument.program, isDrum: drums,
                             channel: drums ? 9 : channel, role: role, notes: notes(tracks[k], velocity: instrument.velocity)))
            if !drums { channel += channel == 8 ? 2 : 1 }
        }
        return Song(tracks: out, ticksPerQuarter: ticksPerQuarter, tempos: [TempoChange(tick: 0, bpm: bpm)],
                    timeSignatures: [meter])
    }

    /// `note` moved to window time and cut to the window, or nil when outside it.
    static func clip(_ note: StepNote, start: Int, steps: Int) -> StepNote? {
        let s = max(note.start, start), e = min(note.end, start + steps)
        return e > s ? StepNote(pitch: note.pitch, start: s - start, end: e - start) : nil
    }

    /// The time signature of the bar the window starts in: bar length over beat length (a beat of 6 steps is a
    /// dotted quarter: x/8).
    static func meter(_ piece: StepPiece, start: Int) -> TimeSignature {
        let bars = piece.barStarts(through: start + 4 * 64)
        let bar = zip(bars, bars.dropFirst()).first { $0.0 >= start }.map { $0.1 - $0.0 } ?? 16
        let beats = piece.beatStarts(through: start + 4 * 64)
        let beat = zip(beats, beats.dropFirst()).first { $0.0 >= start }.map { $0.1 - $0.0 } ?? 4
        if beat == 6 || bar % 4 != 0 { return TimeSignature(numerator: max(1, bar / 2), denominator: 8) }
        return TimeSignature(numerator: max(1, bar / 4), denominator: 4)
    }
}
