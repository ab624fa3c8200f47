import XCTest
@testable import NeuralEngine

final class LinearTests: XCTestCase {
    let g = RandomGenerator(seed: 51)

    func testMatmulValuesAndTransposedViews() {
        let a = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6]), b = Tensor(shape: [3, 2], data: [1, 0, 0, 1, 1, 1])
        XCTAssertEqual(a.matmul(b).toArray(), [4, 5, 10, 11])
        XCTAssertEqual(b.transposed().matmul(a.transposed()).toArray(), [4, 10, 5, 11])
        let batched = Tensor.randn([2, 3, 4], generator: g).matmul(Tensor.randn([2, 4, 5], generator: g))
        XCTAssertEqual(batched.shape, [2, 3, 5])
    }

    func testGradients() {
        let x = Tensor.randn([3, 4], generator: g), w = Tensor.randn([2, 4], generator: g), b = Tensor.randn([2], generator: g)
        GradCheck.check([x, w, b]) { $0[0].linear($0[1], bias: $0[2]) }
        GradCheck.check([Tensor.randn([2, 3, 4], generator: g), Tensor.randn([2, 4, 2], generator: g)]) { $0[0].matmul($0[1]) }
        GradCheck.checkSecondOrder([x, w, b]) { $0[0].linear($0[1], bias: $0[2]).pow(2) }
    }
}
