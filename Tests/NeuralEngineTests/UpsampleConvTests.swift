import XCTest
@testable import NeuralEngine

/// The fused upsample + 'same' convolution against the unfused path: forward, backward, double backward.
final class UpsampleConvTests: XCTestCase {
    let g = RandomGenerator(seed: 41)

    func unfused(_ x: Tensor, _ w: Tensor, _ b: Tensor?, scale: Int = 2) -> Tensor {
        let up = x.upsampleNearest(scale: [scale, scale])
        let k = w.shape[2]
        let geo = Padding.same.geometry(input: Array(up.shape.dropFirst(2)), kernel: [k, k], stride: [1, 1])
        return up.conv(w, bias: b, geometry: geo)
    }

    func testKernel4TapMap() {
        // V = [w3, w2+w3, w1+w2, w0+w1, w0] for k = 4, s = 2.
        let plan = UpsampleConvPlan(kernel: 4, scale: 2)
        XCTAssertEqual(plan.fusedKernel, 5)
        XCTAssertEqual(plan.fusedPadLeft, 2)
        XCTAssertEqual(plan.sources.map { $0.sorted() }, [[3], [2, 3], [1, 2], [0, 1], [0]])
        let w = Tensor(shape: [1, 1, 4, 4], data: (0..<16).map(Float.init))
        let v = w.upsampleConvWeight(plan).toArray()
        // Row map applied on both axes: V[a][b] = Σ_{i∈S(a), j∈S(b)} w[i][j].
        let rows: [[Int]] = [[3], [2, 3], [1, 2], [0, 1], [0]]
        for a in 0..<5 { for b in 0..<5 {
            let expected = rows[a].flatMap { i in rows[b].map { j in Float(i * 4 + j) } }.reduce(0, +)
            XCTAssertEqual(v[a * 5 + b], expected)
        } }
    }

    func testForwardEqualsUnfused() {
        for (k, scale) in [(4, 2), (3, 2), (5, 2), (2, 2), (4, 3), (1, 2)] {
            let x = Tensor.randn([2, 3, 4, 5], generator: g)
            let w = Tensor.randn([4, 3, k, k], generator: g), b = Tensor.randn([4], generator: g)
            let fused = x.upsampleConv2d(w, bias: b, scale: scale), reference = unfused(x, w, b, scale: scale)
            XCTAssertEqual(fused.shape, reference.shape)
            GradCheck.assertClose(fused.toArray(), reference.toArray(), rtol: 1e-4, atol: 1e-4)
        }
    }

    func testGradientsEqualUnfused() {
        let x = Tensor.randn([2, 3, 3, 4], generator: g), w = Tensor.randn([2, 3, 4, 4], generator: g)
        let b = Tensor.randn([2], generator: g)
        func grads(_ f: (Tensor, Tensor, Tensor) -> Tensor) -> [[Float]] {
            let leaves = GradCheck.leaves([x, w, b])
            let loss = (f(leaves[0], leaves[1], leaves[2]).pow(2) * 0.5).sum()
            return grad(of: [loss], wrt: leaves).map { $0.toArray() }
        }
        let fused = grads { $0.upsampleConv2d($1, bias: $2) }, reference = grads { unfused($0, $1, $2) }
        for (a, r) in zip(fused, reference) { GradCheck.assertClose(a, r, rtol: 1e-3, atol: 1e-3) }
    }

    func testSecondOrderEqualsUnfusedAndFiniteDifferences() {
        let x = Tensor.randn([2, 2, 3, 3], generator: g), w = Tensor.randn([2, 2, 4, 4], std: 0.5, generator: g)
        // Gradient-penalty-like objective: ‖∂L/∂x‖² differentiated w.r.t. the weights.
        func penaltyGrad(_ f: (Tensor, Tensor) -> Tensor) -> [Float] {
            let leaves = GradCheck.leaves([x, w])
            let loss = f(leaves[0], leaves[1]).tanh().sum()
            let gx = grad(of: [loss], wrt: [leaves[0]], createGraph: true)[0]
            return grad(of: [gx.pow(2).sum()], wrt: [leaves[1]])[0].toArray()
        }
        GradCheck.assertClose(penaltyGrad { $0.upsampleConv2d($1) }, penaltyGrad { unfused($0, $1, nil) }, rtol: 1e-3, atol: 1e-3)
        GradCheck.checkSecondOrder([x, w]) { $0[0].upsampleConv2d($0[1]).pow(2) }
    }

    func testLayerLoadsConv2dShapedWeightsAndCachesTransform() {
        let layer = UpsampleConv2d(3, 2, kernelSize: 4, generator: g)
        XCTAssertEqual(layer.namedParameters().map(\.0), ["weight", "bias"])
        XCTAssertEqual(layer.weight.shape, [2, 3, 4, 4])
        let x = Tensor.randn([1, 3, 4, 4], generator: g)
        let first = withNoGrad { layer(x) }.toArray()
        GradCheck.assertClose(first, unfused(x, layer.weight, layer.bias).toArray(), rtol: 1e-4, atol: 1e-4)
        // Loading new weights in place must invalidate the cached transformed weight.
        layer.weight.copy_(from: Tensor.randn([2, 3, 4, 4], generator: g))
        let second = withNoGrad { layer(x) }.toArray()
        GradCheck.assertClose(second, unfused(x, layer.weight, layer.bias).toArray(), rtol: 1e-4, atol: 1e-4)
    }
}
