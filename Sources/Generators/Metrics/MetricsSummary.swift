import MusicCore

/// Metrics pooled over a set of examples: tallies of tracks and pairs with the same name are added, so each value
/// is a mean over all bars, notes, steps or beats of the set (as MuseGAN's current code pools over a batch).
public struct MetricsSummary: Hashable, Sendable, Codable {
    public private(set) var examples = 0
    /// Tracks in order of first appearance.
    public private(set) var tracks: [TrackMetrics] = []
    /// Pairs in order of first appearance.
    public private(set) var pairs: [PairMetrics] = []
    public private(set) var accompanimentInScale = MetricTally()

    public init() {}

    /// Measures and pools `examples`.
    public init(_ examples: [EvaluationExample], options: MetricOptions = MetricOptions()) {
        for example in examples { add(ExampleMetrics(example, options: options)) }
    }

    public mutating func add(_ metrics: ExampleMetrics) {
        examples += 1
        accompanimentInScale += metrics.accompanimentInScale
        for track in metrics.tracks {
            if let k = tracks.firstIndex(where: { $0.track == track.track && $0.role == track.role }) {
                tracks[k].merge(track)
            } else {
                tracks.append(track)
            }
        }
        for pair in metrics.pairs {
            if let k = pairs.firstIndex(where: { $0.first == pair.first && $0.second == pair.second }) {
                pairs[k].tonalDistance += pair.tonalDistance
            } else {
                pairs.append(pair)
            }
        }
    }
}
