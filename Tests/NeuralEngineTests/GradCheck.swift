import XCTest
@testable import NeuralEngine

/// Finite-difference checks of autograd, in float32 with central differences.
///
/// `gradcheck` compares the analytic gradient of Σ R⊙f(inputs) (R a fixed random weighting) with central
/// differences. `gradgradcheck` runs `gradcheck` on the function that returns the first-order gradients
/// (computed with createGraph), which checks every second derivative, as PyTorch's gradgradcheck does.
enum GradCheck {
    static let generator = RandomGenerator(seed: 1234)

    /// Copies of tensors as fresh leaves requiring gradients (in the original layout).
    static func leaves(_ inputs: [Tensor]) -> [Tensor] {
        inputs.map { t in
            let c = Tensor(uninitialized: t.shape, strides: t.strides)
            c.copy_(from: t)
            return c.requiringGrad()
        }
    }

    /// Σ R ⊙ f(x) as a scalar, with R fixed per output shape.
    static func scalarize(_ y: Tensor, _ weights: inout [[Int]: Tensor]) -> Tensor {
        let r = weights[y.shape] ?? Tensor.rand(y.shape, low: 0.5, high: 1.5, generator: generator)
        weights[y.shape] = r
        return (y * r).sum()
    }

    static func check(_ inputs: [Tensor], eps: Float = 1e-2, rtol: Float = 2e-2, atol: Float = 2e-3,
                      wrt: [Int]? = nil, file: StaticString = #filePath, line: UInt = #line,
                      _ f: ([Tensor]) -> Tensor) {
        let xs = leaves(inputs)
        var weights: [[Int]: Tensor] = [:]
        let loss = scalarize(f(xs), &weights)
        let indices = wrt ?? Array(xs.indices)
        let analytic = grad(of: [loss], wrt: indices.map { xs[$0] })
        for (k, i) in indices.enumerated() {
            let x = xs[i]
            let a = analytic[k].toArray()
            var values = x.toArray()
            for j in values.indices {
                let saved = values[j]
                values[j] = saved + eps
                x.copy_(from: values)
                let up = withNoGrad { scalarize(f(xs), &weights).item() }
                values[j] = saved - eps
                x.copy_(from: values)
                let down = withNoGrad { scalarize(f(xs), &weights).item() }
                values[j] = saved
                x.copy_(from: values)
                let numeric = (up - down) / (2 * eps)
                if Swift.abs(numeric - a[j]) > atol + rtol * Swift.abs(numeric) {
                    XCTFail("input \(i) element \(j): analytic \(a[j]) vs numeric \(numeric)", file: file, line: line)
                    return
                }
            }
        }
    }

    /// Checks second derivatives: gradcheck of (inputs) ↦ the first-order gradients w.r.t. `firstWrt`.
    static func checkSecondOrder(_ inputs: [Tensor], eps: Float = 1e-2, rtol: Float = 3e-2, atol: Float = 3e-3,
                                 firstWrt: [Int]? = nil, file: StaticString = #filePath, line: UInt = #line,
                                 _ f: @escaping ([Tensor]) -> Tensor) {
        var weights: [[Int]: Tensor] = [:]
        let shapes = inputs.map(\.shape)
        let firstIndices = firstWrt ?? Array(inputs.indices)
        let projections = firstIndices.map { Tensor.rand(shapes[$0], low: 0.5, high: 1.5, generator: generator) }
        check(inputs, eps: eps, rtol: rtol, atol: atol, file: file, line: line) { xs in
            // Reached with grad mode on (analytic pass) or off (finite differences): the first-order gradients
            // need recording either way.
            withGradMode(true) {
                let ys = xs.map { $0.requiresGrad ? $0 : $0.detach().requiringGrad() }
                let loss = scalarize(f(ys), &weights)
                let gs = grad(of: [loss], wrt: firstIndices.map { ys[$0] }, createGraph: true)
                return zip(gs, projections).map { ($0 * $1).sum() }.reduce(Tensor(0)) { $0 + $1 }
            }
        }
    }

    static func assertClose(_ a: [Float], _ b: [Float], rtol: Float = 1e-4, atol: Float = 1e-5,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for i in a.indices where Swift.abs(a[i] - b[i]) > atol + rtol * Swift.abs(b[i]) {
            XCTFail("element \(i): \(a[i]) vs \(b[i])", file: file, line: line)
            return
        }
    }
}
