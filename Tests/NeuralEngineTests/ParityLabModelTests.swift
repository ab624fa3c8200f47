import Generators
import XCTest
@testable import NeuralEngine

/// The lab's models at full size and their training step: structure and names that must match the PyTorch port
/// (../shared/anchors/deepcomposer_unet.py), and a trainer that actually trains.
final class ParityLabModelTests: XCTestCase {
    func testFullSizeParameterCountsMatchTheLab() {
        let g = DeepComposerUNet(.lab, generator: RandomGenerator(seed: 1))
        let d = DeepComposerCritic(.lab, generator: RandomGenerator(seed: 1))
        XCTAssertEqual(g.parameters().reduce(0) { $0 + $1.count }, 8_270_852)
        XCTAssertEqual(d.parameters().reduce(0) { $0 + $1.count }, 2_766_785)
    }

    func testStateDictNamesAndShapesMatchThePyTorchPort() {
        let g = DeepComposerUNet(.lab, generator: RandomGenerator(seed: 1))
        var expected: [(String, [Int])] = [("d1.0.weight", [64, 1, 4, 4]), ("d1.0.bias", [64])]
        for (block, o, i) in [("d2", 128, 64), ("d3", 256, 128), ("d4", 512, 256)] {
            expected += [("\(block).0.weight", [o, i, 4, 4]), ("\(block).0.bias", [o])]
            expected += ["weight", "bias", "running_mean", "running_var"].map { ("\(block).2.\($0)", [o]) }
            expected.append(("\(block).2.num_batches_tracked", []))
        }
        for (block, o, i) in [("u4", 256, 1024), ("u5", 128, 512), ("u6", 64, 256)] {
            expected += [("\(block).1.weight", [o, i, 4, 4]), ("\(block).1.bias", [o])]
            expected += ["weight", "bias", "running_mean", "running_var"].map { ("\(block).2.\($0)", [o]) }
            expected.append(("\(block).2.num_batches_tracked", []))
        }
        expected += [("out.1.weight", [4, 128, 4, 4]), ("out.1.bias", [4])]
        XCTAssertEqual(g.stateDict().map(\.0), expected.map(\.0))
        XCTAssertEqual(g.stateDict().map(\.1.shape), expected.map(\.1))

        let d = DeepComposerCritic(.lab, generator: RandomGenerator(seed: 1))
        XCTAssertEqual(d.stateDict().map(\.0), ["features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias",
                                                "features.4.weight", "features.4.bias", "features.6.weight", "features.6.bias",
                                                "dense.weight", "dense.bias"])
        XCTAssertEqual(d.dense.weight.shape, [1, 512 * 2 * 8])
        XCTAssertEqual(d.features.layers.count, 8)
    }

    func testFixtureWeightsSaveBackAsPyTorchWroteThem() throws {
        let reference = try loadFixture("generator_weights")
        let g = DeepComposerUNet(parityConfig, generator: RandomGenerator(seed: 1))
        try g.loadStateDict(reference)
        let saved = try SafeTensorsFile(decoding: g.stateDictFile().encoded())
        XCTAssertEqual(Set(saved.names), Set(reference.names))
        for name in reference.names { XCTAssertEqual(saved[name], reference[name], name) }
    }

    func testFusedDecoderConvolutionEqualsUpsampleThenSameConvolution() {
        let g = DeepComposerUNet(parityConfig, generator: RandomGenerator(seed: 4))
        let conv = g.u5.conv
        let x = Tensor.randn([2, 32, 2, 8], generator: RandomGenerator(seed: 5))
        let fused = withNoGrad { conv(x) }
        let geometry = Padding.same.geometry(input: [4, 16], kernel: [4, 4], stride: [1, 1])
        let plain = withNoGrad { x.upsampleNearest(scale: [2, 2]).conv(conv.weight, bias: conv.bias, geometry: geometry) }
        let e = parityError(fused.toArray(), plain.toArray())
        XCTAssertLessThanOrEqual(e.relative, 1e-6, "\(e)")
    }

