import XCTest
@testable import NeuralEngine

final class ConvolutionTests: XCTestCase {
    let g = RandomGenerator(seed: 31)

    /// Direct definition: y[n,o,p] = b[o] + Σ_{i,k} x[n,i,p·s+k−pl]·w[o,i,k], 2-D.
    func naiveConv2d(_ x: Tensor, _ w: Tensor, _ b: Tensor?, _ geo: ConvGeometry) -> [Float] {
        let xs = x.toArray(), ws = w.toArray(), bs = b?.toArray()
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let out = geo.outputSize(input: [h, wd], kernel: [kh, kw])
        var y = [Float](repeating: 0, count: n * o * out[0] * out[1])
        for b0 in 0..<n { for oc in 0..<o { for p in 0..<out[0] { for q in 0..<out[1] {
            var acc = Double(bs?[oc] ?? 0)
            for ic in 0..<c { for i in 0..<kh { for j in 0..<kw {
                let r = p * geo.stride[0] + i - geo.padLeft[0], s = q * geo.stride[1] + j - geo.padLeft[1]
                guard r >= 0 && r < h && s >= 0 && s < wd else { continue }
                acc += Double(xs[((b0 * c + ic) * h + r) * wd + s]) * Double(ws[((oc * c + ic) * kh + i) * kw + j])
            } } }
            y[((b0 * o + oc) * out[0] + p) * out[1] + q] = Float(acc)
        } } } }
        return y
    }

    func testForwardMatchesDefinition() {
        let geos = [ConvGeometry(stride: [1, 1], padLeft: [1, 1], padRight: [2, 2]),
                    ConvGeometry(stride: [2, 2], padLeft: [1, 1], padRight: [1, 1]),
                    ConvGeometry(stride: [2, 1], padLeft: [0, 2], padRight: [1, 0])]
        for geo in geos {
            let x = Tensor.randn([2, 3, 8, 7], generator: g), w = Tensor.randn([5, 3, 4, 3], generator: g)
            let b = Tensor.randn([5], generator: g)
            GradCheck.assertClose(x.conv(w, bias: b, geometry: geo).toArray(), naiveConv2d(x, w, b, geo), rtol: 1e-4, atol: 1e-4)
            GradCheck.assertClose(x.channelsLast().conv(w, bias: b, geometry: geo).toArray(), naiveConv2d(x, w, b, geo),
                                  rtol: 1e-4, atol: 1e-4)
        }
    }

    func testSamePaddingSplitsLikeTensorFlow() {
        let same = Padding.same.geometry(input: [16, 64], kernel: [4, 4], stride: [1, 1])
        XCTAssertEqual(same.padLeft, [1, 1])
        XCTAssertEqual(same.padRight, [2, 2])
        let strided = Padding.same.geometry(input: [32, 128], kernel: [4, 4], stride: [2, 2])
        XCTAssertEqual(strided.padLeft, [1, 1])
        XCTAssertEqual(strided.padRight, [1, 1])
        XCTAssertEqual(strided.outputSize(input: [32, 128], kernel: [4, 4]), [16, 64])
    }

    /// ⟨conv(x, w), g⟩ = ⟨x, convBackwardData(g, w)⟩ = ⟨w, convBackwardWeights(x, g)⟩.
    func testAdjointIdentities() {
        for spatial in [[7, 6], [5, 4, 6]] {
            let geo = ConvGeometry(stride: [Int](repeating: 2, count: spatial.count), padLeft: [Int](repeating: 1, count: spatial.count),
                                   padRight: [Int](repeating: 0, count: spatial.count))
            let kernel = [Int](repeating: 3, count: spatial.count)
            let x = Tensor.randn([2, 3] + spatial, generator: g), w = Tensor.randn([4, 3] + kernel, generator: g)
            let y = x.conv(w, geometry: geo)
            let gy = Tensor.randn(y.shape, generator: g)
            let lhs = (y * gy).sum().item()
            let viaData = (x * gy.convBackwardData(w, geometry: geo, inputSize: spatial)).sum().item()
            let viaWeights = (w * x.convBackwardWeights(gy, geometry: geo, kernel: kernel)).sum().item()
            XCTAssertEqual(lhs, viaData, accuracy: 1e-3 * Swift.abs(lhs) + 1e-3)
            XCTAssertEqual(lhs, viaWeights, accuracy: 1e-3 * Swift.abs(lhs) + 1e-3)
        }
    }

