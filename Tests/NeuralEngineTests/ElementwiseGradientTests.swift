import XCTest
@testable import NeuralEngine

/// Finite-difference checks of every elementwise op, first and second order.
final class ElementwiseGradientTests: XCTestCase {
    let g = RandomGenerator(seed: 11)

    /// Values away from 0 (kinks of abs/relu) and positive where needed.
    func awayFromZero(_ shape: [Int]) -> Tensor {
        let magnitude = Tensor.rand(shape, low: 0.3, high: 1.2, generator: g)
        let sign = Tensor.rand(shape, generator: g).greater(0.5) * 2 - 1
        return magnitude * sign
    }

    func positive(_ shape: [Int]) -> Tensor { Tensor.rand(shape, low: 0.5, high: 2, generator: g) }

    func testBinaryOpsWithBroadcasting() {
        let a = Tensor.randn([2, 3, 4], generator: g), b = Tensor.randn([3, 1], generator: g)
        GradCheck.check([a, b]) { $0[0] + $0[1] }
        GradCheck.check([a, b]) { $0[0] - $0[1] }
        GradCheck.check([a, b]) { $0[0] * $0[1] }
        GradCheck.check([a, positive([3, 1])]) { $0[0] / $0[1] }
        let c = Tensor.randn([2, 3, 4], generator: g)
        let d = c + awayFromZero([2, 3, 4])
        GradCheck.check([c, d]) { Tensor.maximum($0[0], $0[1]) }
        GradCheck.check([c, d]) { Tensor.minimum($0[0], $0[1]) }
    }

    func testScalarOps() {
        let a = Tensor.randn([3, 4], generator: g)
        GradCheck.check([a]) { $0[0] * 3 + 2 }
        GradCheck.check([a]) { 1 - $0[0] / 4 }
        GradCheck.check([positive([3, 4])]) { 2 / $0[0] }
        GradCheck.check([a]) { -$0[0] }
    }

    func testUnaryOps() {
        let x = awayFromZero([2, 3, 4])
        let p = positive([2, 3, 4])
        GradCheck.check([x]) { $0[0].pow(2) }
        GradCheck.check([p]) { $0[0].pow(-1.5) }
        GradCheck.check([p]) { $0[0].pow(3) }
        GradCheck.check([p]) { $0[0].sqrt() }
        GradCheck.check([x]) { $0[0].exp() }
        GradCheck.check([p], eps: 3e-3) { $0[0].log() }
        GradCheck.check([x]) { $0[0].abs() }
        GradCheck.check([x]) { $0[0].clamp(min: -0.1, max: 0.1) + $0[0] }
        GradCheck.check([x]) { $0[0].tanh() }
        GradCheck.check([x]) { $0[0].sigmoid() }
        GradCheck.check([x]) { $0[0].relu() }
        GradCheck.check([x]) { $0[0].leakyRelu(0.2) }
        GradCheck.check([x]) { $0[0].dropout(0.3, generator: RandomGenerator(seed: 1)) }
        GradCheck.check([x]) { $0[0].softplus() }
        XCTAssertEqual(Tensor(shape: [3], data: [0, 30, -30]).softplus().toArray(), [Float(log(2.0)), 30, Float(log1p(exp(-30.0)))])
    }

    func testChannelsLastOperands() {
        let a = Tensor.randn([2, 3, 2, 2], generator: g).channelsLast()
        let b = Tensor.randn([2, 1, 1, 1], generator: g)
        let c = Tensor.randn([2, 3, 2, 2], generator: g)
        GradCheck.check([a, b, c]) { $0[0] * $0[1] + $0[2] }
    }

    func testSecondOrder() {
        let x = positive([2, 3]), y = Tensor.randn([2, 3], generator: g)
        GradCheck.checkSecondOrder([x, y]) { $0[0] * $0[1] * $0[1] }
        GradCheck.checkSecondOrder([x, positive([1, 3])]) { $0[0] / $0[1] }
        GradCheck.checkSecondOrder([x]) { $0[0].pow(3) }
        GradCheck.checkSecondOrder([x]) { $0[0].sqrt() }
        GradCheck.checkSecondOrder([y]) { $0[0].tanh() }
        GradCheck.checkSecondOrder([y]) { $0[0].sigmoid() }
        GradCheck.checkSecondOrder([y]) { $0[0].exp() }
        GradCheck.checkSecondOrder([y]) { $0[0].softplus() }
        GradCheck.checkSecondOrder([x], eps: 3e-3) { $0[0].log() }
        // LeakyReLU: the mask is constant, so the second derivative through it is that of the rest.
        GradCheck.checkSecondOrder([awayFromZero([2, 3]), y]) { ($0[0].leakyRelu(0.2) * $0[1]).pow(2) }
        GradCheck.checkSecondOrder([x]) { ($0[0].sum(axes: [1]) + 1).sqrt() * $0[0].mean() }
    }
}
