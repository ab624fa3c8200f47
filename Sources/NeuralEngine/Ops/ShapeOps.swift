// Shape operations: layout changes, reshape, permute, broadcast/expand and its adjoint sumTo, concat,
// crop/pad (adjoint pair; slice is a crop). Results are fresh dense tensors unless noted.

extension Tensor {
    // MARK: Layout (same values, different physical order)

    /// The same values stored with `strides` (a dense permutation); identity for autograd.
    func withStrides(_ target: [Int]) -> Tensor {
        if Shapes.sameLayout(shape, strides, target) { return self }
        let out = Tensor(uninitialized: shape, strides: target)
        Kernels.copy(shape: shape, from: data, strides, to: out.data, target)
        return out.recorded("layout", [self]) { g, _, _ in [g] }
    }

    /// The same values in `other`'s layout (shapes must match).
    func withLayout(of other: Tensor) -> Tensor { withStrides(other.strides) }

    /// Row-major storage (a copy only when needed).
    public func contiguous() -> Tensor { withStrides(Shapes.contiguousStrides(shape)) }

    /// Channels-last storage for rank 4/5 (NHWC / NDHWC), the layout convolutions use.
    public func channelsLast() -> Tensor { withStrides(Shapes.channelsLastStrides(shape)) }

    // MARK: Reshape and permute

    /// The same values with a new shape (row-major order); one extent may be -1.
    public func reshape(_ newShape: [Int]) -> Tensor {
        let target = must { () throws(TensorError) in try Shapes.reshape(shape, to: newShape) }
        if target == shape { return self }
        let c = contiguous()
        return Tensor(shape: target, strides: Shapes.contiguousStrides(target), storage: c.storage)
            .recorded("reshape", [c]) { g, _, _ in [g.reshape(c.shape)] }
    }

    /// Flattens axes `start...` into one.
    public func flatten(from start: Int = 1) -> Tensor {
        reshape(Array(shape.prefix(start)) + [shape.dropFirst(start).reduce(1, *)])
    }

    /// Reorders axes: result axis i is input axis `order[i]`. Shares the buffer (only strides change).
    public func permute(_ order: [Int]) -> Tensor {
        precondition(order.sorted() == Array(0..<rank),
                     "NeuralEngine: permute(\(order)) is not a permutation of the axes of \(describe(shape))")
        var inverse = order
        for (i, a) in order.enumerated() { inverse[a] = i }
        return Tensor(shape: order.map { shape[$0] }, strides: order.map { strides[$0] }, storage: storage)
            .recorded("permute", [self]) { g, _, _ in [g.permute(inverse)] }
    }

    /// Swaps the last two axes (a matrix transpose); shares the buffer.
    public func transposed() -> Tensor {
        precondition(rank >= 2, "NeuralEngine: transposed() needs rank ≥ 2, got \(describe(shape))")
        var order = Array(0..<rank)
        order.swapAt(rank - 1, rank - 2)
        return permute(order)
    }

    // MARK: Broadcasting

    /// Repeats along broadcast axes to `target` (NumPy rules).
    public func expand(to target: [Int]) -> Tensor {
        if target == shape { return self }
        let checked = must { () throws(TensorError) in try Shapes.broadcast(shape, target, op: "expand") }
        precondition(checked == target, "NeuralEngine: expand: cannot expand \(describe(shape)) to \(describe(target))")
        let out = Tensor(uninitialized: target)
        Kernels.copy(shape: target, from: data, Shapes.broadcastStrides(shape: shape, strides: strides, to: target),
                     to: out.data, out.strides)
        return out.recorded("expand", [self]) { [shape] g, _, _ in [g.sumTo(shape)] }
    }

    /// Sums over broadcast axes down to `target`: the adjoint of `expand(to:)`.
    public func sumTo(_ target: [Int]) -> Tensor {
        if target == shape { return self }
        let lead = rank - target.count
        precondition(lead >= 0, "NeuralEngine: sumTo: cannot reduce \(describe(shape)) to \(describe(target))")
        var axes: [Int] = Array(0..<lead)
        for (i, extent) in target.enumerated() where extent != shape[lead + i] {
            precondition(extent == 1, "NeuralEngine: sumTo: cannot reduce \(describe(shape)) to \(describe(target))")
            axes.append(lead + i)
        }
        return sum(axes: axes, keepDims: true).reshape(target)
    }

    // MARK: Concatenation, crop and pad

