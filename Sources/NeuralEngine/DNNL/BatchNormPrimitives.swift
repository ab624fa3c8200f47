import CDNNL

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
