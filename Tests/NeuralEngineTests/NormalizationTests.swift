import XCTest
@testable import NeuralEngine

final class NormalizationTests: XCTestCase {
    let g = RandomGenerator(seed: 7)

    /// Reference batch norm from primitive ops (training mode).
    func reference(_ x: Tensor, _ w: Tensor, _ b: Tensor, eps: Float = 1e-5) -> Tensor {
        let axes = [0] + Array(2..<x.rank)
        let view = [1, x.shape[1]] + [Int](repeating: 1, count: x.rank - 2)
        let centred = x - x.mean(axes: axes, keepDims: true)
        let v = (centred * centred).mean(axes: axes, keepDims: true)
        return centred / (v + eps).sqrt() * w.reshape(view) + b.reshape(view)
    }

    func testTrainingForwardMatchesFormulaAndUpdatesRunningStats() {
        for layout in [false, true] {
            var x = Tensor.randn([4, 3, 5, 6], mean: 1, std: 2, generator: g)
            if layout { x = x.channelsLast() }
            let w = Tensor.randn([3], generator: g), b = Tensor.randn([3], generator: g)
            let rm = Tensor.zeros([3]), rv = Tensor.ones([3])
            let y = x.batchNorm(weight: w, bias: b, runningMean: rm, runningVar: rv, training: true, momentum: 0.2)
            GradCheck.assertClose(y.toArray(), reference(x, w, b).toArray(), rtol: 1e-4, atol: 1e-4)
            let n: Float = 4 * 5 * 6
            let mean = x.mean(axes: [0, 2, 3]).toArray()
            let variance = x.variance(axes: [0, 2, 3]).toArray()
            GradCheck.assertClose(rm.toArray(), mean.map { 0.2 * $0 }, rtol: 1e-4, atol: 1e-5)
            GradCheck.assertClose(rv.toArray(), variance.map { 0.8 + 0.2 * $0 * n / (n - 1) }, rtol: 1e-4, atol: 1e-5)
        }
    }

    func testTrainingGradientsMatchFiniteDifferences() {
        let x = Tensor.randn([3, 2, 3, 4], generator: g).channelsLast()
        let w = Tensor.randn([2], generator: g), b = Tensor.randn([2], generator: g)
        GradCheck.check([x, w, b], eps: 3e-3) { t in
            t[0].batchNorm(weight: t[1], bias: t[2], runningMean: nil, runningVar: nil, training: true)
        }
    }

    func testDoubleBackward() {
        let x = Tensor.randn([3, 2, 2, 3], generator: g)
        let w = Tensor.randn([2], generator: g), b = Tensor.randn([2], generator: g)
        GradCheck.checkSecondOrder([x, w, b], eps: 3e-3) { t in
            t[0].batchNorm(weight: t[1], bias: t[2], runningMean: nil, runningVar: nil, training: true).pow(2)
        }
    }

    func testEvalModeUsesRunningStatistics() {
        let x = Tensor.randn([2, 3, 2, 2], generator: g)
        let w = Tensor.randn([3], generator: g), b = Tensor.randn([3], generator: g)
        let rm = Tensor.randn([3], generator: g), rv = Tensor.rand([3], low: 0.5, high: 2, generator: g)
        let y = x.batchNorm(weight: w, bias: b, runningMean: rm, runningVar: rv, training: false, eps: 1e-3)
        let view = [1, 3, 1, 1]
        let expected = (x - rm.reshape(view)) / (rv.reshape(view) + 1e-3).sqrt() * w.reshape(view) + b.reshape(view)
        GradCheck.assertClose(y.toArray(), expected.toArray())
        GradCheck.check([x, w, b]) { t in
            t[0].batchNorm(weight: t[1], bias: t[2], runningMean: rm, runningVar: rv, training: false)
        }
    }

    func testLayerNorm() {
        let x = Tensor.randn([2, 3, 4], generator: g)
        let w = Tensor.randn([3, 4], generator: g), b = Tensor.randn([3, 4], generator: g)
        let y = x.layerNorm([3, 4], weight: w, bias: b).toArray()
        let xs = x.toArray(), ws = w.toArray(), bs = b.toArray()
        for n in 0..<2 {
            let row = Array(xs[n * 12..<(n + 1) * 12])
            let m = row.reduce(0, +) / 12
            let v = row.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 12
            for i in 0..<12 {
                XCTAssertEqual(y[n * 12 + i], (row[i] - m) / (v + 1e-5).squareRoot() * ws[i] + bs[i], accuracy: 1e-4)
            }
        }
        GradCheck.check([x, w, b], eps: 3e-3) { t in t[0].layerNorm([3, 4], weight: t[1], bias: t[2]) }
        GradCheck.checkSecondOrder([x, w], eps: 3e-3) { t in t[0].layerNorm([3, 4], weight: t[1], bias: nil).pow(2) }
    }
}

final class ChannelAffineTests: XCTestCase {
    func testValuesInEveryLayoutAndGradients() {
        let g = RandomGenerator(seed: 8)
        let s = Tensor.randn([3], generator: g), t = Tensor.randn([3], generator: g)
        for x in [Tensor.randn([2, 3, 4, 5], generator: g), Tensor.randn([2, 3, 4, 5], generator: g).channelsLast(),
                  Tensor.randn([2, 3, 4, 5], generator: g).permute([0, 1, 3, 2]), Tensor.randn([4, 3], generator: g)] {
            let view = [1, 3] + [Int](repeating: 1, count: x.rank - 2)
            GradCheck.assertClose(x.channelAffine(scale: s, shift: t).toArray(), (x * s.reshape(view) + t.reshape(view)).toArray())
        }
        GradCheck.check([Tensor.randn([2, 3, 2, 2], generator: g).channelsLast(), s, t]) { $0[0].channelAffine(scale: $0[1], shift: $0[2]) }
        GradCheck.checkSecondOrder([Tensor.randn([2, 3, 2, 2], generator: g), s, t]) { $0[0].channelAffine(scale: $0[1], shift: $0[2]).pow(2) }
    }
}
