import CDNNL

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
        let view = [1, c] + [Int](repeating: 1, count: rank - 2)
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

enum ChannelAffine {
    /// One pass over x: channels-last as rows of C values, otherwise row-major as planes of H·W values.
    static func compute(_ x: Tensor, _ scale: Tensor, _ shift: Tensor) -> Tensor {
        let input = x.isChannelsLast ? x : withNoGrad { x.contiguous() }
        let c = x.shape[1], inner = x.shape.dropFirst(2).reduce(1, *), n = x.shape[0]
        let y = Tensor(uninitialized: x.shape, strides: input.strides)
        let s = scale.data, t = shift.data, src = input.data, dst = y.data
        if input.isChannelsLast && inner > 1 {
            Engine.parallelFor(n * inner, grain: Swift.max(1, Engine.parallelThreshold / c)) { rows in
                for r in rows {
                    let a = src + r * c, b = dst + r * c
                    for k in 0..<c { b[k] = a[k] * s[k] + t[k] }
                }
            }
        } else {
            Engine.parallelFor(n * c, grain: Swift.max(1, Engine.parallelThreshold / Swift.max(inner, 1))) { planes in
                for p in planes {
                    let k = p % c, a = src + p * inner, b = dst + p * inner
                    for i in 0..<inner { b[i] = a[i] * s[k] + t[k] }
                }
            }
        }
        return withExtendedLifetime(input) { y }
    }
}

enum BatchNormKernels {
    static func flags(_ weight: Tensor?) -> UInt32 {
        weight == nil ? 0 : dnnl_use_scale.rawValue | dnnl_use_shift.rawValue
    }

    /// Normalised output (same layout as x), batch mean and biased batch variance.
    static func forward(_ x: Tensor, _ weight: Tensor?, _ bias: Tensor?, _ eps: Float) -> (Tensor, [Float], [Float]) {
        let c = x.shape[1]
        let y = Tensor(uninitialized: x.shape, strides: x.strides)
        var mean = [Float](repeating: 0, count: c), variance = [Float](repeating: 0, count: c)
        let ones = weight == nil ? nil : Tensor(shape: [c], repeating: 1)
        let scale = weight ?? ones, shift = bias ?? (weight == nil ? nil : Tensor.zeros([c]))
        DNNL.run {
            let p = PrimitiveCache.get("bnorm_fwd|\(x.shape)|\(MemoryDesc.canonicalStrides(x))|\(eps)|\(flags(weight))") {
                var desc = dnnl_batch_normalization_desc_t()
                var md = MemoryDesc.of(x)
                DNNL.check(dnnl_batch_normalization_forward_desc_init(&desc, dnnl_forward_training, &md, eps, flags(weight)),
                           "batch_normalization_forward_desc_init")
                let p = Primitive("batch normalization forward", desc: &desc)
                p.bind(DNNL_ARG_SRC, md)
                p.bind(DNNL_ARG_DST, md)
                let stat = MemoryDesc.strided([c], [1])
                p.bind(DNNL_ARG_MEAN, stat)
                p.bind(DNNL_ARG_VARIANCE, stat)
                if weight != nil {
                    p.bind(DNNL_ARG_SCALE, stat)
                    p.bind(DNNL_ARG_SHIFT, stat)
                }
                return p
            }
            mean.withUnsafeMutableBufferPointer { m in
                variance.withUnsafeMutableBufferPointer { v in
                    var args: [(Int32, UnsafeMutableRawPointer)] = [
                        (DNNL_ARG_SRC, UnsafeMutableRawPointer(x.data)), (DNNL_ARG_DST, UnsafeMutableRawPointer(y.data)),
                        (DNNL_ARG_MEAN, UnsafeMutableRawPointer(m.baseAddress!)),
                        (DNNL_ARG_VARIANCE, UnsafeMutableRawPointer(v.baseAddress!)),
                    ]
                    if let scale, let shift {
                        args += [(DNNL_ARG_SCALE, UnsafeMutableRawPointer(scale.data)),
                                 (DNNL_ARG_SHIFT, UnsafeMutableRawPointer(shift.data))]
                    }
                    p.execute(args)
                }
            }
        }
        return (y, mean, variance)
    }

