/// Loops over strided float buffers: the Swift-side kernels behind elementwise ops, copies between layouts,
/// broadcasting and reductions. oneDNN does the heavy lifting (convolutions, matmul, normalisation); these
/// handle everything that is memory-bound and simple.
///
/// Every loop is planned the same way: drop axes of extent 1, order the rest by the leading operand's strides
/// (outermost first), merge axes that are contiguous for every operand, then walk the innermost run with plain
/// pointer arithmetic and the outer axes with an odometer, split over threads.
enum Kernels {
    struct Plan {
        var extents: [Int]
        var strides: [[Int]]  // [operand][axis]
        var inner: Int { extents[extents.count - 1] }
        var outerCount: Int { extents.dropLast().reduce(1, *) }
    }

    static func plan(_ shape: [Int], _ strides: [[Int]]) -> Plan {
        var axes = shape.indices.filter { shape[$0] > 1 }
        axes.sort { a, b in
            for s in strides where abs(s[a]) != abs(s[b]) { return abs(s[a]) > abs(s[b]) }
            return a < b
        }
        var extents: [Int] = []
        var planned = [[Int]](repeating: [], count: strides.count)
        for axis in axes {
            if let last = extents.indices.last,
               strides.indices.allSatisfy({ planned[$0][last] == strides[$0][axis] * shape[axis] }) {
                extents[last] *= shape[axis]
                for op in strides.indices { planned[op][last] = strides[op][axis] }
            } else {
                extents.append(shape[axis])
                for op in strides.indices { planned[op].append(strides[op][axis]) }
            }
        }
        if extents.isEmpty {
            extents = [1]
            planned = planned.map { _ in [0] }
        }
        return Plan(extents: extents, strides: planned)
    }

