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
