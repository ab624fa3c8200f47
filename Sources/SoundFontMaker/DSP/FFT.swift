import Foundation

/// An in-place radix-2 complex FFT on split real/imaginary arrays, used to turn a loop's spectrum into points.
enum FFT {
    /// Inverse transform without the 1/N factor: x[n] = Σ X[k]·e^{+2πikn/N}. `re.count` must be a power of two.
    static func inverse(re: inout [Double], im: inout [Double]) {
        let n = re.count
        precondition(n > 0 && n & (n - 1) == 0 && im.count == n, "FFT size must be a power of two")
        re.withUnsafeMutableBufferPointer { r in
            im.withUnsafeMutableBufferPointer { i in
                bitReverse(r, i, n)
                butterflies(r, i, n, sign: 1)
            }
        }
    }

    private static func bitReverse(_ re: UnsafeMutableBufferPointer<Double>, _ im: UnsafeMutableBufferPointer<Double>,
                                   _ n: Int) {
        var j = 0
        var i = 1
        while i < n {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { re.swapAt(i, j); im.swapAt(i, j) }
            i += 1
        }
    }

    private static func butterflies(_ re: UnsafeMutableBufferPointer<Double>, _ im: UnsafeMutableBufferPointer<Double>,
                                    _ n: Int, sign: Double) {
        var size = 2
        while size <= n {
            let half = size / 2
            let step = sign * 2 * Double.pi / Double(size)
            var k = 0
            while k < half {
                let wr = cos(step * Double(k)), wi = sin(step * Double(k))
                var start = k
                while start < n {
                    let a = start, b = start + half
                    let tr = re[b] * wr - im[b] * wi
                    let ti = re[b] * wi + im[b] * wr
                    re[b] = re[a] - tr; im[b] = im[a] - ti
                    re[a] += tr; im[a] += ti
                    start += size
                }
                k += 1
            }
            size *= 2
        }
    }
}
