import Foundation
import Generators
import XCTest
@testable import NeuralEngine

// Parity with PyTorch on the DeepComposer lab's models (small widths), from the fixtures written by
// scripts/parity/make_fixtures.py: references are float64 PyTorch results stored as float32, so the error
// measured is ours alone. Error is norm-wise, ‖ours − ref‖ / ‖ref‖, plus the largest single difference
// relative to the largest reference value.

/// The fixtures' model: widths 4/8/16/32, noise 32, melody 16 × 64, batch 2.
let parityConfig = DeepComposerLabConfig(widths: [4, 8, 16, 32], noiseChannels: 32, steps: 16, pitches: 64)

struct ParityError: CustomStringConvertible {
    let diffNorm, refNorm, maxAbs, maxRef: Double
    var relative: Double { refNorm == 0 ? diffNorm : diffNorm / refNorm }
    var description: String {
        String(format: "relative %.2e, max |diff| %.2e (‖ref‖ %.2e, max |ref| %.2e)", relative, maxAbs, refNorm, maxRef)
    }
}

func parityError(_ ours: [Float], _ reference: [Float]) -> ParityError {
    precondition(ours.count == reference.count)
    var diff2 = 0.0, ref2 = 0.0, maxAbs = 0.0, maxRef = 0.0
    for (a, b) in zip(ours, reference) {
        let d = Double(a) - Double(b)
        diff2 += d * d
        ref2 += Double(b) * Double(b)
        maxAbs = max(maxAbs, abs(d))
        maxRef = max(maxRef, abs(Double(b)))
    }
    return ParityError(diffNorm: diff2.squareRoot(), refNorm: ref2.squareRoot(), maxAbs: maxAbs, maxRef: maxRef)
}

/// Asserts ours matches the reference to `tolerance` norm-wise (‖ours − ref‖ ≤ tolerance · ‖ref‖) and that no
/// element is off by more than `tolerance` × the largest reference magnitude.
///
/// `scale` is for references that are zero by structure (a conv bias feeding a train-mode BatchNorm, which
/// subtracts it again): float64 leaves ~1e-15 there, float32 ~1e-6, so the error is measured against the size
/// of the terms that cancel instead (`scale` stands in for ‖ref‖ and max |ref| when larger).
func assertParity(_ ours: Tensor, _ reference: SafeTensor?, _ tolerance: Double, _ name: String, scale: Double = 0,
                  file: StaticString = #filePath, line: UInt = #line) {
    guard let reference else { return XCTFail("fixture lacks \(name)", file: file, line: line) }
    XCTAssertEqual(ours.shape, reference.shape, name, file: file, line: line)
    guard ours.shape == reference.shape else { return }
    let e = parityError(ours.toArray(), reference.floats())
    let norm = max(e.refNorm, scale), largest = max(e.maxRef, scale)
    if ProcessInfo.processInfo.environment["PARITY_VERBOSE"] != nil {
        print(String(format: "parity %-40@ %.2e of ‖ref‖, max |diff| %.2e of max |ref|", name, e.diffNorm / norm, e.maxAbs / largest))
    }
    if norm == 0 {
        XCTAssertLessThanOrEqual(e.maxAbs, 1e-6, "\(name) should be zero: \(e)", file: file, line: line)
    } else {
        XCTAssertLessThanOrEqual(e.diffNorm, tolerance * norm, "\(name): \(e)", file: file, line: line)
        XCTAssertLessThanOrEqual(e.maxAbs, tolerance * largest, "\(name): \(e)", file: file, line: line)
    }
}

func norm(_ t: SafeTensor?) -> Double { (t?.floats() ?? []).reduce(0) { $0 + Double($1) * Double($1) }.squareRoot() }

let outputTolerance = 1e-4
let gradientTolerance = 1e-3

