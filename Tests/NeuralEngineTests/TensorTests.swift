import XCTest
@testable import NeuralEngine

final class TensorTests: XCTestCase {
    func testCreationAndLogicalOrderAcrossLayouts() {
        let values = (0..<24).map(Float.init)
        let t = Tensor(shape: [1, 2, 3, 4], data: values)
        XCTAssertTrue(t.isContiguous)
        let cl = t.channelsLast()
        XCTAssertTrue(cl.isChannelsLast)
        XCTAssertFalse(cl.isContiguous)
        XCTAssertEqual(cl.toArray(), values, "layout must not change logical values")
        XCTAssertEqual(cl.strides, [24, 1, 8, 2])
        XCTAssertEqual(Tensor(3.5).item(), 3.5)
        XCTAssertEqual(Tensor.ones([2, 2]).toArray(), [1, 1, 1, 1])
    }

    func testReshapePermuteTranspose() {
        let t = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(t.transposed().toArray(), [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(t.transposed().reshape([6]).toArray(), [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(t.reshape([3, -1]).shape, [3, 2])
        let p = Tensor(shape: [2, 2, 2], data: (0..<8).map(Float.init)).permute([2, 0, 1])
        XCTAssertEqual(p.shape, [2, 2, 2])
        XCTAssertEqual(p.toArray(), [0, 2, 4, 6, 1, 3, 5, 7])
        XCTAssertEqual(Tensor.zeros([2, 3, 4, 5]).flatten(from: 1).shape, [2, 60])
    }

    func testBroadcastingArithmetic() {
        let a = Tensor(shape: [2, 1, 3], data: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [2, 1], data: [10, 20])
        XCTAssertEqual((a + b).shape, [2, 2, 3])
        XCTAssertEqual((a + b).toArray(), [11, 12, 13, 21, 22, 23, 14, 15, 16, 24, 25, 26])
        XCTAssertEqual((a * 2 - 1).toArray(), [1, 3, 5, 7, 9, 11])
        XCTAssertEqual((1 / Tensor(shape: [2], data: [2, 4])).toArray(), [0.5, 0.25])
        XCTAssertEqual(Tensor.maximum(a, Tensor(3)).toArray(), [3, 3, 3, 4, 5, 6])
        XCTAssertEqual(a.greater(Tensor(3)).toArray(), [0, 0, 0, 1, 1, 1])
        // Mixed layouts: a channels-last operand times a broadcast per-sample scale.
        let x = Tensor.randn([2, 3, 2, 2], generator: RandomGenerator(seed: 3)).channelsLast()
        let s = Tensor(shape: [2, 1, 1, 1], data: [2, -1])
        let y = (x * s).toArray(), xs = x.toArray()
        for i in 0..<24 { XCTAssertEqual(y[i], xs[i] * (i < 12 ? 2 : -1)) }
        XCTAssertTrue((x * s).isChannelsLast, "the full-shape operand's layout is kept")
    }

    func testUnaryValues() {
        let x = Tensor(shape: [4], data: [-2, -0.5, 0.5, 2])
        XCTAssertEqual(x.abs().toArray(), [2, 0.5, 0.5, 2])
        XCTAssertEqual(x.relu().toArray(), [0, 0, 0.5, 2])
        XCTAssertEqual(x.leakyRelu(0.2).toArray(), [-0.4, -0.1, 0.5, 2])
        XCTAssertEqual(x.clamp(min: -1, max: 1).toArray(), [-1, -0.5, 0.5, 1])
        GradCheck.assertClose(x.tanh().toArray(), ([-2, -0.5, 0.5, 2] as [Float]).map { Foundation.tanh($0) }, rtol: 1e-6)
        GradCheck.assertClose(x.sigmoid().toArray(), ([-2, -0.5, 0.5, 2] as [Float]).map { 1 / (1 + Foundation.exp(-$0)) }, rtol: 1e-6)
        GradCheck.assertClose(x.exp().toArray(), ([-2, -0.5, 0.5, 2] as [Float]).map { Foundation.exp($0) }, rtol: 1e-6)
        GradCheck.assertClose(x.abs().log().toArray(), ([2, 0.5, 0.5, 2] as [Float]).map { Foundation.log($0) }, rtol: 1e-6)
        XCTAssertEqual(x.pow(2).toArray(), [4, 0.25, 0.25, 4])
        XCTAssertEqual(x.abs().sqrt().toArray(), ([2, 0.5, 0.5, 2] as [Float]).map { $0.squareRoot() })
    }

    func testReductions() {
        let t = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 9])
        XCTAssertEqual(t.sum().item(), 24)
        XCTAssertEqual(t.sum(axes: [0]).toArray(), [5, 7, 12])
        XCTAssertEqual(t.sum(axes: [1], keepDims: true).shape, [2, 1])
        XCTAssertEqual(t.mean(axes: [1]).toArray(), [2, 6])
        XCTAssertEqual(t.max(axes: [1]).toArray(), [3, 9])
        XCTAssertEqual(t.max().item(), 9)
        XCTAssertEqual(t.variance(axes: [1]).toArray()[0], 2.0 / 3.0, accuracy: 1e-6)
        // Large channels-last column sums (the parallel private-buffer path) against a serial loop.
        let big = Tensor.randn([8, 16, 32, 32], generator: RandomGenerator(seed: 9)).channelsLast()
        let sums = big.sum(axes: [0, 2, 3]).toArray()
        let values = big.toArray()
        for c in [0, 7, 15] {
            var acc = 0.0
            for n in 0..<8 { for i in 0..<1024 { acc += Double(values[(n * 16 + c) * 1024 + i]) } }
            XCTAssertEqual(Double(sums[c]), acc, accuracy: 1e-2)
        }
    }

    func testConcatCropPadUpsample() {
        let a = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])
        let b = Tensor(shape: [1, 2, 2, 2], data: [5, 6, 7, 8, 9, 10, 11, 12]).channelsLast()
        let c = Tensor.cat([a, b], axis: 1)
        XCTAssertEqual(c.shape, [1, 3, 2, 2])
        XCTAssertEqual(c.toArray(), (1...12).map(Float.init))
        XCTAssertEqual(c.slice(axis: 1, 1..<3).toArray(), (5...12).map(Float.init))
        XCTAssertEqual(a.pad(before: [0, 0, 1, 0], after: [0, 0, 0, 1]).toArray(), [0, 0, 0, 1, 2, 0, 3, 4, 0])
        XCTAssertEqual(a.upsampleNearest(scale: [2, 2]).toArray(),
                       [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        XCTAssertEqual(a.upsampleNearest(scale: [2, 2]).downsampleSum(scale: [2, 2]).toArray(), [4, 8, 12, 16])
        XCTAssertEqual(a.expand(to: [2, 1, 2, 2]).sumTo([1, 1, 2, 2]).toArray(), [2, 4, 6, 8])
    }

    func testValidatorsNameOpAndShapes() {
        XCTAssertThrowsError(try Shapes.broadcast([2, 3], [4, 3], op: "add")) { error in
            XCTAssertEqual((error as? TensorError)?.message, "add: shapes [2, 3] and [4, 3] cannot be broadcast together")
        }
        XCTAssertThrowsError(try Shapes.reshape([2, 3], to: [4, -1])) { error in
            XCTAssertTrue((error as? TensorError)?.message.contains("cannot reshape [2, 3]") ?? false)
        }
        let geometry = ConvGeometry(stride: [1, 1], padLeft: [0, 0], padRight: [0, 0])
        XCTAssertThrowsError(try Convolution.check(input: [1, 3, 8, 8], weight: [4, 5, 3, 3], bias: nil, geometry)) { error in
            XCTAssertEqual((error as? TensorError)?.message,
                           "conv: input [1, 3, 8, 8] has 3 channels but weight [4, 5, 3, 3] expects 5")
        }
        XCTAssertThrowsError(try Convolution.check(input: [1, 3, 2, 2], weight: [4, 3, 3, 3], bias: nil, geometry))
        XCTAssertThrowsError(try Convolution.check(input: [1, 3, 8, 8], weight: [4, 3, 3, 3], bias: [3], geometry))
    }

    func testCopyInPlaceBumpsVersion() {
        let t = Tensor.zeros([2, 2]).channelsLast()
        let before = t.storage.version
        t.copy_(from: [1, 2, 3, 4])
        XCTAssertEqual(t.toArray(), [1, 2, 3, 4])
        XCTAssertGreaterThan(t.storage.version, before)
    }
}