    func testGradients2d3d() {
        let geo2 = ConvGeometry(stride: [2, 1], padLeft: [1, 0], padRight: [1, 2])
        GradCheck.check([Tensor.randn([2, 3, 5, 4], generator: g), Tensor.randn([4, 3, 3, 2], std: 0.5, generator: g),
                         Tensor.randn([4], generator: g)]) { $0[0].conv($0[1], bias: $0[2], geometry: geo2) }
        let geo3 = ConvGeometry(stride: [1, 2, 1], padLeft: [1, 0, 1], padRight: [0, 1, 1])
        GradCheck.check([Tensor.randn([1, 2, 3, 4, 3], generator: g), Tensor.randn([3, 2, 2, 2, 2], std: 0.5, generator: g),
                         Tensor.randn([3], generator: g)]) { $0[0].conv($0[1], bias: $0[2], geometry: geo3) }
    }

    func testTransposedAndWeightGradientOpsAreDifferentiable() {
        let geo = ConvGeometry(stride: [2, 2], padLeft: [1, 1], padRight: [1, 0])
        let gy = Tensor.randn([2, 4, 3, 2], generator: g), w = Tensor.randn([4, 3, 3, 3], std: 0.5, generator: g)
        let x = Tensor.randn([2, 3, 6, 5], generator: g)
        GradCheck.check([gy, w]) { $0[0].convBackwardData($0[1], geometry: geo, inputSize: [6, 5]) }
        GradCheck.check([x, gy]) { $0[0].convBackwardWeights($0[1], geometry: geo, kernel: [3, 3]) }
    }

    func testSecondOrder() {
        let geo = ConvGeometry(stride: [2, 2], padLeft: [1, 1], padRight: [0, 0])
        let x = Tensor.randn([1, 2, 5, 5], generator: g), w = Tensor.randn([2, 2, 3, 3], std: 0.4, generator: g)
        let b = Tensor.randn([2], generator: g)
        GradCheck.checkSecondOrder([x, w, b]) { $0[0].conv($0[1], bias: $0[2], geometry: geo).pow(2) }
        let gy = Tensor.randn([1, 2, 2, 2], generator: g)
        GradCheck.checkSecondOrder([gy, w]) { $0[0].convBackwardData($0[1], geometry: geo, inputSize: [5, 5]).pow(2) }
        GradCheck.checkSecondOrder([x, gy]) { $0[0].convBackwardWeights($0[1], geometry: geo, kernel: [3, 3]).pow(2) }
    }