final class ParityTests: XCTestCase {
    private func models() throws -> (DeepComposerUNet, DeepComposerCritic) {
        let g = DeepComposerUNet(parityConfig, generator: RandomGenerator(seed: 1))
        let d = DeepComposerCritic(parityConfig, generator: RandomGenerator(seed: 2))
        try g.loadStateDict(loadFixture("generator_weights"))
        try d.loadStateDict(loadFixture("critic_weights"))
        return (g, d)
    }

    func testGeneratorEvalOutput() throws {
        let (g, _) = try models()
        let f = try loadFixture("generator_parity")
        let y = g.generate(melody: f["input.c"]!.tensor(), noise: f["input.z"]!.tensor())
        assertParity(y, f["output.eval"], outputTolerance, "output.eval")
    }

    func testGeneratorTrainOutputGradientsAndRunningStatistics() throws {
        let (g, _) = try models()
        let f = try loadFixture("generator_parity")
        let c = f["input.c"]!.tensor().requiringGrad(), z = f["input.z"]!.tensor().requiringGrad()
        g.train()
        let y = g(c, z)
        assertParity(y, f["output.train"], outputTolerance, "output.train")
        for (name, buffer) in g.namedBuffers() {
            assertParity(buffer, f["after_train." + name], outputTolerance, "after_train." + name)
        }
        let loss = (y * f["loss_weights"]!.tensor()).sum()
        assertParity(loss, f["loss"], outputTolerance, "loss")
        let params = g.namedParameters()
        let grads = grad(of: [loss], wrt: params.map(\.1) + [c, z])
        for ((name, _), gr) in zip(params, grads) {
            // uN.1 (conv) feeds uN.2 (BatchNorm): the conv bias's true gradient is zero; the terms that cancel
            // are the size of the BatchNorm bias's gradient.
            let scale = name.hasSuffix(".1.bias") ? norm(f["grad." + name.dropLast(6) + "2.bias"]) : 0
            assertParity(gr, f["grad." + name], gradientTolerance, "grad." + name, scale: scale)
        }
        assertParity(grads[params.count], f["grad.input.c"], gradientTolerance, "grad.input.c")
        assertParity(grads[params.count + 1], f["grad.input.z"], gradientTolerance, "grad.input.z")
    }

    func testCriticOutput() throws {
        let (_, d) = try models()
        let f = try loadFixture("critic_parity")
        let score = withNoGrad { d(f["input.real"]!.tensor(), f["input.c"]!.tensor()) }
        assertParity(score, f["output.real"], outputTolerance, "output.real")
    }

    /// Second order: the penalty's gradient with respect to the critic's weights differentiates the critic's
    /// input gradient.
    func testGradientPenaltyAndItsSecondOrderWeightGradients() throws {
        let (_, d) = try models()
        let f = try loadFixture("critic_parity")
        let eps = f["input.eps"]!.tensor(), real = f["input.real"]!.tensor(), fake = f["input.fake"]!.tensor()
        let mixed = eps * real + (1 - eps) * fake
        let (gp, inputGradient) = gradientPenalty(critic: d, mixed: mixed, condition: f["input.c"]!.tensor())
        assertParity(inputGradient, f["gp_input_grad"], gradientTolerance, "gp_input_grad")
        assertParity(gp, f["gp"], outputTolerance, "gp")
        let params = d.namedParameters()
        for ((name, _), g) in zip(params, grad(of: [gp], wrt: params.map(\.1))) {
            assertParity(g, f["gp_grad." + name], gradientTolerance, "gp_grad." + name)
        }
    }

    func testCriticLossAndWeightGradients() throws {
        let (_, d) = try models()
        let f = try loadFixture("critic_parity")
        let (loss, penalty, _) = criticLoss(critic: d, real: f["input.real"]!.tensor(), fake: f["input.fake"]!.tensor(),
                                            condition: f["input.c"]!.tensor(), epsilon: f["input.eps"]!.tensor())
        assertParity(loss, f["loss"], outputTolerance, "loss")
        assertParity(penalty, f["gp"], outputTolerance, "gp")
        let params = d.namedParameters()
        for ((name, _), g) in zip(params, grad(of: [loss], wrt: params.map(\.1))) {
            assertParity(g, f["loss_grad." + name], gradientTolerance, "loss_grad." + name)
        }
    }

