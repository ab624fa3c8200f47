import CDNNL
import Foundation

/// oneDNN convolution primitives, cached per shape and layout. Weights are reordered into the layout each
/// primitive prefers and the reorder is redone only when the weights change.
enum Convolution {
    static func check(input: [Int], weight: [Int], bias: [Int]?, _ g: ConvGeometry) throws(TensorError) {
        let spatial = input.count - 2
        guard input.count == 4 || input.count == 5 else {
            throw TensorError("conv: input \(describe(input)) must be NCHW or NCDHW")
        }
        guard weight.count == input.count else {
            throw TensorError("conv: weight \(describe(weight)) must have the input's rank \(input.count)")
        }
        guard weight[1] == input[1] else {
            throw TensorError("conv: input \(describe(input)) has \(input[1]) channels but weight \(describe(weight)) expects \(weight[1])")
        }
        guard g.stride.count == spatial && g.padLeft.count == spatial && g.padRight.count == spatial else {
            throw TensorError("conv: geometry \(g) does not have \(spatial) spatial axes")
        }
        if let bias, bias != [weight[0]] {
            throw TensorError("conv: bias \(describe(bias)) must be [\(weight[0])]")
        }
        let out = g.outputSize(input: Array(input.dropFirst(2)), kernel: Array(weight.dropFirst(2)))
        guard out.allSatisfy({ $0 > 0 }) else {
            throw TensorError("conv: input \(describe(input)) is smaller than kernel \(describe(weight)) with \(g)")
        }
    }

    private static func dims(_ v: [Int]) -> [Int64] { v.map(Int64.init) }

    private static func outputShape(_ x: [Int], _ w: [Int], _ g: ConvGeometry) -> [Int] {
        [x[0], w[0]] + g.outputSize(input: Array(x.dropFirst(2)), kernel: Array(w.dropFirst(2)))
    }

    /// Creates a forward descriptor (also the hint backward primitives need).
    private static func forwardDesc(_ src: dnnl_memory_desc_t, _ wei: dnnl_memory_desc_t, _ bias: dnnl_memory_desc_t?,
                                    _ dst: dnnl_memory_desc_t, _ g: ConvGeometry) -> dnnl_convolution_desc_t {
        var desc = dnnl_convolution_desc_t()
        var s = src, w = wei, d = dst
        let status: dnnl_status_t
        if var b = bias {
            status = dnnl_convolution_forward_desc_init(&desc, dnnl_forward_training, dnnl_convolution_direct, &s, &w, &b, &d,
                                                        dims(g.stride), dims(g.padLeft), dims(g.padRight))
        } else {
            status = dnnl_convolution_forward_desc_init(&desc, dnnl_forward_training, dnnl_convolution_direct, &s, &w, nil, &d,
                                                        dims(g.stride), dims(g.padLeft), dims(g.padRight))
        }
        DNNL.check(status, "convolution_forward_desc_init")
        return desc
    }

    /// Whether a primitive should pick its own (blocked) activation layouts, with reorders in and out.
    /// Measured on this CPU (thread CPU time, oneDNN 2.6): channels-last is as fast as blocked for every layer
    /// of the U-Net and critic at batch 64, where reorders would only add traffic; at batch 1 the transposed
    /// convolutions of the decoder run up to 1.8× faster blocked (512→128 at 8×32: 2.85 → 1.57 ms), and
    /// the reorders of such small tensors cost microseconds.
    /// `ENSEMBLE_CONV_LAYOUT=channels-last` or `=blocked` overrides the rule (for measuring it).
    static func prefersBlocked(backwardData: Bool, batch: Int) -> Bool {
        switch layoutOverride {
        case "channels-last": return false
        case "blocked": return true
        default: return backwardData && batch == 1
        }
    }

    private static let layoutOverride = ProcessInfo.processInfo.environment["ENSEMBLE_CONV_LAYOUT"]

    /// The data type for activations and weights of this call: bfloat16 only for inference when asked for
    /// and when oneDNN has native bfloat16 kernels here (its reference fallback would be far slower).
    static func dataType() -> dnnl_data_type_t {
        Engine.inferencePrecision == .bfloat16 && !GradMode.isEnabled && bf16Native ? dnnl_bf16 : dnnl_f32
    }

