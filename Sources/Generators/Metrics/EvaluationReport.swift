import Foundation
import MusicCore

/// A named set of examples to evaluate (a column of the report).
public struct EvaluationColumn: Sendable {
    public var name: String
    public var examples: [EvaluationExample]

    public init(name: String, examples: [EvaluationExample]) {
        self.name = name
        self.examples = examples
    }
}

/// The evaluation table: every metric pooled per track and per pair of tracks, one column per set of examples —
/// typically the validation data, the generator's output for the same melodies, and the data with melodies
/// shuffled across examples (the "does it follow the melody" reference).
///
/// Values are fractions (0...1) for rates in `json` and percentages in `text`; a value that does not apply
/// (DP of a melody) or has nothing to measure (UPC of an always-silent track) is absent.
///
///     let report = EvaluationReport(data: validation, generated: outputs, shuffledSeed: 7)
///     print(report.text)
///     try report.json.write(to: url, atomically: true, encoding: .utf8)
public struct EvaluationReport: Hashable, Sendable, Codable {
    /// One track's pooled metrics (see `TrackMetrics` for the definitions).
    public struct TrackValues: Hashable, Sendable, Codable {
        public var track: String
        public var role: TrackRole
        public var emptyBars, usedPitchClasses, qualifiedNotes, qualifiedNotesPaper, drumPattern: Double?
        public var polyphony, polyphonicSteps, noteDensity, inScale: Double?

        public init(_ m: TrackMetrics) {
            track = m.track
            role = m.role
            emptyBars = m.emptyBars.value
            usedPitchClasses = m.usedPitchClasses.value
            qualifiedNotes = m.qualifiedNotes.value
            qualifiedNotesPaper = m.qualifiedNotesPaper.value
            drumPattern = m.drumPattern.value
            polyphony = m.polyphony.value
            polyphonicSteps = m.polyphonicSteps.value
            noteDensity = m.noteDensity.value
            inScale = m.inScale.value
        }
    }

    /// One pair's pooled tonal distance.
    public struct PairValues: Hashable, Sendable, Codable {
        public var first: String
        public var second: String
        public var tonalDistance: Double?

        public init(_ m: PairMetrics) {
            first = m.first
            second = m.second
            tonalDistance = m.tonalDistance.value
        }

        public var name: String { "\(first)–\(second)" }
    }

    /// One set of examples, summarised.
    public struct Column: Hashable, Sendable, Codable {
        public var name: String
        public var examples: Int
        public var tracks: [TrackValues]
        public var pairs: [PairValues]
        /// In-scale rate of the pitched accompaniment as a whole.
        public var accompanimentInScale: Double?

        public init(name: String, summary: MetricsSummary) {
            self.name = name
            examples = summary.examples
            tracks = summary.tracks.map(TrackValues.init)
            pairs = summary.pairs.map(PairValues.init)
            accompanimentInScale = summary.accompanimentInScale.value
        }
    }

    public var options: MetricOptions
    /// The seed of the shuffled column's derangement, when the report has one.
    public var shuffledSeed: UInt64?
    public var columns: [Column]

    /// Measures each column's examples.
    public init(columns: [EvaluationColumn], options: MetricOptions = MetricOptions(), shuffledSeed: UInt64? = nil) {
        self.options = options
        self.shuffledSeed = shuffledSeed
        self.columns = columns.map { Column(name: $0.name, summary: MetricsSummary($0.examples, options: options)) }
    }

    /// The standard table: columns "data", "generated" and "shuffled" (the data's accompaniments, each with another
    /// example's melody: `EvaluationExample.shuffled(data, seed: shuffledSeed)`).
    public init(data: [EvaluationExample], generated: [EvaluationExample], shuffledSeed: UInt64 = 0,
                options: MetricOptions = MetricOptions()) {
        self.init(columns: [
            EvaluationColumn(name: "data", examples: data),
            EvaluationColumn(name: "generated", examples: generated),
            EvaluationColumn(name: "shuffled", examples: EvaluationExample.shuffled(data, seed: shuffledSeed)),
        ], options: options, shuffledSeed: shuffledSeed)
    }

    /// The report as pretty-printed JSON with sorted keys (fractions for rates; absent keys for missing values).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch {
            // Every value is finite by construction (tallies only divide by positive counts).
            preconditionFailure("EvaluationReport: JSON encoding failed: \(error)")
        }
    }
}
