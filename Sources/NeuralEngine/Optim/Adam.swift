import Foundation

/// Adam and AdamW with PyTorch's exact update order (torch.optim.Adam / AdamW, single-tensor path):
///
///     g ← g + λ·p                      (Adam with weight decay λ; AdamW instead does p ← p·(1 − lr·λ))
///     m ← lerp(m, g, 1 − β1)
///     v ← β2·v + (1 − β2)·g²
///     p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
///
/// The loop over each parameter runs on all cores.
public class Adam {
    public let parameters: [Tensor]
    public var schedule: LearningRateSchedule
    public var beta1: Float
    public var beta2: Float
    public var eps: Float
    public var weightDecay: Float
    /// Decoupled weight decay (AdamW) instead of L2 added to the gradient (Adam).
    public let decoupled: Bool
    /// Number of `step()` calls so far.
    public private(set) var stepCount = 0
    private var expAvg: [Tensor]
    private var expAvgSq: [Tensor]

    public init(parameters: [Tensor], lr: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8,
                weightDecay: Float = 0, decoupled: Bool = false, schedule: LearningRateSchedule? = nil) {
        self.parameters = parameters
        self.schedule = schedule ?? .constant(lr)
        (beta1, beta2) = betas
        self.eps = eps
        self.weightDecay = weightDecay
        self.decoupled = decoupled
        expAvg = parameters.map { Tensor.zerosLike($0) }
        expAvgSq = parameters.map { Tensor.zerosLike($0) }
    }

    /// The learning rate the next `step()` uses.
    public var learningRate: Float { schedule.rate(at: stepCount + 1) }

    public func zeroGrad() {
        for p in parameters { p.grad = nil }
    }

    /// Updates every parameter that has a gradient.
    public func step() {
        stepCount += 1
        let lr = schedule.rate(at: stepCount)
        let t = Double(stepCount)
        let stepSize = Float(Double(lr) / (1 - Foundation.pow(Double(beta1), t)))
        let correction2Sqrt = Float((1 - Foundation.pow(Double(beta2), t)).squareRoot())
        let (b1, b2, eps, wd, decoupled) = (beta1, beta2, eps, weightDecay, decoupled)
        let w = 1 - b1
        for (i, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            let g = grad.withLayout(of: p)
            let pd = p.data, gd = g.data, md = expAvg[i].data, vd = expAvgSq[i].data
            Engine.parallelFor(p.count, grain: 1 << 14) { range in
                for j in range {
                    var gj = gd[j]
                    if decoupled { pd[j] *= 1 - lr * wd } else if wd != 0 { gj += wd * pd[j] }
                    // torch.lerp's two forms, chosen by the weight, for bit-level agreement.
                    let m = w < 0.5 ? md[j] + w * (gj - md[j]) : gj - (gj - md[j]) * (1 - w)
                    // addcmul / addcdiv evaluate value·t1·t2 and value·t1/t2 left to right.
                    let v = vd[j] * b2 + (1 - b2) * gj * gj
                    md[j] = m
                    vd[j] = v
                    pd[j] = pd[j] + -stepSize * m / (v.squareRoot() / correction2Sqrt + eps)
                }
            }
            withExtendedLifetime(g) {}
            p.didMutate()
        }
    }

    /// Optimiser state for checkpoints: per parameter index i, `state.i.exp_avg` and `state.i.exp_avg_sq`,
    /// plus `step` (as PyTorch's optimizer.state_dict() holds them).
    public func stateDict() -> [(String, Tensor)] {
        var out: [(String, Tensor)] = [("step", Tensor(Float(stepCount)))]
        for i in parameters.indices {
            out.append(("state.\(i).exp_avg", expAvg[i]))
            out.append(("state.\(i).exp_avg_sq", expAvgSq[i]))
        }
        return out
    }

    /// Restores what `stateDict()` produced; throws naming the first missing or mismatched entry.
    public func loadStateDict(_ state: [String: Tensor]) throws(TensorError) {
        guard let step = state["step"], step.count == 1 else { throw TensorError("optimizer state: missing 'step'") }
        for i in parameters.indices {
            for (name, target) in [("exp_avg", expAvg[i]), ("exp_avg_sq", expAvgSq[i])] {
                let key = "state.\(i).\(name)"
                guard let t = state[key] else { throw TensorError("optimizer state: missing '\(key)'") }
                guard t.shape == target.shape else {
                    throw TensorError("optimizer state: '\(key)' has shape \(describe(t.shape)), parameter needs \(describe(target.shape))")
                }
            }
        }
        for i in parameters.indices {
            expAvg[i].copy_(from: state["state.\(i).exp_avg"]!)
            expAvgSq[i].copy_(from: state["state.\(i).exp_avg_sq"]!)
        }
        stepCount = Int(step.item())
    }
}

/// AdamW: Adam with decoupled weight decay (PyTorch's default weight decay 0.01).
public final class AdamW: Adam {
    public init(parameters: [Tensor], lr: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8,
                weightDecay: Float = 0.01, schedule: LearningRateSchedule? = nil) {
        super.init(parameters: parameters, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, decoupled: true,
                   schedule: schedule)
    }
}

extension Tensor {
    /// Zeros with the same shape and layout.
    public static func zerosLike(_ t: Tensor) -> Tensor {
        let z = Tensor(uninitialized: t.shape, strides: t.strides)
        z.data.update(repeating: 0, count: z.count)
        return z
    }
}
