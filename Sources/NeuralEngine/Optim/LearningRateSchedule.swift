/// Learning rate as a function of the optimiser step (1-based, like PyTorch's step count).
public enum LearningRateSchedule: Sendable, Equatable {
    case constant(Float)
    /// `initial` until step `from`, then linearly down to `final` at step `to` (MuseGAN: 1e-3 → 0 over
    /// steps 45k…50k), `final` afterwards.
    case linearDecay(initial: Float, from: Int, to: Int, final: Float = 0)

    public func rate(at step: Int) -> Float {
        switch self {
        case .constant(let lr):
            return lr
        case let .linearDecay(initial, from, to, final):
            if step <= from { return initial }
            if step >= to { return final }
            let t = Float(step - from) / Float(to - from)
            return initial + (final - initial) * t
        }
    }
}
