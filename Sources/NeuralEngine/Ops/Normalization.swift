// Batch and layer normalisation. Training-mode batch norm runs on oneDNN (forward and plain backward); when the
// backward itself is being recorded (createGraph) it switches to the closed-form gradient written with
// differentiable operations, so second derivatives are exact.

extension Tensor {
    /// Batch normalisation over all axes but 1 (channels), as PyTorch's `F.batch_norm`.
    /// In training, normalises with the batch's statistics and updates the running ones in place:
    /// `running = (1 − momentum)·running + momentum·batch` (variance unbiased). In eval, uses the running ones.
    public func batchNorm(weight: Tensor?, bias: Tensor?, runningMean: Tensor?, runningVar: Tensor?,
                          training: Bool, momentum: Float = 0.1, eps: Float = 1e-5) -> Tensor {
        precondition(rank >= 2, "NeuralEngine: batchNorm needs [N, C, ...], got \(describe(shape))")
        let c = shape[1]
        for (name, t) in [("weight", weight), ("bias", bias), ("running mean", runningMean), ("running var", runningVar)] {
            if let t { precondition(t.shape == [c], "NeuralEngine: batchNorm \(name) \(describe(t.shape)) must be [\(c)] for input \(describe(shape))") }
        }
        precondition((weight == nil) == (bias == nil), "NeuralEngine: batchNorm takes both weight and bias or neither")
        if !training {
            guard let runningMean, let runningVar else {
                preconditionFailure("NeuralEngine: batchNorm in eval mode needs running statistics")
            }
            var scale = (runningVar + eps).pow(-0.5)
            if let weight { scale = scale * weight }
            var shift = -(runningMean * scale)
            if let bias { shift = shift + bias }
            return channelAffine(scale: scale, shift: shift)
        }
        let n = count / c
        precondition(n > 1, "NeuralEngine: batchNorm in training needs more than one value per channel, got \(describe(shape))")
        let (y, mean, variance) = BatchNormKernels.forward(self, weight, bias, eps)
        if let runningMean, let runningVar {
            let unbiased = Float(n) / Float(n - 1)
            for i in 0..<c {
                runningMean.data[i] = (1 - momentum) * runningMean.data[i] + momentum * mean[i]
                runningVar.data[i] = (1 - momentum) * runningVar.data[i] + momentum * variance[i] * unbiased
            }
            runningMean.didMutate()
            runningVar.didMutate()
        }
        var inputs = [self]
        if let weight { inputs.append(weight) }
        if let bias { inputs.append(bias) }
        return y.recorded("batchNorm", inputs) { g, _, needs in
            let grads: (Tensor?, Tensor?, Tensor?)
            if GradMode.isEnabled {
                grads = BatchNormKernels.compositeBackward(self, g, weight, eps)
            } else {
                grads = BatchNormKernels.backward(self, g, weight, bias, mean, variance, eps)
            }
            var out: [Tensor?] = [needs[0] ? grads.0 : nil]
            if weight != nil { out.append(needs[1] ? grads.1 : nil) }
            if bias != nil { out.append(needs[needs.count - 1] ? grads.2 : nil) }
            return out
        }
    }

    /// `x·scale[c] + shift[c]` per channel (axis 1) in one pass: eval-mode batch norm.
    public func channelAffine(scale: Tensor, shift: Tensor) -> Tensor {
        precondition(rank >= 2 && scale.shape == [shape[1]] && shift.shape == [shape[1]],
                     "NeuralEngine: channelAffine: scale \(describe(scale.shape)) / shift \(describe(shift.shape)) must be [\(rank >= 2 ? shape[1] : 0)] for \(describe(shape))")
        let y = ChannelAffine.compute(self, scale.contiguous(), shift.contiguous())
        let axes = Array(0..<rank).filter { $0 != 1 }
        return y.recorded("channelAffine", [self, scale, shift]) { g, _, needs in
            [needs[0] ? g.channelAffine(scale: scale, shift: Tensor.zerosLike(shift)) : nil,
             needs[1] ? (g * self).sum(axes: axes) : nil,
             needs[2] ? g.sum(axes: axes) : nil]
        }
    }

    /// Layer normalisation over the last `normalizedShape.count` axes, as PyTorch's `F.layer_norm`.
    public func layerNorm(_ normalizedShape: [Int], weight: Tensor?, bias: Tensor?, eps: Float = 1e-5) -> Tensor {
        precondition(Array(shape.suffix(normalizedShape.count)) == normalizedShape,
                     "NeuralEngine: layerNorm over \(describe(normalizedShape)) does not fit \(describe(shape))")
        let axes = Array((rank - normalizedShape.count)..<rank)
        let centred = self - mean(axes: axes, keepDims: true)
        var y = centred * ((centred * centred).mean(axes: axes, keepDims: true) + eps).pow(-0.5)
        if let weight { y = y * weight }
        if let bias { y = y + bias }
        return y
    }
}
