// Nearest-neighbour upsampling by integer factors, and its adjoint (sum over each block). The forward is a
// broadcasting copy through a view that splits each output axis into (input index, repeat).

extension Tensor {
    /// Repeats each spatial element `scale[i]` times along spatial axis i (NCHW / NCDHW; axes 2...).
    public func upsampleNearest(scale: [Int]) -> Tensor {
        precondition(rank >= 3 && scale.count == rank - 2 && scale.allSatisfy { $0 >= 1 },
                     "NeuralEngine: upsampleNearest: scale \(scale) does not fit \(describe(shape))")
        let outShape = Array(shape.prefix(2)) + zip(shape.dropFirst(2), scale).map { $0 * $1 }
        let out = Tensor(uninitialized: outShape, strides: Shapes.strides(outShape, order: Shapes.order(shape, strides: strides)))
        let (view, src, dst) = UpsampleViews.views(shape, strides, out.strides, scale)
        Kernels.copy(shape: view, from: data, src, to: out.data, dst)
        return out.recorded("upsampleNearest", [self]) { g, _, _ in [g.downsampleSum(scale: scale)] }
    }

    /// Sums each block of `scale` elements (the adjoint of nearest upsampling).
    public func downsampleSum(scale: [Int]) -> Tensor {
        precondition(rank >= 3 && scale.count == rank - 2 && zip(shape.dropFirst(2), scale).allSatisfy { $0 % $1 == 0 },
                     "NeuralEngine: downsampleSum: scale \(scale) does not divide \(describe(shape))")
        let outShape = Array(shape.prefix(2)) + zip(shape.dropFirst(2), scale).map { $0 / $1 }
        let out = Tensor(uninitialized: outShape, strides: Shapes.strides(outShape, order: Shapes.order(shape, strides: strides)))
        let (view, small, big) = UpsampleViews.views(outShape, out.strides, strides, scale)
        Kernels.reduce(.sum, shape: view, data, big, into: out.data, dstCount: out.count, small)
        return out.recorded("downsampleSum", [self]) { g, _, _ in [g.upsampleNearest(scale: scale)] }
    }
}

enum UpsampleViews {
    /// A view of shape [N, C, h, sh, w, sw, ...]: strides for the small tensor (0 on repeat axes) and the big one.
    static func views(_ small: [Int], _ smallStrides: [Int], _ bigStrides: [Int], _ scale: [Int])
        -> (shape: [Int], small: [Int], big: [Int]) {
        var shape = Array(small.prefix(2)), s = Array(smallStrides.prefix(2)), b = Array(bigStrides.prefix(2))
        for i in 0..<scale.count {
            shape += [small[2 + i], scale[i]]
            s += [smallStrides[2 + i], 0]
            b += [bigStrides[2 + i] * scale[i], bigStrides[2 + i]]
        }
        return (shape, s, b)
    }
}
