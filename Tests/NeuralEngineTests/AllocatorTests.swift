import XCTest
@testable import NeuralEngine

final class AllocatorTests: XCTestCase {
    /// After warm-up, batch-1 inference takes every buffer from the pool: no system allocation per call.
    func testInferenceAllocatesNothingAfterWarmUp() {
        let g = RandomGenerator(seed: 71)
        let model = Sequential(Conv2d(1, 8, kernelSize: 4, stride: 2, padding: .symmetric(1), generator: g), LeakyReLU(0.2),
                               BatchNorm(8), UpsampleConv2d(8, 4, kernelSize: 4, generator: g), ReLU(), Tanh())
        model.eval()
        let x = Tensor.randn([1, 1, 16, 32], generator: g)
        withNoGrad {
            for _ in 0..<3 { _ = Tensor.cat([model(x), x], axis: 1) }
            let before = BufferPool.shared.statistics.systemAllocations
            for _ in 0..<10 { _ = Tensor.cat([model(x), x], axis: 1) }
            XCTAssertEqual(BufferPool.shared.statistics.systemAllocations, before)
        }
    }

    func testBuffersAreReused() {
        let before = BufferPool.shared.statistics.reused
        for _ in 0..<5 { _ = Tensor.zeros([1234, 5]) }
        XCTAssertGreaterThanOrEqual(BufferPool.shared.statistics.reused - before, 4)
    }
}
