import Foundation

/// Harte, Sandler & Gasser (2006) tonal centroid: a 12-bin chroma vector mapped to 6-D points on three circles —
/// fifths (radius 1), minor thirds (1) and major thirds (0.5) — after L1 normalisation. Tonal distance (TD) is the
/// Euclidean distance between two centroids: 0 for the same pitch-class mix, about 1.74 for a lone C against a lone G.
public enum TonalCentroid {
    /// Radii of the circles of fifths, minor thirds and major thirds.
    public static let radii: (fifths: Double, minorThirds: Double, majorThirds: Double) = (1, 1, 0.5)

    /// Column `pc` of the 6 × 12 transform (the point of pitch class `pc`), lanes 6 and 7 zero.
    static let columns: [SIMD8<Double>] = (0..<12).map { pc in
        let l = Double(pc)
        let (r1, r2, r3) = radii
        return SIMD8(r1 * sin(l * 7 * .pi / 6), r1 * cos(l * 7 * .pi / 6),
                     r2 * sin(l * 3 * .pi / 2), r2 * cos(l * 3 * .pi / 2),
                     r3 * sin(l * 2 * .pi / 3), r3 * cos(l * 2 * .pi / 3), 0, 0)
    }

    /// The centroid of a chroma vector (12 non-negative weights, index 0 = C), or nil when it is all zero (silence
    /// has no tonal centre, so a beat where either part is silent has no distance).
    public static func centroid(chroma: [Double]) -> [Double]? {
        precondition(chroma.count == 12, "TonalCentroid.centroid: a chroma vector has 12 entries")
        return point(chroma[...]).map { p in (0..<6).map { p[$0] } }
    }

    /// The tonal distance between two chroma vectors, or nil when either is silent.
    public static func distance(_ a: [Double], _ b: [Double]) -> Double? {
        guard a.count == 12, b.count == 12, let p = point(a[...]), let q = point(b[...]) else { return nil }
        return distance(p, q)
    }

    /// The centroid as SIMD lanes 0...5 (the fast path of the metrics).
    static func point(_ chroma: ArraySlice<Double>) -> SIMD8<Double>? {
        var total = 0.0
        var sum = SIMD8<Double>()
        for (pc, weight) in zip(0..<12, chroma) where weight > 0 {
            total += weight
            sum += weight * columns[pc]
        }
        return total > 0 ? sum / total : nil
    }

    static func distance(_ p: SIMD8<Double>, _ q: SIMD8<Double>) -> Double {
        let d = p - q
        return (d * d).sum().squareRoot()
    }
}
