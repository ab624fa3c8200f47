/// A shape or argument problem, with a message that names the operation and the shapes involved.
///
/// Operations check their arguments with the throwing validators in this module and stop the program with the
/// message on misuse (a programming error, as in PyTorch's exceptions); the validators themselves are public so
/// that callers holding untrusted shapes (e.g. weights from a file) can check first and report.
public struct TensorError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Runs a validator and stops with its message when it throws.
@inline(__always)
func must<T>(_ body: () throws(TensorError) -> T) -> T {
    do { return try body() } catch { fatalError("NeuralEngine: \(error.message)") }
}

/// Formats a shape the way error messages print it: `[64, 1, 32, 128]`.
func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

enum Shapes {
    static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Row-major (C order) strides: the last axis is contiguous.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= max(shape[axis], 1)
        }
        return strides
    }

    /// Strides for a physical axis order (outermost first), e.g. [0, 2, 3, 1] for NHWC.
    static func strides(_ shape: [Int], order: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in order.reversed() {
            strides[axis] = step
            step *= max(shape[axis], 1)
        }
        return strides
    }

    /// Channels-last strides for rank-4/5 tensors (NHWC / NDHWC), the layout oneDNN's fast kernels use.
    static func channelsLastStrides(_ shape: [Int]) -> [Int] {
        guard shape.count >= 3 else { return contiguousStrides(shape) }
        return strides(shape, order: [0] + Array(2..<shape.count) + [1])
    }

    /// Whether two stride vectors address the same layout (axes of extent 1 can have any stride).
    static func sameLayout(_ shape: [Int], _ a: [Int], _ b: [Int]) -> Bool {
        for axis in shape.indices where shape[axis] > 1 && a[axis] != b[axis] { return false }
        return true
    }

    /// The physical order of axes (outermost first) implied by strides; ties keep the logical order.
    static func order(_ shape: [Int], strides: [Int]) -> [Int] {
        shape.indices.sorted { a, b in
            let sa = shape[a] == 1 ? Int.max : strides[a], sb = shape[b] == 1 ? Int.max : strides[b]
            return sa != sb ? sa > sb : a < b
        }
    }

    /// NumPy broadcasting of two shapes.
    static func broadcast(_ a: [Int], _ b: [Int], op: String) throws(TensorError) -> [Int] {
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard da == db || da == 1 || db == 1 else {
                throw TensorError("\(op): shapes \(describe(a)) and \(describe(b)) cannot be broadcast together")
            }
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Strides to read a tensor of `shape` as if it had `target` shape (0 on broadcast axes).
    static func broadcastStrides(shape: [Int], strides: [Int], to target: [Int]) -> [Int] {
        let lead = target.count - shape.count
        return target.indices.map { i in
            i < lead || shape[i - lead] == 1 ? 0 : strides[i - lead]
        }
    }

    /// Normalises a possibly negative axis.
    static func axis(_ axis: Int, rank: Int, op: String) throws(TensorError) -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0 && a < rank else { throw TensorError("\(op): axis \(axis) out of range for rank \(rank)") }
        return a
    }
}