    func testGeneratorLossThroughTheCritic() throws {
        let (g, d) = try models()
        let f = try loadFixture("critic_parity")
        let c = f["input.c"]!.tensor().requiringGrad()
        let z = try loadFixture("generator_parity")["input.z"]!.tensor().requiringGrad()
        g.train()
        let loss = -d(g(c, z), f["input.c"]!.tensor()).mean()
        assertParity(loss, f["generator_loss"], outputTolerance, "generator_loss")
        let params = d.namedParameters()
        let grads = grad(of: [loss], wrt: params.map(\.1) + [c, z])
        for ((name, _), gr) in zip(params, grads) {
            assertParity(gr, f["generator_loss_grad." + name], gradientTolerance, "generator_loss_grad." + name)
        }
        assertParity(grads[params.count], f["generator_loss_grad.input.c"], gradientTolerance, "generator_loss_grad.input.c")
        assertParity(grads[params.count + 1], f["generator_loss_grad.input.z"], gradientTolerance, "generator_loss_grad.input.z")
    }

    /// Two Adam steps (β 0.5/0.9, lr 1e-3) from PyTorch's own float32 gradients: checks moments and bias
    /// corrections, independent of our gradients. The update is compared, not just the weights (which barely move).
    func testAdamTwoStepsMatchPyTorch() throws {
        let (_, d) = try models()
        let f = try loadFixture("critic_parity"), a = try loadFixture("adam_parity")
        let params = d.namedParameters()
        let start = params.map { $0.1.toArray() }
        let adam = Adam(parameters: params.map(\.1), lr: 1e-3, betas: (0.5, 0.9))
        for (step, gradPrefix) in [(1, "loss_grad."), (2, "grad2.")] {
            let source = step == 1 ? f : a
            for (name, p) in params { p.grad = source[gradPrefix + name]!.tensor() }
            adam.step()
            for ((name, p), p0) in zip(params, start) {
                let expected = a["step\(step)." + name]!.floats()
                let e = parityError(zip(p.toArray(), p0).map { $0 - $1 }, zip(expected, p0).map { $0 - $1 })
                XCTAssertLessThanOrEqual(e.relative, 1e-6, "step \(step) \(name): \(e)")
                XCTAssertLessThanOrEqual(e.maxAbs, 1e-8, "step \(step) \(name): \(e)")
            }
        }
    }

    /// One critic update from our own gradients lands where PyTorch's does (Adam's near-sign first step makes
    /// this a check on the gradients' signs everywhere).
    func testCriticUpdateFromOurGradients() throws {
        let (_, d) = try models()
        let f = try loadFixture("critic_parity"), a = try loadFixture("adam_parity")
        let params = d.namedParameters()
        let start = params.map { $0.1.toArray() }
        let (loss, _, _) = criticLoss(critic: d, real: f["input.real"]!.tensor(), fake: f["input.fake"]!.tensor(),
                                      condition: f["input.c"]!.tensor(), epsilon: f["input.eps"]!.tensor())
        let adam = Adam(parameters: params.map(\.1), lr: 1e-3, betas: (0.5, 0.9))
        for (p, g) in zip(params.map(\.1), grad(of: [loss], wrt: params.map(\.1))) { p.grad = g }
        adam.step()
        for ((name, p), p0) in zip(params, start) {
            let expected = a["step1." + name]!.floats()
            let e = parityError(zip(p.toArray(), p0).map { $0 - $1 }, zip(expected, p0).map { $0 - $1 })
            XCTAssertLessThanOrEqual(e.relative, gradientTolerance, "\(name): \(e)")
        }
    }
}