    static let bf16Native: Bool = DNNL.run {
        let s = MemoryDesc.any([1, 32, 8, 8], dnnl_bf16), w = MemoryDesc.any([32, 32, 3, 3], dnnl_bf16)
        var desc = forwardDesc(s, w, nil, MemoryDesc.any([1, 32, 8, 8]), ConvGeometry(stride: [1, 1], padLeft: [1, 1], padRight: [1, 1]))
        var pd: dnnl_primitive_desc_t?
        guard dnnl_primitive_desc_create(&pd, &desc, nil, DNNL.engine, nil) == dnnl_success, let pd else { return false }
        defer { dnnl_primitive_desc_destroy(pd) }
        var info: UnsafePointer<CChar>?
        guard dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &info) == dnnl_success, let info else { return false }
        return String(cString: info).contains("bf16")
    }

    static func forward(_ x: Tensor, _ w: Tensor, _ b: Tensor?, _ g: ConvGeometry) -> Tensor {
        let outShape = outputShape(x.shape, w.shape, g)
        let y = Tensor(uninitialized: outShape, strides: Shapes.channelsLastStrides(outShape))
        let type = dataType()
        DNNL.run {
            let key = "conv_fwd|\(x.shape)|\(MemoryDesc.canonicalStrides(x))|\(w.shape)|\(b != nil)|\(g)|\(type.rawValue)"
            let p = PrimitiveCache.get(key) {
                let bias = b.map { _ in MemoryDesc.strided([w.shape[0]], [1]) }
                var desc = forwardDesc(MemoryDesc.of(x, type), MemoryDesc.any(w.shape, type), bias, MemoryDesc.of(y), g)
                let p = Primitive("convolution forward", desc: &desc)
                p.bind(DNNL_ARG_SRC, query: dnnl_query_src_md)
                p.bind(DNNL_ARG_WEIGHTS, query: dnnl_query_weights_md)
                p.bind(DNNL_ARG_DST, MemoryDesc.of(y))
                if let bias { p.bind(DNNL_ARG_BIAS, bias) }
                return p
            }
            var args: [(Int32, UnsafeMutableRawPointer)] = [
                (DNNL_ARG_SRC, p.input("src", dnnl_query_src_md, x)),
                (DNNL_ARG_WEIGHTS, p.input("weights", dnnl_query_weights_md, w, cached: true)),
                (DNNL_ARG_DST, UnsafeMutableRawPointer(y.data)),
            ]
            if let b { args.append((DNNL_ARG_BIAS, UnsafeMutableRawPointer(b.data))) }
            p.execute(args)
        }
        return y
    }

    static func backwardData(_ gy: Tensor, _ w: Tensor, _ g: ConvGeometry, inputSize: [Int]) -> Tensor {
        let inShape = [gy.shape[0], w.shape[1]] + inputSize
        precondition(outputShape(inShape, w.shape, g) == gy.shape,
                     "NeuralEngine: convBackwardData: gradient \(describe(gy.shape)) does not match input \(describe(inShape)), weight \(describe(w.shape)), \(g)")
        let dx = Tensor(uninitialized: inShape, strides: Shapes.channelsLastStrides(inShape))
        let blocked = prefersBlocked(backwardData: true, batch: gy.shape[0])
        let type = dataType()
        DNNL.run {
            let key = "conv_bwd_data|\(gy.shape)|\(MemoryDesc.canonicalStrides(gy))|\(w.shape)|\(inputSize)|\(g)|\(blocked)|\(type.rawValue)"
            let p = PrimitiveCache.get(key) {
                let s = blocked ? MemoryDesc.any(dx.shape) : MemoryDesc.of(dx)
                let d = blocked ? MemoryDesc.any(gy.shape, type) : MemoryDesc.of(gy, type)
                // The hint's source must have the low-precision type too (it is the gradient's type).
                let hs = blocked ? MemoryDesc.any(dx.shape, type) : MemoryDesc.of(dx, type)
                var hintDesc = forwardDesc(hs, MemoryDesc.any(w.shape, type), nil, d, g)
                let hint = Primitive("convolution forward (hint)", desc: &hintDesc)
                var desc = dnnl_convolution_desc_t()
                var sm = s, wm = MemoryDesc.any(w.shape, type), dm = d
                DNNL.check(dnnl_convolution_backward_data_desc_init(&desc, dnnl_convolution_direct, &sm, &wm, &dm,
                                                                    dims(g.stride), dims(g.padLeft), dims(g.padRight)),
                           "convolution_backward_data_desc_init")
                let p = Primitive("convolution backward data", desc: &desc, hint: hint.pd)
                p.helpers["hint"] = hint
                p.bind(DNNL_ARG_DIFF_DST, query: dnnl_query_diff_dst_md)
                p.bind(DNNL_ARG_WEIGHTS, query: dnnl_query_weights_md)
                p.bind(DNNL_ARG_DIFF_SRC, query: dnnl_query_diff_src_md)
                return p
            }
            let out = p.output("diff_src", dnnl_query_diff_src_md, dx)
            p.execute([(DNNL_ARG_DIFF_DST, p.input("diff_dst", dnnl_query_diff_dst_md, gy)),
                       (DNNL_ARG_WEIGHTS, p.input("weights", dnnl_query_weights_md, w, cached: true)),
                       (DNNL_ARG_DIFF_SRC, out.pointer)])
            out.finish()
        }
        return dx
    }

    static func backwardWeights(_ x: Tensor, _ gy: Tensor, _ g: ConvGeometry, kernel: [Int]) -> Tensor {
        let wShape = [gy.shape[1], x.shape[1]] + kernel
        precondition(gy.shape[0] == x.shape[0] && outputShape(x.shape, wShape, g) == gy.shape,
                     "NeuralEngine: convBackwardWeights: gradient \(describe(gy.shape)) does not match input \(describe(x.shape)), kernel \(kernel), \(g)")
        let dw = Tensor(uninitialized: wShape)
        DNNL.run {
            let key = "conv_bwd_weights|\(x.shape)|\(MemoryDesc.canonicalStrides(x))|\(gy.shape)|\(MemoryDesc.canonicalStrides(gy))|\(kernel)|\(g)"
            let p = PrimitiveCache.get(key) {
                var hintDesc = forwardDesc(MemoryDesc.of(x), MemoryDesc.any(wShape), nil, MemoryDesc.of(gy), g)
                let hint = Primitive("convolution forward (hint)", desc: &hintDesc)
                var desc = dnnl_convolution_desc_t()
                var s = MemoryDesc.of(x), wm = MemoryDesc.any(wShape), d = MemoryDesc.of(gy)
                DNNL.check(dnnl_convolution_backward_weights_desc_init(&desc, dnnl_convolution_direct, &s, &wm, nil, &d,
                                                                       dims(g.stride), dims(g.padLeft), dims(g.padRight)),
                           "convolution_backward_weights_desc_init")
                let p = Primitive("convolution backward weights", desc: &desc, hint: hint.pd)
                p.helpers["hint"] = hint
                p.bind(DNNL_ARG_SRC, MemoryDesc.of(x))
                p.bind(DNNL_ARG_DIFF_DST, MemoryDesc.of(gy))
                p.bind(DNNL_ARG_DIFF_WEIGHTS, query: dnnl_query_diff_weights_md)
                return p
            }
            let want = p.md(dnnl_query_diff_weights_md), plain = MemoryDesc.of(dw)
            if MemoryDesc.equal(want, plain) {
                p.execute([(DNNL_ARG_SRC, UnsafeMutableRawPointer(x.data)), (DNNL_ARG_DIFF_DST, UnsafeMutableRawPointer(gy.data)),
                           (DNNL_ARG_DIFF_WEIGHTS, UnsafeMutableRawPointer(dw.data))])
            } else {
                let blocked = p.buffer("diff_weights", bytes: MemoryDesc.bytes(want), source: nil) { _ in }
                p.execute([(DNNL_ARG_SRC, UnsafeMutableRawPointer(x.data)), (DNNL_ARG_DIFF_DST, UnsafeMutableRawPointer(gy.data)),
                           (DNNL_ARG_DIFF_WEIGHTS, UnsafeMutableRawPointer(blocked))])
                p.reorder("diff_weights", from: want, UnsafeMutableRawPointer(blocked), to: plain, UnsafeMutableRawPointer(dw.data))
            }
        }
        return dw
    }
}
