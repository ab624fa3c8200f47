import Foundation

/// Whether operations record the graph needed for backpropagation (per thread, like PyTorch's grad mode).
///
/// Recording is on by default. Inference runs inside `withNoGrad { }` so that no graph (and none of the
/// activations it would keep alive) is built. `backward(createGraph: true)` runs the backward functions with
/// recording on, which is what makes gradients of gradients possible.
public enum GradMode {
    /// A pthread key whose per-thread value is 1 when recording is off (unset means on).
    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        precondition(pthread_key_create(&k, nil) == 0, "NeuralEngine: cannot create the grad-mode thread key")
        return k
    }()

    /// True when operations on tensors that require gradients are being recorded on this thread.
    public static var isEnabled: Bool { pthread_getspecific(key) == nil }

    static func set(_ on: Bool) {
        pthread_setspecific(key, on ? nil : UnsafeRawPointer(bitPattern: 1))
    }
}

/// Runs `body` without recording operations: results don't require gradients and keep no graph.
public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
    try withGradMode(false, body)
}

/// Runs `body` with recording switched on or off on this thread, restoring the previous mode afterwards.
public func withGradMode<R>(_ enabled: Bool, _ body: () throws -> R) rethrows -> R {
    let previous = GradMode.isEnabled
    GradMode.set(enabled)
    defer { GradMode.set(previous) }
    return try body()
}
