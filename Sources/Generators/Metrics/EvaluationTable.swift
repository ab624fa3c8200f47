import Foundation

extension EvaluationReport {
    /// The report as an aligned text table: a block per metric, a row per track or pair, a column per set.
    public var text: String {
        var rows: [[String]] = [["metric"] + columns.map(\.name), ["examples"] + columns.map { String($0.examples) }]
        for metric in Self.trackMetrics(options) {
            let names = union(columns.map { $0.tracks.map(\.track) })
            let cells = names.map { name in
                columns.map { column in column.tracks.first { $0.track == name }.flatMap { $0[keyPath: metric.value] } }
            }
            block(metric.title, names, cells, metric.format, into: &rows)
        }
        let accompanimentInScale = columns.map(\.accompanimentInScale)
        if accompanimentInScale.contains(where: { $0 != nil }) {
            block("in-scale: all accompaniment (%)", ["accompaniment"], [accompanimentInScale], .percent, into: &rows)
        }
        let pairs = union(columns.map { $0.pairs.map(\.name) })
        let distances = pairs.map { name in
            columns.map { column in column.pairs.first { $0.name == name }?.tonalDistance }
        }
        block("TD: tonal distance per beat", pairs, distances, .decimals(3), into: &rows)
        return Self.aligned(rows)
    }

    /// A per-track metric: its heading, where its value is, how it prints.
    private struct TrackMetric {
        var title: String
        var value: KeyPath<TrackValues, Double?>
        var format: Format
    }

    /// How a value prints: rates as percentages with one decimal, counts and distances with fixed decimals.
    private enum Format {
        case percent, decimals(Int)

        func callAsFunction(_ x: Double) -> String {
            switch self {
            case .percent: String(format: "%.1f", x * 100)
            case .decimals(let n): String(format: "%.\(n)f", x)
            }
        }
    }

    private static func trackMetrics(_ options: MetricOptions) -> [TrackMetric] {
        let shortest = options.qualifiedNoteSteps.map { "\($0) steps" } ?? "an eighth"
        return [
            TrackMetric(title: "EB: empty bars (%)", value: \.emptyBars, format: .percent),
            TrackMetric(title: "UPC: pitch classes per bar", value: \.usedPitchClasses, format: .decimals(2)),
            TrackMetric(title: "QN: notes >= \(shortest) (%)", value: \.qualifiedNotes, format: .percent),
            TrackMetric(title: "QN: notes >= \(MetricOptions.paperQualifiedNoteSteps) steps, the paper's count (%)",
                        value: \.qualifiedNotesPaper, format: .percent),
            TrackMetric(title: "DP: drum onsets in pattern (%)", value: \.drumPattern, format: .percent),
            TrackMetric(title: "polyphony: pitches when sounding", value: \.polyphony, format: .decimals(2)),
            TrackMetric(title: "polyphonic steps (%)", value: \.polyphonicSteps, format: .percent),
            TrackMetric(title: "note density: notes per bar", value: \.noteDensity, format: .decimals(2)),
            TrackMetric(title: "in-scale: note-steps in the key (%)", value: \.inScale, format: .percent),
        ]
    }

    /// Appends a heading and one row per name, leaving out names with no value in any column.
    private func block(_ title: String, _ names: [String], _ cells: [[Double?]], _ format: Format,
                       into rows: inout [[String]]) {
        let kept = zip(names, cells).filter { $0.1.contains { $0 != nil } }
        guard !kept.isEmpty else { return }
        rows.append([title])
        for (name, values) in kept { rows.append(["  " + name] + values.map { $0.map { format($0) } ?? "-" }) }
    }

    /// Names in order of first appearance across columns.
    private func union(_ lists: [[String]]) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for name in lists.joined() where seen.insert(name).inserted { out.append(name) }
        return out
    }

    /// Left-aligned first column, right-aligned numbers; a heading row (one cell) spans the line.
    private static func aligned(_ rows: [[String]]) -> String {
        let label = rows.filter { $0.count > 1 }.map { $0[0].count }.max() ?? 0
        let widths = (1..<(rows.first?.count ?? 1)).map { c in
            max(9, rows.compactMap { c < $0.count ? $0[c].count : nil }.max() ?? 0)
        }
        return rows.map { row in
            guard row.count > 1 else { return row[0] }
            let first = row[0].padding(toLength: label, withPad: " ", startingAt: 0)
            let rest = row.dropFirst().enumerated().map { c, cell in
                String(repeating: " ", count: max(widths[c] - cell.count, 0)) + cell
            }
            return ([first] + rest).joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
