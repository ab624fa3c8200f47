import XCTest
@testable import NeuralEngine

final class AutogradTests: XCTestCase {
    let g = RandomGenerator(seed: 61)

    func testBackwardAccumulatesIntoLeaves() {
        let x = Tensor(shape: [2], data: [1, 2]).requiringGrad()
        let y = (x * x).sum()          // dy/dx = 2x
        y.backward()
        XCTAssertEqual(x.grad?.toArray(), [2, 4])
        (x * 3).sum().backward()       // accumulates: + 3
        XCTAssertEqual(x.grad?.toArray(), [5, 7])
        XCTAssertNil(x.grad?.gradFnName, "plain backward leaves no graph on .grad")
    }

    func testDiamondGraphSumsPaths() {
        let x = Tensor(shape: [1], data: [3]).requiringGrad()
        let a = x * 2, b = x.pow(2)
        let gx = grad(of: [(a * b).sum()], wrt: [x])[0]   // d/dx 2x³ = 6x² = 54
        XCTAssertEqual(gx.item(), 54, accuracy: 1e-4)
        XCTAssertNil(x.grad, "grad(of:wrt:) does not touch .grad")
    }

    func testNoGradRecordsNothing() {
        let w = Tensor.randn([3], generator: g).requiringGrad()
        let y = withNoGrad { (w * 2).tanh() }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertNil(y.gradFnName)
        XCTAssertTrue(GradMode.isEnabled)
        let z = w * 2
        XCTAssertEqual(z.gradFnName, "mulScalar")
    }

    func testUnusedInputGetsZeros() {
        let x = Tensor.ones([2]).requiringGrad(), unused = Tensor.ones([3]).requiringGrad()
        let gs = grad(of: [x.sum()], wrt: [x, unused])
        XCTAssertEqual(gs[1].toArray(), [0, 0, 0])
    }

    func testCreateGraphGivesDifferentiableGradients() {
        let x = Tensor(shape: [1], data: [2]).requiringGrad()
        let dx = grad(of: [x.pow(3).sum()], wrt: [x], createGraph: true)[0]   // 3x² = 12
        XCTAssertEqual(dx.item(), 12, accuracy: 1e-5)
        XCTAssertTrue(dx.requiresGrad)
        let ddx = grad(of: [dx.sum()], wrt: [x], createGraph: true)[0]        // 6x = 12
        XCTAssertEqual(ddx.item(), 12, accuracy: 1e-5)
        let dddx = grad(of: [ddx.sum()], wrt: [x])[0]                         // 6
        XCTAssertEqual(dddx.item(), 6, accuracy: 1e-5)
        let plain = grad(of: [x.pow(3).sum()], wrt: [x])[0]
        XCTAssertFalse(plain.requiresGrad)
    }

    /// WGAN-GP: the gradient penalty of a small critic, differentiated w.r.t. the critic's weights, against
    /// finite differences of the penalty itself.
    func testGradientPenaltyOfConvCritic() {
        let x = Tensor.randn([2, 2, 6, 6], generator: g)
        let w1 = Tensor.randn([2, 2, 4, 4], std: 0.3, generator: g), b1 = Tensor.randn([2], std: 0.1, generator: g)
        let w2 = Tensor.randn([1, 18], std: 0.3, generator: g)
        let geo = ConvGeometry(stride: [2, 2], padLeft: [1, 1], padRight: [1, 1])
        func critic(_ x: Tensor, _ w1: Tensor, _ b1: Tensor, _ w2: Tensor) -> Tensor {
            x.conv(w1, bias: b1, geometry: geo).leakyRelu(0.2).flatten(from: 1).linear(w2)
        }
        // d/dθ of Σ (‖∂D/∂x‖ − 1)² for each sample.
        GradCheck.check([x, w1, b1, w2], eps: 3e-3, rtol: 3e-2, atol: 3e-3, wrt: [1, 2, 3]) { t in
            withGradMode(true) {
                let xi = t[0].detach().requiringGrad()
                let gx = grad(of: [critic(xi, t[1], t[2], t[3]).sum()], wrt: [xi], createGraph: true)[0]
                return ((gx.pow(2).sum(axes: [1, 2, 3]) + 1e-8).sqrt() - 1).pow(2).mean()
            }
        }
    }
}
