import MusicCore

/// Every metric of one example: per-track metrics, tonal distances between parts, and the key the in-scale rate
/// is measured against.
///
/// - The key is Krumhansl–Schmuckler (`KeyFinder`) on the sounding note-steps of the melody and the pitched
///   accompaniment; drums never count towards the key, the in-scale rate or any tonal distance.
/// - Tonal distances: the melody against each pitched accompaniment track and against the whole pitched
///   accompaniment, then every pair of pitched accompaniment tracks. Beats follow the meter
///   (`PianoRollLayout.countedBeatSteps`: a quarter in 4/4 and 3/4, a dotted quarter in 6/8).
public struct ExampleMetrics: Hashable, Sendable, Codable {
    /// The estimated key; nil when nothing pitched sounds.
    public var key: Key?
    /// The melody first, then the accompaniment's tracks in channel order.
    public var tracks: [TrackMetrics]
    public var pairs: [PairMetrics]
    /// In-scale rate of all pitched accompaniment tracks together.
    public var accompanimentInScale = MetricTally()

    public init(_ example: EvaluationExample, options: MetricOptions = MetricOptions()) {
        let melody = RollActivity(example.melody, threshold: options.threshold)
        let backing = RollActivity(example.accompaniment, threshold: options.threshold)
        let layout = example.accompaniment.layout
        let parts = Self.parts(accompaniment: layout)

        // Key from every pitched part's note-steps.
        var weights = [Double](repeating: 0, count: 12)
        melody.addChroma(track: 0, steps: 0..<melody.steps, into: &weights)
        for part in parts.dropFirst() where part.role != .drums {
            backing.addChroma(track: part.channel, steps: 0..<backing.steps, into: &weights)
        }
        key = KeyFinder.estimate(pitchClassWeights: weights)?.key
        let scale = key?.scaleMask

        tracks = parts.enumerated().map { k, part in
            TrackMetrics(track: part.name, role: part.role, t: part.channel, of: k == 0 ? melody : backing,
                         layout: k == 0 ? example.melody.layout : layout, scale: scale, options: options)
        }
        for track in tracks.dropFirst() { accompanimentInScale += track.inScale }
        pairs = Self.tonalDistances(parts: parts, melody: melody, backing: backing, beat: layout.countedBeatSteps)
    }

    /// A track of the example: its name, role and channel in its own roll (part 0 is the melody).
    struct Part { var name: String; var role: TrackRole; var channel: Int }

    static func parts(accompaniment: PianoRollLayout) -> [Part] {
        var seen: [TrackRole: Int] = [.melody: 1]
        var parts = [Part(name: TrackRole.melody.rawValue, role: .melody, channel: 0)]
        for (channel, role) in accompaniment.roles.enumerated() {
            let n = seen[role, default: 0] + 1
            seen[role] = n
            parts.append(Part(name: n > 1 ? "\(role.rawValue) \(n)" : role.rawValue, role: role, channel: channel))
        }
        return parts
    }

    /// TD between the melody and each pitched accompaniment part, the melody and all of them, and each pair of them.
    static func tonalDistances(parts: [Part], melody: RollActivity, backing: RollActivity, beat: Int) -> [PairMetrics] {
        let pitched = parts.dropFirst().filter { $0.role != .drums }
        let lead = centroids(melody, tracks: [0], beat: beat)
        let each = pitched.map { centroids(backing, tracks: [$0.channel], beat: beat) }
        let all = centroids(backing, tracks: pitched.map(\.channel), beat: beat)
        var pairs: [PairMetrics] = []
        for (k, part) in pitched.enumerated() {
            pairs.append(pair(parts[0].name, lead, part.name, each[k]))
        }
        pairs.append(pair(parts[0].name, lead, PairMetrics.accompaniment, all))
        for i in pitched.indices {
            for j in pitched.indices where j > i {
                pairs.append(pair(pitched[i].name, each[i], pitched[j].name, each[j]))
            }
        }
        return pairs
    }

    private static func pair(_ a: String, _ p: [SIMD8<Double>?], _ b: String, _ q: [SIMD8<Double>?]) -> PairMetrics {
        var out = PairMetrics(first: a, second: b)
        for (x, y) in zip(p, q) {
            if let x, let y { out.tonalDistance.add(TonalCentroid.distance(x, y)) }
        }
        return out
    }

    /// The tonal centroid of each beat of the given tracks together (nil where they are silent).
    private static func centroids(_ activity: RollActivity, tracks: [Int], beat: Int) -> [SIMD8<Double>?] {
        let beats = beat > 0 ? activity.steps / beat : 0
        var chroma = [Double](repeating: 0, count: 12)
        return (0..<beats).map { b in
            for pc in 0..<12 { chroma[pc] = 0 }
            for t in tracks { activity.addChroma(track: t, steps: b * beat..<(b + 1) * beat, into: &chroma) }
            return TonalCentroid.point(chroma[...])
        }
    }
}
