import MusicCore
import NeuralEngine
@testable import Generators

/// A generator whose output can be predicted exactly, standing in for a trained network:
/// - chords copy the melody planes (sustain and onset), so the chords must come out equal to the melody;
/// - drums: a kick (36) on every bar start the meter plane marks, a closed hi-hat (42) on steps whose noise
///   value is above 1 (so the take depends on the seed);
/// - pad holds middle C through the whole window (struck at its first step), so every window says "held";
/// - bass is silent.
/// Everything is multiplied by `gain` (1), a parameter so there are weights to save and load.
final class EchoGenerator: Module, AccompanimentGenerator {
    let window: WindowSpec
    @Parameter var gain = Tensor(shape: [1], data: [1])

    init(window: WindowSpec = WindowSpec(roles: [.drums, .bass, .chords, .pad])) {
        self.window = window
    }

    var noiseShape: [Int] { [window.steps] }

    func callAsFunction(_ condition: Tensor, _ noise: Tensor) -> Tensor {
        let n = condition.shape[0], spec = window, plane = spec.steps * spec.pitchCount
        let c = condition.toArray(), z = noise.toArray(), g = gain.toArray()[0]
        var out = [Float](repeating: -1, count: n * spec.tracksCount)
        func set(_ sample: Int, _ role: TrackRole, _ p: WindowSpec.TrackPlane, _ t: Int, _ pitch: Int, _ v: Float = 1) {
            guard let k = spec.roles.firstIndex(of: role), let ch = spec.channel(role: k, p) else { return }
            out[sample * spec.tracksCount + ch * plane + t * spec.pitchCount + pitch - spec.lowestPitch] = v
        }
        for s in 0..<n {
            let cond = s * spec.conditionCount
            for t in 0..<spec.steps {
                if c[cond + 2 * plane + t * spec.pitchCount] == 1 {
                    set(s, .drums, .sustain, t, 36); set(s, .drums, .onset, t, 36)
                }
                if z[s * spec.steps + t] > 1 { set(s, .drums, .sustain, t, 42); set(s, .drums, .onset, t, 42) }
                set(s, .pad, .sustain, t, 60)
                for r in 0..<spec.pitchCount {
                    set(s, .chords, .sustain, t, spec.lowestPitch + r, c[cond + t * spec.pitchCount + r])
                    set(s, .chords, .onset, t, spec.lowestPitch + r, c[cond + plane + t * spec.pitchCount + r])
                }
            }
            set(s, .pad, .onset, 0, 60)
        }
        return Tensor(shape: [n] + spec.tracksShape, data: out.map { $0 * g })
    }
}

enum GenerationFixtures {
    static let instruments = [
        ModelManifest.Instrument(role: .drums, program: 0, velocity: 90),
        ModelManifest.Instrument(role: .bass, program: 33, velocity: 85),
        ModelManifest.Instrument(role: .chords, program: 0, velocity: 70),
        ModelManifest.Instrument(role: .pad, program: 48, velocity: 60),
    ]

    static func accompanist(_ generator: EchoGenerator = EchoGenerator()) -> Accompanist {
        Accompanist(generator: generator, instruments: instruments)
    }

    /// A melody of `bars` bars in `numerator`/`denominator`: one note per counted beat (pitches walking up and
    /// down an octave), each note one beat long except a note held across every other bar line.
    static func melody(bars: Int, numerator: Int = 4, denominator: Int = 4, ticksPerQuarter: Int = 480,
                       tempos: [TempoChange] = [TempoChange(tick: 0, bpm: 100)], channel: UInt8 = 0) -> Song {
        let compound = denominator >= 8 && numerator % 3 == 0 && numerator > 3
        let beat = (compound ? 3 : 1) * ticksPerQuarter * 4 / denominator
        let barTicks = numerator * ticksPerQuarter * 4 / denominator
        var notes: [Note] = []
        var tick = 0, i = 0
        while tick < bars * barTicks {
            let crossesBar = (tick + beat) % (2 * barTicks) == 0 && tick + 2 * beat <= bars * barTicks
            let length = crossesBar ? 2 * beat : beat
            notes.append(Note(pitch: UInt8(60 + [0, 2, 4, 5, 7, 9, 11, 12, 11, 9, 7, 5, 4, 2][i % 14]), velocity: 96,
                              start: tick, duration: length))
            tick += length
            i += 1
        }
        let track = Track(name: "Melody", program: 73, channel: channel, role: .melody, notes: notes)
        return Song(tracks: [track], ticksPerQuarter: ticksPerQuarter, tempos: tempos,
                    timeSignatures: [TimeSignature(numerator: numerator, denominator: denominator)],
                    key: Key(tonic: 0, mode: .major))
    }
}
