import CDNNL

/// oneDNN's vectorised elementwise functions for the transcendental ones (tanh, sigmoid, exp, log), which a
/// scalar Swift loop computes 10–20× slower. The buffer is treated as 1-D, so any layout works.
enum Eltwise {
    enum Function {
        case tanh, sigmoid, exp, log
        var algorithm: dnnl_alg_kind_t {
            switch self {
            case .tanh: return dnnl_eltwise_tanh
            case .sigmoid: return dnnl_eltwise_logistic
            case .exp: return dnnl_eltwise_exp
            case .log: return dnnl_eltwise_log
            }
        }
    }

    /// `f(x)` elementwise, same layout as `x`, without recording.
    static func apply(_ f: Function, _ x: Tensor) -> Tensor {
        let out = Tensor(uninitialized: x.shape, strides: x.strides)
        DNNL.run {
            let p = PrimitiveCache.get("eltwise|\(f)|\(x.count)") {
                var md = MemoryDesc.strided([x.count], [1])
                var desc = dnnl_eltwise_desc_t()
                DNNL.check(dnnl_eltwise_forward_desc_init(&desc, dnnl_forward_inference, f.algorithm, &md, 0, 0),
                           "eltwise_forward_desc_init")
                let p = Primitive("eltwise \(f)", desc: &desc)
                p.bind(DNNL_ARG_SRC, md)
                p.bind(DNNL_ARG_DST, md)
                return p
            }
            p.execute([(DNNL_ARG_SRC, UnsafeMutableRawPointer(x.data)), (DNNL_ARG_DST, UnsafeMutableRawPointer(out.data))])
        }
        return out
    }
}
