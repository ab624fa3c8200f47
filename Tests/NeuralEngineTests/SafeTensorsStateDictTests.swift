import XCTest
@testable import NeuralEngine

/// A small module tree with every kind of state: conv, batch norm (with its int64 counter), linear.
private final class Net: Module {
    let body: Sequential
    let head: Linear

    init(seed: UInt64, channels: Int = 3) {
        let g = RandomGenerator(seed: seed)
        body = Sequential(Conv2d(2, channels, kernelSize: 3, padding: .symmetric(1), generator: g), LeakyReLU(0.2), BatchNorm(channels))
        head = Linear(channels * 4 * 4, 2, generator: g)
    }

    override var namedChildren: [(String, Module)] { [("body", body), ("head", head)] }

    func callAsFunction(_ x: Tensor) -> Tensor { head(body(x).flatten(from: 1)) }
}

final class SafeTensorsStateDictTests: XCTestCase {
    private func trained(_ seed: UInt64) -> Net {
        let net = Net(seed: seed)
        // Two training-mode passes move the running statistics and the batch counter away from their defaults.
        for s in 0..<2 { _ = withNoGrad { net(Tensor.randn([4, 2, 4, 4], generator: RandomGenerator(seed: 100 + UInt64(s)))) } }
        return net
    }

    func testSavesPyTorchNamesAndTypes() {
        let file = trained(1).stateDictFile(metadata: ["format": "pt"])
        XCTAssertEqual(file.names, ["body.0.weight", "body.0.bias", "body.2.weight", "body.2.bias", "body.2.running_mean",
                                    "body.2.running_var", "body.2.num_batches_tracked", "head.weight", "head.bias"])
        XCTAssertEqual(file["body.2.num_batches_tracked"]?.dtype, .i64)
        XCTAssertEqual(file["body.2.num_batches_tracked"]?.int64s(), [2])
        XCTAssertEqual(file["body.2.num_batches_tracked"]?.shape, [])
        XCTAssertEqual(file["body.0.weight"]?.dtype, .f32)
        XCTAssertEqual(file["body.0.weight"]?.shape, [3, 2, 3, 3])
        XCTAssertEqual(file.metadata, ["format": "pt"])
    }

    func testRoundTripRestoresEveryParameterAndBufferExactly() throws {
        let source = trained(1)
        let bytes = source.stateDictFile().encoded()
        let target = Net(seed: 2)
        XCTAssertNotEqual(target.stateDict()[0].1.toArray(), source.stateDict()[0].1.toArray())
        try target.loadStateDict(SafeTensorsFile(decoding: bytes))
        for ((name, a), (_, b)) in zip(source.stateDict(), target.stateDict()) {
            XCTAssertEqual(a.toArray(), b.toArray(), name)
        }
        // Same weights, same function (eval mode uses the restored running statistics).
        source.eval(); target.eval()
        let x = Tensor.randn([1, 2, 4, 4], generator: RandomGenerator(seed: 9))
        XCTAssertEqual(withNoGrad { source(x) }.toArray(), withNoGrad { target(x) }.toArray())
    }

    func testHalfPrecisionStorageRoundsWithinHalfAnUlp() throws {
        let source = trained(1)
        for (dtype, ulp) in [(SafeTensorsDType.f16, Float(0x1p-10)), (.bf16, 0x1p-7)] {
            let file = source.stateDictFile(dtype: dtype)
            XCTAssertEqual(file["head.weight"]?.dtype, dtype)
            XCTAssertEqual(file["body.2.num_batches_tracked"]?.dtype, .i64, "the counter stays an integer")
            let target = Net(seed: 3)
            try target.loadStateDict(SafeTensorsFile(decoding: file.encoded()))
            for ((name, a), (_, b)) in zip(source.stateDict(), target.stateDict()) {
                for (x, y) in zip(a.toArray(), b.toArray()) {
                    XCTAssertLessThanOrEqual(abs(x - y), abs(x) * ulp / 2 + 1e-7, "\(dtype) \(name)")
                }
            }
        }
    }

    private func assertRefused(_ file: SafeTensorsFile, tensor: String, mentions: String, strict: Bool = true,
                               line: UInt = #line) {
        let target = Net(seed: 5)
        let before = target.stateDict().map { $0.1.toArray() }
        do {
            try target.loadStateDict(file, strict: strict)
            XCTFail("accepted", line: line)
        } catch {
            XCTAssertEqual(error.tensor, tensor, "\(error)", line: line)
            XCTAssertTrue(error.description.contains(mentions), "'\(error)' lacks '\(mentions)'", line: line)
        }
        XCTAssertEqual(target.stateDict().map { $0.1.toArray() }, before, "a refused file leaves the model untouched", line: line)
    }

    func testRefusesMissingUnexpectedAndMisshapenTensors() {
        let good = trained(1).stateDictFile()
        var missing = good
        missing["body.2.running_var"] = nil
        missing["head.bias"] = nil
        assertRefused(missing, tensor: "body.2.running_var", mentions: "missing from the file (also missing: 'head.bias')")

        var unexpected = good
        unexpected["body.3.weight"] = SafeTensor(floats: [1], shape: [1])
        assertRefused(unexpected, tensor: "body.3.weight", mentions: "not in the model")

        var misshapen = good
        misshapen["head.weight"] = SafeTensor(floats: .init(repeating: 0, count: 96), shape: [48, 2])
        assertRefused(misshapen, tensor: "head.weight", mentions: "has shape [48, 2] in the file, the model needs [2, 48]")

        // A model with other widths: the first conv's weight is the first mismatch.
        assertRefused(Net(seed: 1, channels: 4).stateDictFile(), tensor: "body.0.weight", mentions: "[4, 2, 3, 3] in the file, the model needs [3, 2, 3, 3]")
    }

    func testNonStrictLoadingSkipsMissingAndUnexpectedButNotShapes() throws {
        let source = trained(1)
        var partial = source.stateDictFile()
        partial["head.weight"] = nil
        partial["extra"] = SafeTensor(floats: [1], shape: [1])
        let target = Net(seed: 6)
        let headBefore = target.head.weight.toArray()
        try target.loadStateDict(partial, strict: false)
        XCTAssertEqual(target.head.weight.toArray(), headBefore)
        XCTAssertEqual(target.body.layers[0].namedParameters()[0].1.toArray(), source.body.layers[0].namedParameters()[0].1.toArray())

        var misshapen = source.stateDictFile()
        misshapen["head.bias"] = SafeTensor(floats: [1, 2, 3], shape: [3])
        assertRefused(misshapen, tensor: "head.bias", mentions: "has shape [3]", strict: false)
    }

    func testLoadsFloatCounterAndIntegerStoredWeights() throws {
        // Writers differ: a counter stored as F32, weights stored as F64 still load (converted).
        var file = trained(1).stateDictFile()
        file["body.2.num_batches_tracked"] = SafeTensor(floats: [7], shape: [])
        let w = file["head.bias"]!.floats().map { Double($0) }
        file["head.bias"] = try SafeTensor(dtype: .f64, shape: [2], bytes: w.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } })
        let target = Net(seed: 7)
        try target.loadStateDict(file)
        XCTAssertEqual(target.namedBuffers().first { $0.0 == "body.2.num_batches_tracked" }?.1.item(), 7)
        XCTAssertEqual(target.head.bias!.toArray(), w.map { Float($0) })
    }
}
