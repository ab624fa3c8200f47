// Generator benchmark: the accompaniment architectures built by ModelFactory at their default configs (4 roles).
//   a. generation for an 8-bar melody (128 steps), eval mode, no graph, batch 1 per window: the windows an 8-bar
//      melody needs laid end to end (unet, musegan: 2 × 64 steps; unet-dc: 4 × 32) and with half-window overlap
//      (3 and 7 windows, run as one batch); float32 and bfloat16 (Engine.inferencePrecision); 5 warm-ups, mean of 30;
//   b. one WGAN-GP iteration at batch 32: 5 critic updates with the gradient penalty (λ = 10, double backward) and
//      one generator update, Adam lr 1e-3, β (0.5, 0.9); 1 warm-up, mean of N.
// Prints `NAME VALUE` lines. Usage: GeneratorBench [threads] [training iterations (0: none)] [architecture...]
// Run it with OMP_WAIT_POLICY / GOMP_SPINCOUNT set in the environment to compare OpenMP wait policies.
import Foundation
import Generators
import MusicCore
import NeuralEngine

let arguments = Array(CommandLine.arguments.dropFirst())
let numbers = arguments.prefix { Int($0) != nil }.map { Int($0)! }
let names = arguments.dropFirst(numbers.count)
let architectures = names.isEmpty ? Architecture.allCases : names.compactMap(Architecture.init(rawValue:))
guard numbers.allSatisfy({ $0 >= 0 }), numbers.first != 0, numbers.count <= 2, architectures.count == max(names.count, names.isEmpty ? 3 : 0) else {
    FileHandle.standardError.write(Data("usage: GeneratorBench [threads] [training iterations] [unet|musegan|unet-dc ...]\n".utf8))
    exit(2)
}
Engine.threads = numbers.first ?? 2
let iterations = numbers.dropFirst().first ?? 2
print("engine_threads \(Engine.threads)")

func seconds(_ body: () -> Void) -> Double {
    let start = ContinuousClock.now
    body()
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Bipolar random planes: `density` of the cells on.
func roll(_ shape: [Int], density: Float, _ random: RandomGenerator) -> Tensor {
    Tensor.rand(shape, generator: random).less(density) * 2 - 1
}

func update(_ optimizer: Adam, _ loss: Tensor) {
    let grads = grad(of: [loss], wrt: optimizer.parameters)
    for (p, g) in zip(optimizer.parameters, grads) { p.grad = g }
    optimizer.step()
    optimizer.zeroGrad()
}

/// One WGAN-GP iteration as the DeepComposer lab trains (see Generators/Models/WGANGP.swift), over the protocols.
func wganIteration(_ g: any AccompanimentGenerator, _ d: any AccompanimentCritic, gOpt: Adam, dOpt: Adam,
                   real: Tensor, condition: Tensor, random: RandomGenerator) -> Float {
    let n = real.shape[0]
    var last: Float = 0
    for _ in 0..<5 {
        let fake = withNoGrad { g(condition, g.sampleNoise(batch: n, generator: random)) }
        let epsilon = Tensor.rand([n, 1, 1, 1], generator: random)
        let x = withNoGrad { epsilon * real + (1 - epsilon) * fake }.requiringGrad()
        let gx = grad(of: [d(x, condition).sum()], wrt: [x], createGraph: true)[0]
        let penalty = ((gx.pow(2).sum(axes: [1, 2, 3]) + 1e-8).sqrt() - 1).pow(2).mean()
        let scores = d(Tensor.cat([fake, real], axis: 0), Tensor.cat([condition, condition], axis: 0))
        let loss = scores.slice(axis: 0, 0..<n).mean() - scores.slice(axis: 0, n..<(2 * n)).mean() + 10 * penalty
        update(dOpt, loss)
        last = loss.item()
    }
    update(gOpt, -d(g(condition, g.sampleNoise(batch: n, generator: random)), condition).mean())
    return last
}

let roles: [TrackRole] = [.drums, .bass, .chords, .pad]
for architecture in architectures {
    let name = architecture.rawValue.replacingOccurrences(of: "-", with: "_")
    let random = RandomGenerator(seed: 0)
    let config = ModelFactory.defaultConfig(architecture, roles: roles)
    let (g, d) = try ModelFactory.make(config, random: random)
    let window = config.window
    print("\(name)_generator_params \(g.parameters().reduce(0) { $0 + $1.count })")
    print("\(name)_critic_params \(d.parameters().reduce(0) { $0 + $1.count })")

    // a. Generation for 8 bars: windows end to end (batch 1 each) and overlapping by half (one batch).
    let windows = 128 / window.steps, overlapping = 2 * windows - 1
    g.eval()
    for precision in [Engine.Precision.float32, .bfloat16] {
        Engine.inferencePrecision = precision
        let tag = precision == .float32 ? "f32" : "bf16"
        let conditions = (0..<windows).map { _ in roll([1] + window.conditionShape, density: 0.02, random) }
        let noises = (0..<windows).map { _ in g.sampleNoise(batch: 1, generator: random) }
        let batch = roll([overlapping] + window.conditionShape, density: 0.02, random)
        let batchNoise = g.sampleNoise(batch: overlapping, generator: random)
        withNoGrad {
            for _ in 0..<5 { for (c, z) in zip(conditions, noises) { _ = g(c, z) }; _ = g(batch, batchNoise) }
            let runs = 30
            let t = seconds { for _ in 0..<runs { for (c, z) in zip(conditions, noises) { _ = g(c, z) } } }
            print(String(format: "\(name)_8bars_\(windows)x1_\(tag)_ms %.2f", t / Double(runs) * 1000))
            let u = seconds { for _ in 0..<runs { _ = g(batch, batchNoise) } }
            print(String(format: "\(name)_8bars_overlap_batch\(overlapping)_\(tag)_ms %.2f", u / Double(runs) * 1000))
        }
    }
    Engine.inferencePrecision = .float32

    // b. WGAN-GP iteration at batch 32.
    if iterations == 0 { continue }
    g.train()
    let batch = 32
    let real = roll([batch] + window.tracksShape, density: 0.05, random)
    let condition = roll([batch] + window.conditionShape, density: 0.02, random)
    let gOpt = Adam(parameters: g.parameters(), lr: 1e-3, betas: (0.5, 0.9))
    let dOpt = Adam(parameters: d.parameters(), lr: 1e-3, betas: (0.5, 0.9))
    var loss = wganIteration(g, d, gOpt: gOpt, dOpt: dOpt, real: real, condition: condition, random: random)
    let t = seconds {
        for _ in 0..<iterations {
            loss = wganIteration(g, d, gOpt: gOpt, dOpt: dOpt, real: real, condition: condition, random: random)
        }
    }
    print(String(format: "\(name)_wgan_gp_iteration_batch32_s %.3f", t / Double(iterations)))
    guard loss.isFinite else {
        FileHandle.standardError.write(Data("GeneratorBench: \(architecture) training diverged (critic loss \(loss))\n".utf8))
        exit(1)
    }
}
