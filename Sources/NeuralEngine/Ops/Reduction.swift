// Reductions over axes. Backward of a sum broadcasts the gradient back (expand), whose backward is a sum again.

extension Tensor {
    private func reductionAxes(_ axes: [Int]?, _ op: String) -> [Int] {
        guard let axes else { return Array(0..<rank) }
        return Array(Set(axes.map { a in must { () throws(TensorError) in try Shapes.axis(a, rank: rank, op: op) } })).sorted()
    }

    /// Raw reduction without recording; result has keep-dims shape, row-major.
    private func reduceCompute(_ kind: Kernels.Reduction, _ axes: [Int]) -> Tensor {
        var kept = shape
        for a in axes { kept[a] = 1 }
        let out = Tensor(uninitialized: kept)
        var dstStrides = out.strides
        for a in axes { dstStrides[a] = 0 }
        Kernels.reduce(kind, shape: shape, data, strides, into: out.data, dstCount: out.count, dstStrides)
        return out
    }

    private func dropAxes(_ axes: [Int]) -> [Int] {
        shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
    }

    /// Sum over `axes` (all axes when nil).
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let axes = reductionAxes(axes, "sum")
        let kept = reduceCompute(.sum, axes).recorded("sum", [self]) { [shape] g, _, _ in [g.expand(to: shape)] }
        return keepDims ? kept : kept.reshape(dropAxes(axes))
    }

    /// Mean over `axes` (all axes when nil).
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let axes = reductionAxes(axes, "mean")
        let n = axes.reduce(1) { $0 * shape[$1] }
        return sum(axes: axes, keepDims: keepDims) * (1 / Float(Swift.max(n, 1)))
    }

    /// Maximum over `axes` (all axes when nil). Ties share the gradient equally.
    public func max(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let axes = reductionAxes(axes, "max")
        let kept = reduceCompute(.max, axes)
        let recorded = kept.recorded("max", [self]) { [shape] g, y, _ in
            let hits = self.equal(y.detach())
            let ties = hits.sum(axes: axes, keepDims: true).detach()
            return [(g / ties).expand(to: shape) * hits]
        }
        return keepDims ? recorded : recorded.reshape(dropAxes(axes))
    }

    /// Variance over `axes` (biased, as normalisation layers use it).
    public func variance(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let m = mean(axes: axes, keepDims: true)
        let d = self - m
        return (d * d).mean(axes: axes, keepDims: keepDims)
    }
}
