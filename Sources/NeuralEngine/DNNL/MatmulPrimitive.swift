import CDNNL

/// oneDNN's matmul on strided operands (transposed views need no copy).
enum Matmul {
    static func forward(_ a: Tensor, _ b: Tensor) -> Tensor {
        var shape = a.shape
        shape[a.rank - 1] = b.shape[b.rank - 1]
        let y = Tensor(uninitialized: shape)
        DNNL.run {
            let key = "matmul|\(a.shape)|\(MemoryDesc.canonicalStrides(a))|\(b.shape)|\(MemoryDesc.canonicalStrides(b))"
            let p = PrimitiveCache.get(key) {
                var desc = dnnl_matmul_desc_t()
                var am = MemoryDesc.of(a), bm = MemoryDesc.of(b), ym = MemoryDesc.of(y)
                DNNL.check(dnnl_matmul_desc_init(&desc, &am, &bm, nil, &ym), "matmul_desc_init")
                let p = Primitive("matmul", desc: &desc)
                p.bind(DNNL_ARG_SRC, am)
                p.bind(DNNL_ARG_WEIGHTS, bm)
                p.bind(DNNL_ARG_DST, ym)
                return p
            }
            p.execute([(DNNL_ARG_SRC, UnsafeMutableRawPointer(a.data)), (DNNL_ARG_WEIGHTS, UnsafeMutableRawPointer(b.data)),
                       (DNNL_ARG_DST, UnsafeMutableRawPointer(y.data))])
        }
        return y
    }
}
