import XCTest
@testable import NeuralEngine

final class LayerTests: XCTestCase {
    final class Block: Module {
        let d1: Sequential
        let head: Linear
        let extra: [Module]
        override init() {
            d1 = Sequential(Conv2d(1, 4, kernelSize: 4, stride: 2, padding: .symmetric(1)), LeakyReLU(0.2), BatchNorm(4, momentum: 0.2))
            head = Linear(4 * 4 * 4, 1)
            extra = [Conv2d(2, 2, kernelSize: 1, bias: false)]
        }
        func callAsFunction(_ x: Tensor) -> Tensor { head(d1(x).flatten(from: 1)) }
    }

    func testStateDictNamesFollowPyTorch() {
        let m = Block()
        XCTAssertEqual(m.namedParameters().map(\.0),
                       ["d1.0.weight", "d1.0.bias", "d1.2.weight", "d1.2.bias", "head.weight", "head.bias", "extra.0.weight"])
        XCTAssertEqual(m.namedBuffers().map(\.0), ["d1.2.running_mean", "d1.2.running_var", "d1.2.num_batches_tracked"])
        XCTAssertEqual(m.stateDict().count, 10)
        XCTAssertTrue(m.parameters().allSatisfy(\.requiresGrad))
        XCTAssertFalse(m.namedBuffers().contains { $0.1.requiresGrad })
    }

    func testTrainEvalSwitchesTheTreeAndBatchNormMode() {
        let m = Block()
        let x = Tensor.randn([3, 1, 8, 8], generator: RandomGenerator(seed: 1))
        _ = m(x)
        let bn = m.d1.layers[2] as! BatchNorm
        XCTAssertEqual(bn.numBatchesTracked.item(), 1)
        XCTAssertNotEqual(bn.runningMean.toArray(), [0, 0, 0, 0])
        m.eval()
        XCTAssertFalse(bn.isTraining)
        let stats = bn.runningMean.toArray()
        _ = m(x)
        XCTAssertEqual(bn.runningMean.toArray(), stats, "eval mode leaves running statistics alone")
        XCTAssertEqual(bn.numBatchesTracked.item(), 1)
        m.train()
        XCTAssertTrue(bn.isTraining)
    }

    func testInitialisationBounds() {
        let conv = Conv2d(16, 8, kernelSize: 3, generator: RandomGenerator(seed: 2))
        let bound = 1 / Float(16 * 9).squareRoot()   // PyTorch default: kaiming_uniform(a=√5)
        let w = conv.weight.toArray()
        XCTAssertLessThanOrEqual(w.map(abs).max()!, bound)
        XCTAssertGreaterThan(w.map(abs).max()!, bound * 0.9)
        let he = Init.kaimingNormal([256, 128, 3, 3], generator: RandomGenerator(seed: 3)).toArray()
        let std = (he.map { $0 * $0 }.reduce(0, +) / Float(he.count)).squareRoot()
        XCTAssertEqual(std, (2 / Float(128 * 9)).squareRoot(), accuracy: 2e-3)
        let glorot = Init.glorotUniform([100, 50], generator: RandomGenerator(seed: 4)).toArray()
        XCTAssertLessThanOrEqual(glorot.map(abs).max()!, (6 / Float(150)).squareRoot())
    }

    func testDropoutIsSeededAndOffInEval() {
        let x = Tensor.ones([1000])
        let a = Dropout(0.3, generator: RandomGenerator(seed: 5))(x).toArray()
        let b = Dropout(0.3, generator: RandomGenerator(seed: 5))(x).toArray()
        XCTAssertEqual(a, b)
        let zeros = a.filter { $0 == 0 }.count
        XCTAssertTrue((230...370).contains(zeros), "\(zeros) of 1000 dropped at p = 0.3")
        XCTAssertEqual(a.first { $0 != 0 }!, 1 / 0.7, accuracy: 1e-6)
        let d = Dropout(0.3)
        d.eval()
        XCTAssertEqual(d(x).toArray(), x.toArray())
    }

    func testLayersComputeWhatTheyClaim() {
        let g = RandomGenerator(seed: 6)
        let x = Tensor.randn([2, 3, 8, 8], generator: g)
        let conv = Conv2d(3, 5, kernelSize: 4, padding: .same, generator: g)
        XCTAssertEqual(conv(x).shape, [2, 5, 8, 8])
        let conv3 = Conv3d(3, 2, kernelSize: [1, 3, 3], padding: .same, generator: g)
        XCTAssertEqual(conv3(Tensor.randn([1, 3, 2, 5, 5], generator: g)).shape, [1, 2, 2, 5, 5])
        XCTAssertEqual(Upsample(scale: 2)(x).shape, [2, 3, 16, 16])
        XCTAssertEqual(Flatten()(x).shape, [2, 192])
        XCTAssertEqual(Sequential(ReLU(), Tanh(), Sigmoid())(x).toArray(), x.relu().tanh().sigmoid().toArray())
        let ln = LayerNorm([8])
        XCTAssertEqual(ln.namedParameters().map(\.0), ["weight", "bias"])
        XCTAssertEqual(ln(x).shape, x.shape)
    }
}
