/// Tonal distance (TD) between two parts of an example: the mean over beats where both sound of the distance between
/// their per-beat tonal centroids (`TonalCentroid`). Lower means the parts agree harmonically.
public struct PairMetrics: Hashable, Sendable, Codable {
    /// Track names, as in `TrackMetrics.track`; `second` is "accompaniment" for all pitched accompaniment combined.
    public var first: String
    public var second: String
    public var tonalDistance = MetricTally()

    public init(first: String, second: String) {
        self.first = first
        self.second = second
    }

    /// "melody–bass".
    public var name: String { "\(first)–\(second)" }

    /// The name of the pair of the melody with the whole pitched accompaniment.
    public static let accompaniment = "accompaniment"
}
