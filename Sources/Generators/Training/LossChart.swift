/// A loss chart as lines of text, for a terminal: one panel per series (a WGAN's critic and generator losses live
/// on different scales), drawn with braille dots (2 × 4 per character), its value range on the left, sharing an
/// iteration axis underneath. Pure: the caller prints the lines (and redraws them in place).
///
///     critic  -1.52
///       3.21 ┤⡀
///            │⠈⠢⣀
///      -1.87 ┤   ⠈⠉⠒⠒⠤⠤⠤⣀⣀⣀
///     generator  0.84
///      …
///            └──────────────────
///             1         iteration  200
public enum LossChart {
    /// Width of the value labels: the longest `format` output ("-9.99e-10").
    static let labelWidth = 9

    public struct Series: Sendable {
        public var name: String
        public var values: [Float]
        public init(_ name: String, _ values: [Float]) {
            self.name = name
            self.values = values
        }
    }

    /// `height` lines of at most `width` characters. Value i of each series is iteration `iterations.lowerBound + i`;
    /// the axis spans `iterations` (pass the run's whole range to see the curve grow towards the end).
    public static func render(_ series: [Series], width: Int, height: Int, iterations: ClosedRange<Int>? = nil) -> [String] {
        precondition(!series.isEmpty && width >= labelWidth + 4 && height >= 2 + 3 * series.count,
                     "LossChart: at least 13 columns and 3 lines per series plus 2")
        let longest = series.map(\.values.count).max() ?? 0
        let axis = iterations ?? 1...max(1, longest)
        let rows = (height - 2) / series.count - 1
        let columns = width - labelWidth - 2
        var lines: [String] = []
        for s in series {
            let means = bucket(s.values, axis: axis, dots: columns * 2)
            let (top, bottom, cells) = plot(means, columns: columns, rows: rows)
            let last = s.values.last { $0.isFinite }.map(format) ?? "–"
            lines.append("\(s.name)  \(last)")
            for (r, row) in cells.enumerated() {
                let label = r == 0 ? top : r == rows - 1 ? bottom : ""
                let tick = r == 0 || r == rows - 1 ? "┤" : "│"
                lines.append(pad(label, labelWidth) + " " + tick + row)
            }
        }
        lines.append(String(repeating: " ", count: labelWidth + 1) + "└" + String(repeating: "─", count: columns))
        lines.append(axisLabels(axis, indent: labelWidth + 2, columns: columns))
        return lines
    }

    /// Per dot column, the mean of the values whose iterations fall in it (nil where there are none yet).
    static func bucket(_ values: [Float], axis: ClosedRange<Int>, dots: Int) -> [Float?] {
        let first = axis.lowerBound, span = axis.count
        return (0..<dots).map { x in
            // Iterations [a, b) belong to dot column x; a narrow axis repeats an iteration over several columns.
            let a = first + x * span / dots, b = max(a + 1, first + (x + 1) * span / dots)
            var sum: Double = 0, n = 0
            for i in a..<b {
                let k = i - first
                guard k < values.count, values[k].isFinite else { continue }
                sum += Double(values[k])
                n += 1
            }
            return n > 0 ? Float(sum / Double(n)) : nil
        }
    }

    /// Braille cells for one panel: each dot column's mean, joined to the previous one by a vertical run.
    static func plot(_ means: [Float?], columns: Int, rows: Int) -> (top: String, bottom: String, cells: [String]) {
        let known = means.compactMap { $0 }
        var bits = [[UInt8]](repeating: [UInt8](repeating: 0, count: columns), count: rows)
        guard let lo = known.min(), let hi = known.max() else {
            return ("", "", bits.map { _ in String(repeating: " ", count: columns) })
        }
        let levels = rows * 4
        func level(_ v: Float) -> Int {  // 0 = bottom dot row
            hi > lo ? Int(((v - lo) / (hi - lo) * Float(levels - 1)).rounded()) : levels / 2
        }
        var previous: Int?
        for (x, mean) in means.enumerated() {
            guard let mean else { previous = nil; continue }
            // The dots from just past the previous level up to this one keep the line unbroken.
            let y = level(mean), from = previous.map { $0 < y ? $0 + 1 : $0 > y ? $0 - 1 : y } ?? y
            for l in min(y, from)...max(y, from) { set(&bits, x: x, level: l, levels: levels) }
            previous = y
        }
        let cells = bits.map { row in String(row.map { $0 == 0 ? " " : Character(Unicode.Scalar(0x2800 + UInt32($0))!) }) }
        return (format(hi), format(lo), cells)
    }

    /// Braille dot bits: left column rows 0…3 = 0x01 0x02 0x04 0x40, right column = 0x08 0x10 0x20 0x80.
    private static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    private static func set(_ bits: inout [[UInt8]], x: Int, level: Int, levels: Int) {
        let fromTop = levels - 1 - level
        bits[fromTop / 4][x / 2] |= dotBits[x % 2][fromTop % 4]
    }

    static func axisLabels(_ axis: ClosedRange<Int>, indent: Int, columns: Int) -> String {
        let left = String(axis.lowerBound), right = String(axis.upperBound), middle = "iteration"
        var line = String(repeating: " ", count: indent) + left
        let gap = columns - left.count - right.count
        if gap >= middle.count + 2 {
            let before = (gap - middle.count) / 2
            line += String(repeating: " ", count: before) + middle + String(repeating: " ", count: gap - before - middle.count)
        } else {
            line += String(repeating: " ", count: max(1, gap))
        }
        return line + right
    }

    /// Four significant digits, without exponent for everyday loss values.
    public static func format(_ v: Float) -> String {
        let a = Double(abs(v))
        if a != 0 && (a < 1e-3 || a >= 1e5) {
            var mantissa = a, exponent = 0
            while mantissa >= 10 { mantissa /= 10; exponent += 1 }
            while mantissa < 1 { mantissa *= 10; exponent -= 1 }
            return fixed(v < 0 ? -mantissa : mantissa, 2) + "e" + String(exponent)
        }
        return fixed(Double(v), a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : 3)
    }

    /// `v` with `decimals` digits after the point (no Foundation: this module stays pure Swift where it can).
    static func fixed(_ v: Double, _ decimals: Int) -> String {
        let scale = pow10(decimals)
        let scaled = Int64((abs(v) * scale).rounded())
        let whole = scaled / Int64(scale), fraction = scaled % Int64(scale)
        let sign = v < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(whole) }
        let digits = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: decimals - digits.count) + digits
    }

    private static func pow10(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(n) { r *= 10 }
        return n < 0 ? 1 / r : r
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