    /// oneDNN's backward: gradients for x, weight and bias from the saved batch statistics (not recorded).
    static func backward(_ x: Tensor, _ gy: Tensor, _ weight: Tensor?, _ bias: Tensor?, _ mean: [Float],
                         _ variance: [Float], _ eps: Float) -> (Tensor?, Tensor?, Tensor?) {
        let c = x.shape[1]
        let g = gy.withLayout(of: x)
        let dx = Tensor(uninitialized: x.shape, strides: x.strides)
        let dw = Tensor(uninitialized: [c]), db = Tensor(uninitialized: [c])
        let scale = weight ?? Tensor(shape: [c], repeating: 1), shift = bias ?? Tensor.zeros([c])
        var mean = mean, variance = variance
        DNNL.run {
            let p = PrimitiveCache.get("bnorm_bwd|\(x.shape)|\(MemoryDesc.canonicalStrides(x))|\(eps)|\(flags(weight))") {
                var fdesc = dnnl_batch_normalization_desc_t()
                var md = MemoryDesc.of(x)
                DNNL.check(dnnl_batch_normalization_forward_desc_init(&fdesc, dnnl_forward_training, &md, eps, flags(weight)),
                           "batch_normalization_forward_desc_init")
                let hint = Primitive("batch normalization forward (hint)", desc: &fdesc)
                var desc = dnnl_batch_normalization_desc_t()
                var dmd = md
                DNNL.check(dnnl_batch_normalization_backward_desc_init(&desc, weight == nil ? dnnl_backward_data : dnnl_backward, &dmd, &md, eps, flags(weight)),
                           "batch_normalization_backward_desc_init")
                let p = Primitive("batch normalization backward", desc: &desc, hint: hint.pd)
                p.helpers["hint"] = hint
                let stat = MemoryDesc.strided([c], [1])
                p.bind(DNNL_ARG_SRC, md)
                p.bind(DNNL_ARG_DIFF_DST, md)
                p.bind(DNNL_ARG_DIFF_SRC, md)
                p.bind(DNNL_ARG_MEAN, stat)
                p.bind(DNNL_ARG_VARIANCE, stat)
                if weight != nil {
                    p.bind(DNNL_ARG_SCALE, stat)
                    p.bind(DNNL_ARG_SHIFT, stat)  // unused by the math but required by oneDNN 2.6
                    p.bind(DNNL_ARG_DIFF_SCALE, stat)
                    p.bind(DNNL_ARG_DIFF_SHIFT, stat)
                }
                return p
            }
            mean.withUnsafeMutableBufferPointer { m in
                variance.withUnsafeMutableBufferPointer { v in
                    var args: [(Int32, UnsafeMutableRawPointer)] = [
                        (DNNL_ARG_SRC, UnsafeMutableRawPointer(x.data)), (DNNL_ARG_DIFF_DST, UnsafeMutableRawPointer(g.data)),
                        (DNNL_ARG_DIFF_SRC, UnsafeMutableRawPointer(dx.data)),
                        (DNNL_ARG_MEAN, UnsafeMutableRawPointer(m.baseAddress!)),
                        (DNNL_ARG_VARIANCE, UnsafeMutableRawPointer(v.baseAddress!)),
                    ]
                    if weight != nil {
                        args += [(DNNL_ARG_SCALE, UnsafeMutableRawPointer(scale.data)),
                                 (DNNL_ARG_SHIFT, UnsafeMutableRawPointer(shift.data)),
                                 (DNNL_ARG_DIFF_SCALE, UnsafeMutableRawPointer(dw.data)),
                                 (DNNL_ARG_DIFF_SHIFT, UnsafeMutableRawPointer(db.data))]
                    }
                    p.execute(args)
                }
            }
        }
        return (dx, weight == nil ? nil : dw, weight == nil ? nil : db)
    }

    /// The closed-form gradient with differentiable operations (recomputing the statistics from x):
    /// dx = γ/σ · (g − mean(g) − x̂·mean(g·x̂)),  dγ = Σ g·x̂,  dβ = Σ g.
    static func compositeBackward(_ x: Tensor, _ g: Tensor, _ weight: Tensor?, _ eps: Float) -> (Tensor?, Tensor?, Tensor?) {
        let axes = Array(0..<x.rank).filter { $0 != 1 }
        let view = [1, x.shape[1]] + [Int](repeating: 1, count: x.rank - 2)
        let centred = x - x.mean(axes: axes, keepDims: true)
        let rstd = ((centred * centred).mean(axes: axes, keepDims: true) + eps).pow(-0.5)
        let xhat = centred * rstd
        let gxhat = g * xhat
        let scale = weight.map { $0.reshape(view) * rstd } ?? rstd
        let dx = scale * (g - g.mean(axes: axes, keepDims: true) - xhat * gxhat.mean(axes: axes, keepDims: true))
        return (dx, weight == nil ? nil : gxhat.sum(axes: axes), weight == nil ? nil : g.sum(axes: axes))
    }
}