    func testGenerateIsDeterministicAndLeavesTrainingStateAlone() {
        let g = DeepComposerUNet(parityConfig, generator: RandomGenerator(seed: 1))
        let melody = Tensor.randn([1, 1, 16, 64], generator: RandomGenerator(seed: 2)).greater(0) * 2 - 1
        let noise = g.sampleNoise(batch: 1, generator: RandomGenerator(seed: 3))
        XCTAssertLessThanOrEqual(noise.toArray().map(abs).max()!, 2, "truncated at 2σ")
        let buffers = g.namedBuffers().map { $0.1.toArray() }
        let a = g.generate(melody: melody, noise: noise), b = g.generate(melody: melody, noise: noise)
        XCTAssertEqual(a.shape, [1, 4, 16, 64])
        XCTAssertEqual(a.toArray(), b.toArray())
        XCTAssertTrue(a.toArray().allSatisfy { $0 > -1 && $0 < 1 })
        XCTAssertFalse(a.requiresGrad)
        XCTAssertTrue(g.isTraining, "generate restores the training mode")
        XCTAssertEqual(g.namedBuffers().map { $0.1.toArray() }, buffers, "inference does not touch running statistics")
    }

    private func trainer(seed: UInt64) -> WGANGPTrainer {
        let config = DeepComposerLabConfig(widths: [4, 8, 8, 16], noiseChannels: 8, steps: 16, pitches: 32)
        return WGANGPTrainer(generator: DeepComposerUNet(config, generator: RandomGenerator(seed: seed)),
                             critic: DeepComposerCritic(config, generator: RandomGenerator(seed: seed + 1)),
                             random: RandomGenerator(seed: seed + 2))
    }

    /// Real data with structure a critic can learn: each track holds one pitch band; the melody is track 0.
    private func batch() -> (real: Tensor, melody: Tensor) {
        var values = [Float](repeating: -1, count: 4 * 4 * 16 * 32)
        for n in 0..<4 { for t in 0..<4 { for s in 0..<16 { values[((n * 4 + t) * 16 + s) * 32 + 4 + 6 * t + (s + n) % 3] = 1 } } }
        let real = Tensor(shape: [4, 4, 16, 32], data: values)
        return (real, real.slice(axis: 1, 0..<1).contiguous())
    }

    func testTrainingStepUpdatesBothModelsDeterministically() {
        let (real, melody) = batch()
        let t1 = trainer(seed: 10), t2 = trainer(seed: 10)
        let g0 = t1.generator.parameters().map { $0.toArray() }, d0 = t1.critic.parameters().map { $0.toArray() }
        let l1 = t1.step(real: real, melody: melody), l2 = t2.step(real: real, melody: melody)
        XCTAssertEqual(l1, l2, "same seeds, same losses")
        XCTAssertTrue([l1.critic, l1.gradientPenalty, l1.wasserstein, l1.generator].allSatisfy(\.isFinite))
        XCTAssertNotEqual(t1.generator.parameters().map { $0.toArray() }, g0)
        XCTAssertNotEqual(t1.critic.parameters().map { $0.toArray() }, d0)
        XCTAssertEqual(t1.criticOptimizer.stepCount, 5)
        XCTAssertEqual(t1.generatorOptimizer.stepCount, 1)
        // Five no-grad fakes and one generator pass, all in training mode.
        XCTAssertEqual(t1.generator.d2.norm!.numBatchesTracked.item(), 6)
        XCTAssertTrue(t1.generator.parameters().allSatisfy { $0.grad == nil }, "gradients are cleared after each update")
    }

    func testCriticLearnsToTellRealFromGenerated() {
        let (real, melody) = batch()
        let t = trainer(seed: 20)
        t.criticUpdates = 5
        let first = t.step(real: real, melody: melody)
        var last = first
        for _ in 0..<3 { last = t.step(real: real, melody: melody) }
        XCTAssertGreaterThan(last.wasserstein, first.wasserstein + 0.1, "first \(first), last \(last)")
        XCTAssertLessThan(last.critic, first.critic - 0.5, "first \(first), last \(last)")
    }
}