    /// Walks the outer axes of `plan` for outer indices in `range`, calling `body` with each operand's offset
    /// of the innermost run.
    @inline(__always)
    static func walk(_ plan: Plan, _ range: Range<Int>, _ body: (_ offsets: UnsafeMutableBufferPointer<Int>) -> Void) {
        let outerRank = plan.extents.count - 1
        let ops = plan.strides.count
        var index = [Int](repeating: 0, count: max(outerRank, 1))
        var offsets = [Int](repeating: 0, count: ops)
        var rest = range.lowerBound
        for axis in stride(from: outerRank - 1, through: 0, by: -1) {
            index[axis] = rest % plan.extents[axis]
            rest /= plan.extents[axis]
            for op in 0..<ops { offsets[op] += index[axis] * plan.strides[op][axis] }
        }
        offsets.withUnsafeMutableBufferPointer { off in
            for _ in range {
                body(off)
                var axis = outerRank - 1
                while axis >= 0 {
                    index[axis] += 1
                    for op in 0..<ops { off[op] += plan.strides[op][axis] }
                    if index[axis] < plan.extents[axis] { break }
                    for op in 0..<ops { off[op] -= plan.strides[op][axis] * plan.extents[axis] }
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
    }

    @inline(__always)
    static func grain(_ plan: Plan) -> Int { max(1, Engine.parallelThreshold / max(plan.inner, 1)) }

    // MARK: - Copy (with broadcasting: a source stride of 0 repeats)

    static func copy(shape: [Int], from src: UnsafePointer<Float>, _ srcStrides: [Int],
                     to dst: UnsafeMutablePointer<Float>, _ dstStrides: [Int]) {
        let p = plan(shape, [dstStrides, srcStrides])
        let n = p.inner, sd = p.strides[0].last!, ss = p.strides[1].last!
        Engine.parallelFor(p.outerCount, grain: grain(p)) { range in
            walk(p, range) { off in
                let d = dst + off[0], s = src + off[1]
                if sd == 1 && ss == 1 {
                    d.update(from: s, count: n)
                } else if ss == 0 {
                    let v = s.pointee
                    for i in 0..<n { d[i * sd] = v }
                } else {
                    for i in 0..<n { d[i * sd] = s[i * ss] }
                }
            }
        }
    }

    // MARK: - Elementwise

    /// `dst[i] = f(src[i])` over `count` densely stored elements (any layout, same for both).
    @inline(__always)
    static func map(_ count: Int, _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                    _ f: (Float) -> Float) {
        Engine.parallelFor(count) { range in
            for i in range { dst[i] = f(src[i]) }
        }
    }

    /// `dst[i] = f(a[i], b[i])` over densely stored elements with identical layouts.
    @inline(__always)
    static func zip(_ count: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                    _ dst: UnsafeMutablePointer<Float>, _ f: (Float, Float) -> Float) {
        Engine.parallelFor(count) { range in
            for i in range { dst[i] = f(a[i], b[i]) }
        }
    }

    /// Broadcasting binary op: operands read with their (possibly 0) strides in `shape`.
    @inline(__always)
    static func zip(shape: [Int], _ a: UnsafePointer<Float>, _ aStrides: [Int], _ b: UnsafePointer<Float>,
                    _ bStrides: [Int], _ dst: UnsafeMutablePointer<Float>, _ dStrides: [Int],
                    _ f: (Float, Float) -> Float) {
        let p = plan(shape, [dStrides, aStrides, bStrides])
        let n = p.inner, sd = p.strides[0].last!, sa = p.strides[1].last!, sb = p.strides[2].last!
        Engine.parallelFor(p.outerCount, grain: grain(p)) { range in
            walk(p, range) { off in
                let d = dst + off[0], x = a + off[1], y = b + off[2]
                if sd == 1 && sa == 1 && sb == 0 {
                    let v = y.pointee
                    for i in 0..<n { d[i] = f(x[i], v) }
                } else if sd == 1 && sa == 0 && sb == 1 {
                    let v = x.pointee
                    for i in 0..<n { d[i] = f(v, y[i]) }
                } else if sd == 1 && sa == 1 && sb == 1 {
                    for i in 0..<n { d[i] = f(x[i], y[i]) }
                } else {
                    for i in 0..<n { d[i * sd] = f(x[i * sa], y[i * sb]) }
                }
            }
        }
    }

    // MARK: - Reductions

    enum Reduction { case sum, max }

    /// Reduces `src` (read with `srcStrides` over `shape`) into `dst`, whose strides are 0 on reduced axes.
    /// `dst` is overwritten. Sums accumulate runs in Double.
    static func reduce(_ kind: Reduction, shape: [Int], _ src: UnsafePointer<Float>, _ srcStrides: [Int],
                       into dst: UnsafeMutablePointer<Float>, dstCount: Int, _ dstStrides: [Int]) {
        let identity: Float = kind == .sum ? 0 : -.infinity
        dst.update(repeating: identity, count: dstCount)
        let p = plan(shape, [srcStrides, dstStrides])
        let outer = p.outerCount
        let outerAliases = p.strides[1].dropLast().contains(0)
        let threads = Engine.threads
        let big = outer * p.inner >= Engine.parallelThreshold * 2 && threads > 1
        if big && outerAliases && dstCount <= 1 << 16 {
            // Several outer indices write the same outputs: each thread reduces into its own copy.
            let chunks = min(threads, outer)
            let partial = UnsafeMutablePointer<Float>.allocate(capacity: chunks * dstCount)
            defer { partial.deallocate() }
            partial.update(repeating: identity, count: chunks * dstCount)
            let per = (outer + chunks - 1) / chunks
            Engine.concurrentPerform(chunks) { c in
                let lo = c * per, hi = min(outer, lo + per)
                if lo < hi { reduceRuns(kind, p, lo..<hi, src, partial + c * dstCount) }
            }
            for c in 0..<chunks {
                let part = partial + c * dstCount
                for i in 0..<dstCount { dst[i] = kind == .sum ? dst[i] + part[i] : Swift.max(dst[i], part[i]) }
            }
        } else if big && !outerAliases {
            Engine.parallelFor(outer, grain: grain(p)) { range in reduceRuns(kind, p, range, src, dst) }
        } else {
            reduceRuns(kind, p, 0..<outer, src, dst)
        }
    }

    private static func reduceRuns(_ kind: Reduction, _ p: Plan, _ range: Range<Int>,
                                   _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>) {
        let n = p.inner, ss = p.strides[0].last!, sd = p.strides[1].last!
        walk(p, range) { off in
            let s = src + off[0], d = dst + off[1]
            switch (kind, sd) {
            case (.sum, 0):
                var acc = 0.0
                for i in 0..<n { acc += Double(s[i * ss]) }
                d.pointee += Float(acc)
            case (.sum, _):
                for i in 0..<n { d[i * sd] += s[i * ss] }
            case (.max, 0):
                var m = d.pointee
                for i in 0..<n { m = Swift.max(m, s[i * ss]) }
                d.pointee = m
            case (.max, _):
                for i in 0..<n { d[i * sd] = Swift.max(d[i * sd], s[i * ss]) }
            }
        }
    }
}