    func testConvTransposeLayerMatchesDefinition() {
        // PyTorch: y[n, o, i·s + k − p] += x[n, c, i] · w[c, o, k]; output (in−1)·s − 2p + k + outputPadding.
        for (padding, outputPadding) in [(1, 1), (0, 1), (2, 0)] {
            let layer = ConvTranspose2d(3, 2, kernelSize: 3, stride: 2, padding: padding, outputPadding: outputPadding,
                                        generator: g)
            let x = Tensor.randn([1, 3, 3, 4], generator: g)
            let y = withNoGrad { layer(x) }
            let oh = (3 - 1) * 2 - 2 * padding + 3 + outputPadding, ow = (4 - 1) * 2 - 2 * padding + 3 + outputPadding
            XCTAssertEqual(y.shape, [1, 2, oh, ow])
            var expected = [Float](repeating: 0, count: 2 * oh * ow)
            let xs = x.toArray(), ws = layer.weight.toArray(), bs = layer.bias!.toArray()
            for o in 0..<2 { for i in 0..<(oh * ow) { expected[o * oh * ow + i] = bs[o] } }
            for c in 0..<3 { for i in 0..<3 { for j in 0..<4 { for o in 0..<2 { for ki in 0..<3 { for kj in 0..<3 {
                let r = i * 2 + ki - padding, s = j * 2 + kj - padding
                guard r >= 0 && r < oh && s >= 0 && s < ow else { continue }
                expected[(o * oh + r) * ow + s] += xs[(c * 3 + i) * 4 + j] * ws[((c * 2 + o) * 3 + ki) * 3 + kj]
            } } } } } }
            GradCheck.assertClose(y.toArray(), expected, rtol: 1e-4, atol: 1e-4)
        }
        let layer3 = ConvTranspose3d(2, 2, kernelSize: [2, 3, 3], stride: [1, 2, 2], padding: [0, 1, 1], outputPadding: [0, 1, 1])
        XCTAssertEqual(withNoGrad { layer3(Tensor.randn([1, 2, 2, 3, 3], generator: g)) }.shape, [1, 2, 3, 6, 6])
    }

    func testFastImplementationsAreUsed() {
        // The model's layer shapes must get JIT kernels, never oneDNN's reference ones (100× slower).
        let x = Tensor.randn([2, 1, 32, 128], generator: g), w = Tensor.randn([64, 1, 4, 4], generator: g)
        let w2 = Tensor.randn([128, 64, 4, 4], generator: g)
        let geo = ConvGeometry(stride: [2, 2], padLeft: [1, 1], padRight: [1, 1])
        let y = x.conv(w, geometry: geo).conv(w2, geometry: geo)
        _ = y.convBackwardData(w2, geometry: geo, inputSize: [16, 64])
        let implementations = PrimitiveCache.implementations(prefix: "conv_")
        XCTAssertFalse(implementations.isEmpty)
        for (key, name) in implementations {
            XCTAssertFalse(name.hasPrefix("ref"), "\(key) uses \(name)")
        }
    }
}

final class BFloat16InferenceTests: XCTestCase {
    /// bfloat16 inference stays within bfloat16 rounding of float32 and never applies while recording.
    func testCloseToFloat32AndOnlyWithoutGrad() {
        let g = RandomGenerator(seed: 33)
        let x = Tensor.randn([1, 16, 8, 16], generator: g)
        let w = Tensor.randn([32, 16, 4, 4], std: 0.1, generator: g), b = Tensor.randn([32], generator: g)
        let geo = ConvGeometry(stride: [2, 2], padLeft: [1, 1], padRight: [1, 1])
        let saved = Engine.inferencePrecision
        defer { Engine.inferencePrecision = saved }
        Engine.inferencePrecision = .float32
        let exact = withNoGrad { x.conv(w, bias: b, geometry: geo).upsampleConv2d(w.permute([1, 0, 2, 3]).contiguous()) }.toArray()
        Engine.inferencePrecision = .bfloat16
        let low = withNoGrad { x.conv(w, bias: b, geometry: geo).upsampleConv2d(w.permute([1, 0, 2, 3]).contiguous()) }.toArray()
        let recorded = x.conv(w, bias: b, geometry: geo).upsampleConv2d(w.permute([1, 0, 2, 3]).contiguous()).toArray()
        XCTAssertEqual(recorded, exact, "with grad mode on, convolutions stay float32")
        let scale = exact.map(abs).max()!
        let worst = zip(low, exact).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(worst, 0.02 * scale, "bfloat16 has an 8-bit mantissa: ~0.4% per rounding")
        if Convolution.bf16Native { XCTAssertGreaterThan(worst, 0, "the bfloat16 path ran") }
    }
}