    /// Joins tensors along `axis`; the result takes the first tensor's axis order.
    public static func cat(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "NeuralEngine: cat of no tensors")
        let first = parts[0]
        let a = must { () throws(TensorError) in try Shapes.axis(axis, rank: first.rank, op: "cat") }
        for p in parts {
            precondition(p.rank == first.rank && p.shape.indices.allSatisfy { $0 == a || p.shape[$0] == first.shape[$0] },
                         "NeuralEngine: cat along axis \(a): shapes \(parts.map { describe($0.shape) }.joined(separator: ", ")) differ off that axis")
        }
        var shape = first.shape
        shape[a] = parts.reduce(0) { $0 + $1.shape[a] }
        let out = Tensor(uninitialized: shape,
                         strides: Shapes.strides(shape, order: Shapes.order(first.shape, strides: first.strides)))
        var offset = 0
        var starts: [Int] = []
        for p in parts {
            starts.append(offset)
            Kernels.copy(shape: p.shape, from: p.data, p.strides, to: out.data + offset * out.strides[a], out.strides)
            offset += p.shape[a]
        }
        return out.recorded("cat", parts) { g, _, needs in
            parts.indices.map { i in
                guard needs[i] else { return nil }
                var start = [Int](repeating: 0, count: shape.count)
                start[a] = starts[i]
                return g.crop(start: start, shape: parts[i].shape)
            }
        }
    }

    /// The block of `shape` starting at `start`.
    public func crop(start: [Int], shape size: [Int]) -> Tensor {
        precondition(start.count == rank && size.count == rank
                     && shape.indices.allSatisfy { start[$0] >= 0 && size[$0] >= 0 && start[$0] + size[$0] <= shape[$0] },
                     "NeuralEngine: crop start \(start) size \(size) outside \(describe(shape))")
        if size == shape { return self }
        let out = Tensor(uninitialized: size, strides: Shapes.strides(size, order: Shapes.order(shape, strides: strides)))
        let base = zip(start, strides).reduce(0) { $0 + $1.0 * $1.1 }
        Kernels.copy(shape: size, from: data + base, strides, to: out.data, out.strides)
        let full = shape
        return out.recorded("crop", [self]) { g, _, _ in
            [g.pad(before: start, after: full.indices.map { full[$0] - start[$0] - size[$0] })]
        }
    }

    /// Elements `range` of `axis`.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let a = must { () throws(TensorError) in try Shapes.axis(axis, rank: rank, op: "slice") }
        var start = [Int](repeating: 0, count: rank), size = shape
        start[a] = range.lowerBound
        size[a] = range.count
        return crop(start: start, shape: size)
    }

    /// Surrounds with `value` (zero by default): `before[i]` / `after[i]` elements on each side of axis i.
    public func pad(before: [Int], after: [Int], value: Float = 0) -> Tensor {
        precondition(before.count == rank && after.count == rank && (before + after).allSatisfy { $0 >= 0 },
                     "NeuralEngine: pad \(before)/\(after) does not fit \(describe(shape))")
        if before.allSatisfy({ $0 == 0 }) && after.allSatisfy({ $0 == 0 }) { return self }
        let size = shape.indices.map { shape[$0] + before[$0] + after[$0] }
        let out = Tensor(uninitialized: size, strides: Shapes.strides(size, order: Shapes.order(shape, strides: strides)))
        out.data.update(repeating: value, count: out.count)
        let base = zip(before, out.strides).reduce(0) { $0 + $1.0 * $1.1 }
        Kernels.copy(shape: shape, from: data, strides, to: out.data + base, out.strides)
        let inner = shape
        return out.recorded("pad", [self]) { g, _, _ in [g.crop(start: before, shape: inner)] }
    }
}

extension Shapes {
    static func reshape(_ shape: [Int], to target: [Int]) throws(TensorError) -> [Int] {
        let total = count(shape)
        let unknown = target.indices.filter { target[$0] == -1 }
        guard unknown.count <= 1, target.allSatisfy({ $0 >= -1 }) else {
            throw TensorError("reshape: bad target shape \(describe(target))")
        }
        var out = target
        if let u = unknown.first {
            let known = target.enumerated().filter { $0.offset != u }.reduce(1) { $0 * $1.element }
            guard known > 0, total % known == 0 else {
                throw TensorError("reshape: cannot reshape \(describe(shape)) to \(describe(target))")
            }
            out[u] = total / known
        }
        guard count(out) == total else {
            throw TensorError("reshape: cannot reshape \(describe(shape)) (\(total) elements) to \(describe(target))")
        }
        return out
    }
}
