// Generation benchmark: `generate` for an 8-bar melody after the model is loaded (issue 7: ≤ 50 ms for both default
// architectures), in float32 and bfloat16 inference. Each figure is the median of 30 runs after 5 warm-ups, each
// run a new seed (a new take), timed from the melody `Song` to the output `Song` (windows, noise, forward pass,
// decoding, joins, clean-up, voicing). Weights are freshly initialised: timing does not depend on their values.
// Prints `NAME VALUE` lines. Usage: GenerationBench [threads] [pipeline] | GenerationBench cleanup DIR...   (benchmarks/generation runs it idle, with a core
// kept busy, and under OpenMP wait policies)
import Foundation
import Generators
import ModelLibrary
import MusicCore
import NeuralEngine

// `GenerationBench cleanup DIR...`: what `NoteCleanup` would change in real music (MIDI files under DIR, parts by
// role as datasets see them): per role, notes, the share one step long, and the share the clean-up drops or joins.
if CommandLine.arguments.dropFirst().first == "cleanup" {
    var totals: [TrackRole: (notes: Int, oneStep: Int, after: Int, oneStepAfter: Int)] = [:]
    var files = 0
    for root in CommandLine.arguments.dropFirst(2) {
        let paths = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.lowercased().hasSuffix(".mid") }.sorted()
        for path in paths {
            guard let data = FileManager.default.contents(atPath: root + "/" + path),
                  let song = try? Song(midiBytes: [UInt8](data)),
                  let piece = try? StepPiece(song: song, name: path) else { continue }
            files += 1
            for part in piece.parts {
                let after = NoteCleanup().apply(part.notes, role: part.role)
                var t = totals[part.role] ?? (0, 0, 0, 0)
                t.notes += part.notes.count; t.oneStep += part.notes.filter { $0.length == 1 }.count
                t.after += after.count; t.oneStepAfter += after.filter { $0.length == 1 }.count
                totals[part.role] = t
            }
        }
    }
    print("cleanup_files \(files)")
    for (role, t) in totals.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where t.notes > 0 {
        let pct = { (x: Int) in String(format: "%.2f", 100 * Double(x) / Double(t.notes)) }
        print("cleanup_\(role)_notes \(t.notes)")
        print("cleanup_\(role)_one_step_pct \(pct(t.oneStep)) -> \(pct(t.oneStepAfter))")
        print("cleanup_\(role)_changed_notes_pct \(pct(t.notes - t.after))")
    }
    exit(0)
}

let threads = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 2
Engine.threads = threads
let env = ProcessInfo.processInfo.environment
print("engine_threads \(Engine.threads)")
print("omp_wait_policy \(env["OMP_WAIT_POLICY"] ?? "default")")
print("gomp_spincount \(env["GOMP_SPINCOUNT"] ?? "default")")

/// Ode to Joy's first 8 bars (the sample), or a scale if the samples cannot be read.
func eightBars() -> Song {
    if let ode = try? SampleMelodies.all().first(where: { $0.id == "ode-to-joy" })?.song {
        var song = ode
        let end = song.tick(atBar: 8)
        song.tracks[0].notes = song.tracks[0].notes.filter { $0.start < end }.map {
            var n = $0; n.duration = min(n.duration, end - n.start); return n
        }
        return song
    }
    let notes = (0..<32).map { Note(pitch: UInt8(60 + $0 % 8), start: $0 * 480, duration: 480) }
    return Song(tracks: [Track(name: "Melody", notes: notes)])
}

let melody = eightBars()
let window = WindowSpec(roles: [.drums, .bass, .chords, .pad])
let instruments = window.roles.map { ModelManifest.Instrument(role: $0, program: GeneralMIDI.defaultProgram(for: $0), velocity: 90) }

func median(_ runs: Int = 30, warmUps: Int = 5, _ body: (Int) -> Void) -> Double {
    for i in 0..<warmUps { body(i) }
    var times: [Double] = []
    for i in 0..<runs {
        let start = ContinuousClock.now
        body(warmUps + i)
        let d = ContinuousClock.now - start
        times.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15)
    }
    return times.sorted()[runs / 2]
}

func benchmark(_ accompanist: Accompanist) -> Double {
    median { run in _ = try! accompanist.accompany(song: melody, name: "bench", seed: UInt64(run)) }
}

/// Everything but the network: a stand-in writing a fixed sparse pattern (about 3% of cells on).
let pattern: [Float] = RandomGenerator(seed: 1).uniform(count: window.tracksCount).map { $0 > 0.97 ? 1 : -1 }
final class StandIn: Module, AccompanimentGenerator {
    let window: WindowSpec
    init(_ window: WindowSpec) { self.window = window }
    var noiseShape: [Int] { [1, 4, 4] }
    func callAsFunction(_ condition: Tensor, _ noise: Tensor) -> Tensor {
        let n = condition.shape[0]
        return Tensor(shape: [n] + window.tracksShape, data: Array([[Float]](repeating: pattern, count: n).joined()))
    }
}

let schedule = WindowSchedule(piece: try! Accompanist.melodyPiece(melody, name: "bench").piece, range: 0..<128,
                              windowSteps: window.steps)
print("generate_8bars_windows \(schedule.windows.count)")
let standIn = StandIn(window)
standIn.eval()
print(String(format: "generate_8bars_pipeline_ms %.2f", benchmark(Accompanist(generator: standIn, instruments: instruments))))
if CommandLine.arguments.dropFirst(2).first == "pipeline" { exit(0) }

// The default architectures, as stored models are rebuilt.
for architecture in [Architecture.unet, .musegan] {
    let generator: any AccompanimentGenerator
    do { generator = try StandardNetworks.make(ModelFactory.defaultConfig(architecture, roles: window.roles)) } catch {
        FileHandle.standardError.write(Data("note: \(architecture): \(error)\n".utf8))
        continue
    }
    print("\(architecture)_params \(generator.parameters().reduce(0) { $0 + $1.count })")
    for dtype in [SafeTensorsDType.f32, .bf16] {
        let bytes = generator.stateDictFile(dtype: dtype).encoded()
        let load = median(5, warmUps: 1) { _ in try! generator.loadStateDict(SafeTensorsFile(decoding: bytes)) }
        print(String(format: "\(architecture)_load_weights_\(dtype.rawValue.lowercased())_ms %.2f", load))
    }
    generator.eval()
    let accompanist = Accompanist(generator: generator, instruments: instruments)
    for precision in [Engine.Precision.float32, .bfloat16] {
        Engine.inferencePrecision = precision
        let name = precision == .float32 ? "f32" : "bf16"
        print(String(format: "generate_8bars_\(architecture)_\(name)_ms %.2f", benchmark(accompanist)))
    }
    Engine.inferencePrecision = .float32
}

// Reference until the default architectures are in the build: the lab's U-Net forward at the batch an 8-bar
// melody needs (the lab's window is 2 bars, 32 steps × 128 pitches, without overlap: 8 bars are 4 windows).
let lab = DeepComposerUNet(.lab, generator: RandomGenerator(seed: 0))
lab.eval()
let labMelody = Tensor.randn([4, 1, 32, 128]), labNoise = Tensor.randn([4, 512, 2, 8])
for precision in [Engine.Precision.float32, .bfloat16] {
    Engine.inferencePrecision = precision
    let ms = median { _ in withNoGrad { _ = lab(labMelody, labNoise) } }
    print(String(format: "dc_unet_forward_8bars_batch4_\(precision == .float32 ? "f32" : "bf16")_ms %.2f", ms))
}
