/// Stride and (possibly asymmetric) zero padding of a 2-D or 3-D convolution, per spatial axis.
public struct ConvGeometry: Hashable, Sendable, CustomStringConvertible {
    public var stride: [Int]
    public var padLeft: [Int]
    public var padRight: [Int]

    public init(stride: [Int], padLeft: [Int], padRight: [Int]) {
        self.stride = stride
        self.padLeft = padLeft
        self.padRight = padRight
    }

    /// Output extent of each spatial axis for `input` extents and `kernel` extents.
    public func outputSize(input: [Int], kernel: [Int]) -> [Int] {
        input.indices.map { (input[$0] + padLeft[$0] + padRight[$0] - kernel[$0]) / stride[$0] + 1 }
    }

    public var description: String { "stride \(stride) pad \(padLeft)/\(padRight)" }
}

/// How a convolution layer pads.
public enum Padding: Hashable, Sendable {
    /// No padding.
    case valid
    /// TensorFlow's 'same' (= PyTorch's padding="same" at stride 1): output = ceil(input / stride); the total
    /// padding is split with the extra element on the right (kernel 4, stride 1: 1 left, 2 right).
    case same
    /// The same amount on both sides of every spatial axis.
    case symmetric(Int)
    /// Explicit left and right padding per spatial axis.
    case explicit(left: [Int], right: [Int])

    public func geometry(input: [Int], kernel: [Int], stride: [Int]) -> ConvGeometry {
        let n = kernel.count
        switch self {
        case .valid: return ConvGeometry(stride: stride, padLeft: .init(repeating: 0, count: n), padRight: .init(repeating: 0, count: n))
        case .symmetric(let p): return ConvGeometry(stride: stride, padLeft: .init(repeating: p, count: n), padRight: .init(repeating: p, count: n))
        case .explicit(let l, let r): return ConvGeometry(stride: stride, padLeft: l, padRight: r)
        case .same:
            var l = [Int](), r = [Int]()
            for i in 0..<n {
                let out = (input[i] + stride[i] - 1) / stride[i]
                let total = Swift.max((out - 1) * stride[i] + kernel[i] - input[i], 0)
                l.append(total / 2)
                r.append(total - total / 2)
            }
            return ConvGeometry(stride: stride, padLeft: l, padRight: r)
        }
    }
}

// The convolution family: three operations that are each other's derivatives, so gradients of any order stay
// inside the set:
//   conv(x, w)                  y[n,o,p]  = Σ_{i,k} x[n,i,p·s+k−pl] · w[o,i,k]
//   convBackwardData(g, w)      dx[n,i,q] = Σ_{o,k: q=p·s+k−pl} g[n,o,p] · w[o,i,k]   (a transposed convolution)
//   convBackwardWeights(x, g)   dw[o,i,k] = Σ_{n,p} g[n,o,p] · x[n,i,p·s+k−pl]
// Each is linear in both arguments; the adjoint of each with respect to either argument is another member.

extension Tensor {
    /// Convolution of an NCHW (or NCDHW) input with OIHW (OIDHW) weights and optional per-channel bias.
    public func conv(_ weight: Tensor, bias: Tensor? = nil, geometry: ConvGeometry) -> Tensor {
        must { () throws(TensorError) in try Convolution.check(input: shape, weight: weight.shape, bias: bias?.shape, geometry) }
        let x = convInputLayout()
        let y = Convolution.forward(x, weight, bias, geometry)
        var inputs = [x, weight]
        if let bias { inputs.append(bias) }
        return y.recorded("conv", inputs) { g, _, needs in
            let spatialAxes = Array(0..<g.rank).filter { $0 != 1 }
            return [needs[0] ? g.convBackwardData(weight, geometry: geometry, inputSize: Array(x.shape.dropFirst(2))) : nil,
                    needs[1] ? x.convBackwardWeights(g, geometry: geometry, kernel: Array(weight.shape.dropFirst(2))) : nil,
                    needs.count > 2 && needs[2] ? g.sum(axes: spatialAxes) : nil]
        }
    }

    /// The transposed convolution of `self` (shaped like a convolution's output) with conv weights `weight`
    /// [O, I, k...]: shaped like the convolution's input, with spatial extent `inputSize`.
    public func convBackwardData(_ weight: Tensor, geometry: ConvGeometry, inputSize: [Int]) -> Tensor {
        let g = convInputLayout()
        let dx = Convolution.backwardData(g, weight, geometry, inputSize: inputSize)
        return dx.recorded("convBackwardData", [g, weight]) { gg, _, needs in
            [needs[0] ? gg.conv(weight, geometry: geometry) : nil,
             needs[1] ? gg.convBackwardWeights(g, geometry: geometry, kernel: Array(weight.shape.dropFirst(2))) : nil]
        }
    }

    /// The weight gradient of a convolution of `self` (its input) given `gradOutput`; shaped [O, I, kernel...].
    public func convBackwardWeights(_ gradOutput: Tensor, geometry: ConvGeometry, kernel: [Int]) -> Tensor {
        let x = convInputLayout(), g = gradOutput.convInputLayout()
        let dw = Convolution.backwardWeights(x, g, geometry, kernel: kernel)
        return dw.recorded("convBackwardWeights", [x, g]) { ggw, _, needs in
            [needs[0] ? g.convBackwardData(ggw, geometry: geometry, inputSize: Array(x.shape.dropFirst(2))) : nil,
             needs[1] ? x.conv(ggw, geometry: geometry) : nil]
        }
    }

    /// Activations enter oneDNN channels-last (its fast kernels' native layout).
    func convInputLayout() -> Tensor { channelsLast() }
}
