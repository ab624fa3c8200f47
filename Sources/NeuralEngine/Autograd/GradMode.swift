/// Whether operations record the graph needed for backpropagation.
///
/// Recording is on by default. Inference runs inside `withNoGrad { }` so that no graph (and none of the
/// activations it would keep alive) is built. `backward(createGraph: true)` runs the backward functions with
/// recording on, which is what makes gradients of gradients possible.
public enum GradMode {
    @TaskLocal static var enabled = true

    /// True when operations on tensors that require gradients are being recorded.
    public static var isEnabled: Bool { enabled }
}

/// Runs `body` without recording operations: results don't require gradients and keep no graph.
public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$enabled.withValue(false, operation: body)
}

/// Runs `body` with recording switched on or off.
public func withGradMode<R>(_ enabled: Bool, _ body: () throws -> R) rethrows -> R {
    try GradMode.$enabled.withValue(enabled, operation: body)
}
