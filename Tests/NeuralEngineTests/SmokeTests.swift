import XCTest
@testable import NeuralEngine

final class SmokeTests: XCTestCase {
    func testConvGradients() {
        let g = RandomGenerator(seed: 1)
        let x = Tensor.randn([2, 3, 6, 5], generator: g)
        let w = Tensor.randn([4, 3, 3, 3], std: 0.3, generator: g)
        let b = Tensor.randn([4], generator: g)
        let geo = ConvGeometry(stride: [2, 1], padLeft: [1, 0], padRight: [1, 2])
        GradCheck.check([x, w, b]) { t in t[0].conv(t[1], bias: t[2], geometry: geo) }
        GradCheck.checkSecondOrder([x, w]) { t in t[0].conv(t[1], geometry: geo).pow(2) }
    }
}

final class UpsampleConvSmokeTests: XCTestCase {
    func testFusedEqualsUnfused() {
        let g = RandomGenerator(seed: 2)
        for k in [3, 4, 5] {
            let x = Tensor.randn([2, 3, 4, 5], generator: g)
            let w = Tensor.randn([2, 3, k, k], generator: g)
            let b = Tensor.randn([2], generator: g)
            let up = x.upsampleNearest(scale: [2, 2])
            let geo = Padding.same.geometry(input: Array(up.shape.dropFirst(2)), kernel: [k, k], stride: [1, 1])
            let reference = up.conv(w, bias: b, geometry: geo)
            let fused = x.upsampleConv2d(w, bias: b)
            XCTAssertEqual(fused.shape, reference.shape)
            GradCheck.assertClose(fused.toArray(), reference.toArray(), rtol: 1e-4, atol: 1e-4)
        }
    }
}
