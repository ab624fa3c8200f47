import XCTest
@testable import NeuralEngine

/// Finite-difference checks of reductions and shape operations, first and second order.
final class ShapeGradientTests: XCTestCase {
    let g = RandomGenerator(seed: 21)

    func testReductions() {
        let x = Tensor.randn([2, 3, 4], generator: g)
        GradCheck.check([x]) { $0[0].sum() }
        GradCheck.check([x]) { $0[0].sum(axes: [0, 2]) }
        GradCheck.check([x]) { $0[0].mean(axes: [1], keepDims: true) }
        GradCheck.check([x]) { $0[0].max(axes: [2]) }
        GradCheck.check([x]) { $0[0].variance(axes: [0, 1]) }
        GradCheck.check([x.channelsLast().reshape([2, 3, 2, 2]).channelsLast()]) { $0[0].sum(axes: [0, 2, 3]) }
    }

    func testShapeOps() {
        let x = Tensor.randn([2, 3, 2, 2], generator: g)
        GradCheck.check([x]) { $0[0].reshape([3, 8]) }
        GradCheck.check([x]) { $0[0].permute([0, 2, 3, 1]) * $0[0].permute([0, 2, 3, 1]) }
        GradCheck.check([x]) { $0[0].channelsLast().flatten(from: 1) }
        GradCheck.check([Tensor.randn([2, 1, 2], generator: g)]) { $0[0].expand(to: [3, 2, 4, 2]) }
        GradCheck.check([x]) { $0[0].sumTo([1, 3, 1, 2]) }
        GradCheck.check([x]) { $0[0].crop(start: [0, 1, 0, 1], shape: [2, 2, 2, 1]) }
        GradCheck.check([x]) { $0[0].slice(axis: 1, 1..<2) }
        GradCheck.check([x]) { $0[0].pad(before: [0, 1, 2, 0], after: [1, 0, 0, 1]) }
        GradCheck.check([x]) { $0[0].upsampleNearest(scale: [2, 3]) }
        GradCheck.check([x]) { $0[0].downsampleSum(scale: [2, 1]) }
        let y = Tensor.randn([2, 1, 2, 2], generator: g).channelsLast()
        GradCheck.check([x, y]) { Tensor.cat([$0[0], $0[1], $0[0]], axis: 1) }
        let v = Tensor.randn([1, 2, 2, 2, 2], generator: g)
        GradCheck.check([v]) { $0[0].upsampleNearest(scale: [1, 2, 2]) }
    }

    func testSecondOrder() {
        let x = Tensor.randn([2, 2, 2, 2], generator: g), y = Tensor.randn([2, 1, 2, 2], generator: g)
        GradCheck.checkSecondOrder([x, y]) { Tensor.cat([$0[0], $0[1]], axis: 1).pow(2) }
        GradCheck.checkSecondOrder([x]) { $0[0].upsampleNearest(scale: [2, 2]).pow(2).sum(axes: [1, 2, 3]) }
        GradCheck.checkSecondOrder([x]) { $0[0].reshape([2, 8]).permute([1, 0]).pow(2).mean(axes: [0]) }
        GradCheck.checkSecondOrder([x]) { $0[0].pad(before: [0, 0, 1, 1], after: [0, 0, 0, 0]).slice(axis: 2, 1..<3).pow(3) }
        GradCheck.checkSecondOrder([x]) { $0[0].max(axes: [1]) * $0[0].sum(axes: [1]) }
    }
}
