import Foundation

// Elementwise arithmetic with NumPy broadcasting. Each operation computes its result with a Swift loop and
// records a backward function written with these same operations (so it is differentiable again).

extension Tensor {
    /// The layout for a result of `shape` computed from `inputs`: the first input of that exact shape lends its
    /// axis order (so channels-last stays channels-last), otherwise row-major.
    static func resultStrides(_ shape: [Int], like inputs: Tensor...) -> [Int] {
        for t in inputs where t.shape == shape { return t.strides }
        return Shapes.contiguousStrides(shape)
    }

    /// Applies `f` pairwise with broadcasting, without recording.
    static func broadcastCompute(_ op: String, _ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        if a.shape == b.shape && Shapes.sameLayout(a.shape, a.strides, b.strides) {
            let out = Tensor(uninitialized: a.shape, strides: a.strides)
            Kernels.zip(a.count, a.data, b.data, out.data, f)
            return out
        }
        let shape = must { () throws(TensorError) in try Shapes.broadcast(a.shape, b.shape, op: op) }
        let out = Tensor(uninitialized: shape, strides: resultStrides(shape, like: a, b))
        Kernels.zip(shape: shape,
                    a.data, Shapes.broadcastStrides(shape: a.shape, strides: a.strides, to: shape),
                    b.data, Shapes.broadcastStrides(shape: b.shape, strides: b.strides, to: shape),
                    out.data, out.strides, f)
        return withExtendedLifetime((a, b)) { out }
    }

    /// Applies `f` to every element, without recording; the result keeps this tensor's layout.
    func mapCompute(_ f: (Float) -> Float) -> Tensor {
        let out = Tensor(uninitialized: shape, strides: strides)
        Kernels.map(count, data, out.data, f)
        return out
    }

    // MARK: Binary

    public static func + (a: Tensor, b: Tensor) -> Tensor {
        broadcastCompute("add", a, b, +).recorded("add", [a, b]) { g, _, needs in
            [needs[0] ? g.sumTo(a.shape) : nil, needs[1] ? g.sumTo(b.shape) : nil]
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        broadcastCompute("sub", a, b, -).recorded("sub", [a, b]) { g, _, needs in
            [needs[0] ? g.sumTo(a.shape) : nil, needs[1] ? (-g).sumTo(b.shape) : nil]
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        broadcastCompute("mul", a, b, *).recorded("mul", [a, b]) { g, _, needs in
            [needs[0] ? (g * b).sumTo(a.shape) : nil, needs[1] ? (g * a).sumTo(b.shape) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        broadcastCompute("div", a, b, /).recorded("div", [a, b]) { g, _, needs in
            [needs[0] ? (g / b).sumTo(a.shape) : nil,
             needs[1] ? (-(g * a) / (b * b)).sumTo(b.shape) : nil]
        }
    }

    /// Elementwise maximum; where equal, the gradient goes to `a`.
    public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
        broadcastCompute("maximum", a, b) { Swift.max($0, $1) }.recorded("maximum", [a, b]) { g, _, needs in
            let takeA = a.greaterEqual(b)
            return [needs[0] ? (g * takeA).sumTo(a.shape) : nil,
                    needs[1] ? (g * (1 - takeA)).sumTo(b.shape) : nil]
        }
    }

    /// Elementwise minimum; where equal, the gradient goes to `a`.
    public static func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
        broadcastCompute("minimum", a, b) { Swift.min($0, $1) }.recorded("minimum", [a, b]) { g, _, needs in
            let takeA = a.lessEqual(b)
            return [needs[0] ? (g * takeA).sumTo(a.shape) : nil,
                    needs[1] ? (g * (1 - takeA)).sumTo(b.shape) : nil]
        }
    }

    // MARK: Comparisons (masks of 0 and 1; not differentiable)

    public func greater(_ b: Tensor) -> Tensor { Tensor.broadcastCompute("greater", self, b) { $0 > $1 ? 1 : 0 } }
    public func greaterEqual(_ b: Tensor) -> Tensor { Tensor.broadcastCompute("greaterEqual", self, b) { $0 >= $1 ? 1 : 0 } }
    public func less(_ b: Tensor) -> Tensor { Tensor.broadcastCompute("less", self, b) { $0 < $1 ? 1 : 0 } }
    public func lessEqual(_ b: Tensor) -> Tensor { Tensor.broadcastCompute("lessEqual", self, b) { $0 <= $1 ? 1 : 0 } }
    public func equal(_ b: Tensor) -> Tensor { Tensor.broadcastCompute("equal", self, b) { $0 == $1 ? 1 : 0 } }
    public func greater(_ v: Float) -> Tensor { mapCompute { $0 > v ? 1 : 0 } }
    public func less(_ v: Float) -> Tensor { mapCompute { $0 < v ? 1 : 0 } }

    // MARK: With scalars

    public static func + (a: Tensor, s: Float) -> Tensor {
        a.mapCompute { $0 + s }.recorded("addScalar", [a]) { g, _, _ in [g] }
    }
    public static func + (s: Float, a: Tensor) -> Tensor { a + s }
    public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }
    public static func - (s: Float, a: Tensor) -> Tensor { -a + s }

    public static func * (a: Tensor, s: Float) -> Tensor {
        a.mapCompute { $0 * s }.recorded("mulScalar", [a]) { g, _, _ in [g * s] }
    }
    public static func * (s: Float, a: Tensor) -> Tensor { a * s }
    public static func / (a: Tensor, s: Float) -> Tensor { a * (1 / s) }
    public static func / (s: Float, a: Tensor) -> Tensor { a.pow(-1) * s }

    public static prefix func - (a: Tensor) -> Tensor { a * -1 }

    // MARK: Unary

    /// `self` raised to a constant power.
    public func pow(_ p: Float) -> Tensor {
        let out: Tensor
        switch p {
        case 2: out = mapCompute { $0 * $0 }
        case 1: out = mapCompute { $0 }
        case 0.5: out = mapCompute { $0.squareRoot() }
        case -1: out = mapCompute { 1 / $0 }
        default: out = mapCompute { Foundation.pow($0, p) }
        }
        return out.recorded("pow", [self]) { g, _, _ in
            [p == 2 ? g * self * 2 : g * self.pow(p - 1) * p]
        }
    }

    public func sqrt() -> Tensor {
        mapCompute { $0.squareRoot() }.recorded("sqrt", [self]) { g, y, _ in [g * 0.5 / y] }
    }

    public func exp() -> Tensor {
        Eltwise.apply(.exp, self).recorded("exp", [self]) { g, y, _ in [g * y] }
    }

    public func log() -> Tensor {
        Eltwise.apply(.log, self).recorded("log", [self]) { g, _, _ in [g / self] }
    }

    public func abs() -> Tensor {
        mapCompute { Swift.abs($0) }.recorded("abs", [self]) { g, _, _ in
            [g * self.mapCompute { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }]
        }
    }

    /// Limits values to `[min, max]`; the gradient is zero where clamped.
    public func clamp(min lo: Float = -.infinity, max hi: Float = .infinity) -> Tensor {
        mapCompute { Swift.min(Swift.max($0, lo), hi) }.recorded("clamp", [self]) { g, _, _ in
            [g * self.mapCompute { $0 >= lo && $0 <= hi ? 1 : 0 }]
        }
    }
}
