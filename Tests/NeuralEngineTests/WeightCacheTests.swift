import XCTest
@testable import NeuralEngine

/// Layers of equal shape share a primitive; each keeps its own reordered weights (one slot per weight storage),
/// and a slot is refreshed when its weight changes.
final class WeightCacheTests: XCTestCase {
    func testEqualShapedLayersKeepTheirOwnWeights() {
        let random = RandomGenerator(seed: 1)
        let layers = (0..<(Primitive.cachedSlots + 2)).map { _ in Conv2d(3, 8, kernelSize: 3, generator: random) }
        let up = (0..<3).map { _ in ConvTranspose2d(8, 3, kernelSize: 2, stride: 2, generator: random) }
        let x = Tensor.randn([1, 3, 10, 10], generator: random)
        withNoGrad {
            let first = layers.map { $0(x).toArray() }
            let firstUp = up.map { $0(layers[0](x)).toArray() }
            for _ in 0..<2 {
                for (layer, expected) in zip(layers, first).reversed() { XCTAssertEqual(layer(x).toArray(), expected) }
                for (layer, expected) in zip(up, firstUp) { XCTAssertEqual(layer(layers[0](x)).toArray(), expected) }
            }
            // An in-place update (as an optimiser step does) must not reuse the stale copy.
            layers[1].weight.copy_(from: [Float](repeating: 0, count: layers[1].weight.count))
            let bias = layers[1].bias!.toArray()
            XCTAssertEqual(layers[1](x).toArray(), zeroBiasPlanes(bias))
            XCTAssertEqual(layers[0](x).toArray(), first[0])
        }
    }

    /// [1, 8, 8, 8] filled with each channel's bias (channel-major order).
    private func zeroBiasPlanes(_ bias: [Float]) -> [Float] { bias.flatMap { [Float](repeating: $0, count: 64) } }
}
