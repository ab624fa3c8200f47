import XCTest
@testable import NeuralEngine

final class OptimizerTests: XCTestCase {
    /// PyTorch's Adam/AdamW step written out in Double for a few values.
    func reference(p0: [Double], grads: [[Double]], lr: Double, b1: Double, b2: Double, eps: Double, wd: Double,
                   decoupled: Bool) -> [Double] {
        var p = p0, m = [Double](repeating: 0, count: p0.count), v = m
        for (t, g0) in grads.enumerated() {
            let step = Double(t + 1)
            for i in p.indices {
                var g = g0[i]
                if decoupled { p[i] *= 1 - lr * wd } else { g += wd * p[i] }
                m[i] = b1 * m[i] + (1 - b1) * g
                v[i] = b2 * v[i] + (1 - b2) * g * g
                let denom = (v[i].squareRoot() / (1 - pow(b2, step)).squareRoot()) + eps
                p[i] -= lr / (1 - pow(b1, step)) * m[i] / denom
            }
        }
        return p
    }

    func run(decoupled: Bool, wd: Float) {
        let p0: [Float] = [0.5, -1.5, 2, 1e-3]
        let grads: [[Float]] = [[0.1, -0.2, 0.3, 0], [-0.5, 0.4, 1e-4, 2], [0.2, 0.2, -0.2, -1]]
        let p = Tensor(shape: [4], data: p0).requiringGrad()
        let opt: Adam = decoupled ? AdamW(parameters: [p], lr: 1e-2, betas: (0.5, 0.9), weightDecay: wd)
                                  : Adam(parameters: [p], lr: 1e-2, betas: (0.5, 0.9), weightDecay: wd)
        for g in grads {
            p.grad = Tensor(shape: [4], data: g)
            opt.step()
        }
        let expected = reference(p0: p0.map(Double.init), grads: grads.map { $0.map(Double.init) }, lr: 1e-2, b1: 0.5, b2: 0.9,
                                 eps: 1e-8, wd: Double(wd), decoupled: decoupled)
        for (a, e) in zip(p.toArray(), expected) { XCTAssertEqual(Double(a), e, accuracy: 1e-6) }
        XCTAssertEqual(opt.stepCount, 3)
    }

    func testAdamMatchesPyTorchFormula() { run(decoupled: false, wd: 0) }
    func testAdamL2WeightDecay() { run(decoupled: false, wd: 0.1) }
    func testAdamW() { run(decoupled: true, wd: 0.1) }

    func testParametersWithoutGradientsAreSkippedAndLayoutsHandled() {
        let a = Tensor.ones([1, 2, 2, 2]).channelsLast().requiringGrad(), b = Tensor.ones([2]).requiringGrad()
        let opt = Adam(parameters: [a, b], lr: 0.1)
        a.grad = Tensor(shape: [1, 2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8])   // row-major gradient
        opt.step()
        XCTAssertEqual(b.toArray(), [1, 1])
        // First Adam step moves every element by lr·sign(g) (up to ε).
        for v in a.toArray() { XCTAssertEqual(v, 0.9, accuracy: 1e-5) }
    }

    func testLinearDecaySchedule() {
        let s = LearningRateSchedule.linearDecay(initial: 1e-3, from: 45_000, to: 50_000)
        XCTAssertEqual(s.rate(at: 1), 1e-3)
        XCTAssertEqual(s.rate(at: 45_000), 1e-3)
        XCTAssertEqual(s.rate(at: 47_500), 5e-4, accuracy: 1e-9)
        XCTAssertEqual(s.rate(at: 50_000), 0)
        XCTAssertEqual(s.rate(at: 60_000), 0)
        let p = Tensor.ones([1]).requiringGrad()
        let opt = Adam(parameters: [p], schedule: .linearDecay(initial: 0.1, from: 1, to: 3))
        XCTAssertEqual(opt.learningRate, 0.1)
        p.grad = Tensor.ones([1]); opt.step()
        XCTAssertEqual(opt.learningRate, 0.05, accuracy: 1e-7)
    }

    func testStateRoundTripAndMismatchIsReported() throws {
        let p = Tensor.ones([3]).requiringGrad()
        let opt = Adam(parameters: [p])
        p.grad = Tensor(shape: [3], data: [1, 2, 3]); opt.step()
        let state = Dictionary(uniqueKeysWithValues: opt.stateDict())
        let other = Adam(parameters: [Tensor.ones([3]).requiringGrad()])
        try other.loadStateDict(state)
        XCTAssertEqual(other.stepCount, 1)
        XCTAssertEqual(other.stateDict().map { $0.1.toArray() }, opt.stateDict().map { $0.1.toArray() })
        var bad = state
        bad["state.0.exp_avg"] = Tensor.zeros([4])
        XCTAssertThrowsError(try other.loadStateDict(bad)) { error in
            XCTAssertEqual((error as? TensorError)?.message,
                           "optimizer state: 'state.0.exp_avg' has shape [4], parameter needs [3]")
        }
    }
}
