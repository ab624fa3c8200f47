// Neural engine benchmark on the DeepComposer GAN lab's U-Net generator and critic, measured exactly as the speed
// peers (../shared/anchors/deepcomposer_unet.py) measure them:
//   a. generator forward, batch 1 (melody 1×32×128, noise 512×2×8), eval mode, no graph: 5 warm-ups, mean of 50;
//   b. one WGAN-GP iteration, batch 64: 5 critic updates with gradient penalty λ = 10 and 1 generator update,
//      Adam lr 1e-3, β (0.5, 0.9): 1 warm-up, mean of 3.
// Prints `NAME VALUE` lines. Usage: EngineBench [threads] [iterations]   (benchmarks/engine runs it beside the peers)
import Foundation
import Generators
import NeuralEngine

let arguments = CommandLine.arguments.dropFirst().map { Int($0) }
guard arguments.allSatisfy({ $0 != nil && $0! > 0 }) else {
    FileHandle.standardError.write(Data("usage: EngineBench [threads] [training iterations]\n".utf8))
    exit(2)
}
let threads = arguments.first.flatMap { $0 } ?? 2
let iterations = arguments.dropFirst().first.flatMap { $0 } ?? 3
Engine.threads = threads

func seconds(_ body: () -> Void) -> Double {
    let start = ContinuousClock.now
    body()
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

let random = RandomGenerator(seed: 0)
let generator = DeepComposerUNet(.lab, generator: random)
let critic = DeepComposerCritic(.lab, generator: random)
print("engine_threads \(Engine.threads)")
print("dc_unet_params \(generator.parameters().reduce(0) { $0 + $1.count })")
print("dc_critic_params \(critic.parameters().reduce(0) { $0 + $1.count })")

// a. Batch-1 inference.
let melody1 = Tensor.randn([1, 1, 32, 128], generator: random)
let noise1 = Tensor.randn([1, 512, 2, 8], generator: random)
generator.eval()
withNoGrad {
    for _ in 0..<5 { _ = generator(melody1, noise1) }
    let runs = 50
    let t = seconds { for _ in 0..<runs { _ = generator(melody1, noise1) } }
    print(String(format: "dc_unet_forward_batch1_ms %.2f", t / Double(runs) * 1000))
}

// b. WGAN-GP training iteration.
generator.train()
let batch = 64
let real = Tensor.randn([batch, 4, 32, 128], generator: random).greater(0) * 2 - 1
let melody = real.slice(axis: 1, 0..<1).contiguous()
let trainer = WGANGPTrainer(generator: generator, critic: critic, learningRate: 1e-3, betas: (0.5, 0.9),
                            criticUpdates: 5, penaltyWeight: 10, random: random)
var losses = trainer.step(real: real, melody: melody)
let t = seconds { for _ in 0..<iterations { losses = trainer.step(real: real, melody: melody) } }
print(String(format: "dc_wgan_gp_iteration_s %.2f", t / Double(iterations)))
guard losses.critic.isFinite, losses.generator.isFinite else {
    FileHandle.standardError.write(Data("EngineBench: training diverged (\(losses))\n".utf8))
    exit(1)
}
