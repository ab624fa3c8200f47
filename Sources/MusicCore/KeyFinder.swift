/// A key's fit to a piece: Pearson correlation of the piece's pitch-class profile with the key's profile.
public struct KeyScore: Hashable, Sendable {
    public var key: Key
    public var correlation: Double
    public init(key: Key, correlation: Double) {
        self.key = key
        self.correlation = correlation
    }
}

/// The most likely key of a piece, with every key's score.
public struct KeyEstimate: Hashable, Sendable {
    public var key: Key
    /// Correlation of the best key, −1...1 (above ~0.8 is a clear tonal centre).
    public var correlation: Double
    /// All 24 keys, best first (ties: major before minor, then lower tonic).
    public var ranking: [KeyScore]
    /// How far the best key is ahead of the runner-up (small = ambiguous, e.g. relative major/minor).
    public var margin: Double { ranking.count > 1 ? correlation - ranking[1].correlation : correlation }
}

/// Krumhansl–Schmuckler key finding: the duration-weighted pitch-class profile of the pitched notes is correlated
/// with the Krumhansl–Kessler probe-tone profiles rotated to each of the 24 keys; the best correlation wins.
public enum KeyFinder {
    /// Krumhansl & Kessler (1982) major-key profile, from the tonic up by semitones.
    public static let majorProfile: [Double] = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
    /// Krumhansl & Kessler (1982) minor-key profile.
    public static let minorProfile: [Double] = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

    /// The song's key from all non-drum tracks; nil when there are no pitched notes (or every pitch class weighs
    /// the same, which has no tonal centre).
    public static func estimate(_ song: Song) -> KeyEstimate? {
        estimate(pitchClassWeights: pitchClassProfile(song))
    }

    /// The key of a set of notes (all treated as pitched).
    public static func estimate(notes: [Note]) -> KeyEstimate? {
        estimate(pitchClassWeights: pitchClassProfile(notes))
    }

    /// The key of a 12-entry pitch-class weight vector (index 0 = C).
    public static func estimate(pitchClassWeights weights: [Double]) -> KeyEstimate? {
        guard weights.count == 12, weights.allSatisfy({ $0.isFinite && $0 >= 0 }), weights.contains(where: { $0 > 0 }) else {
            return nil
        }
        var scores: [KeyScore] = []
        for mode in [Key.Mode.major, .minor] {
            let profile = mode == .major ? majorProfile : minorProfile
            for tonic in 0..<12 {
                let rotated = (0..<12).map { profile[($0 - tonic + 12) % 12] }
                guard let r = correlation(weights, rotated) else { return nil }
                scores.append(KeyScore(key: Key(tonic: tonic, mode: mode), correlation: r))
            }
        }
        // Stable order for ties: the list above is already major-first, tonic ascending.
        let ranking = scores.enumerated().sorted {
            $0.element.correlation != $1.element.correlation ? $0.element.correlation > $1.element.correlation : $0.offset < $1.offset
        }.map(\.element)
        return KeyEstimate(key: ranking[0].key, correlation: ranking[0].correlation, ranking: ranking)
    }

    /// Total duration (ticks) per pitch class over the song's non-drum tracks.
    public static func pitchClassProfile(_ song: Song) -> [Double] {
        var weights = [Double](repeating: 0, count: 12)
        for track in song.tracks where !track.isDrum && track.role != .drums {
            accumulate(track.notes, into: &weights)
        }
        return weights
    }

    /// Total duration (ticks) per pitch class of `notes`.
    public static func pitchClassProfile(_ notes: [Note]) -> [Double] {
        var weights = [Double](repeating: 0, count: 12)
        accumulate(notes, into: &weights)
        return weights
    }

    private static func accumulate(_ notes: [Note], into weights: inout [Double]) {
        for note in notes { weights[Int(note.pitch) % 12] += Double(max(note.duration, 0)) }
    }

    /// Pearson correlation; nil when either side is constant.
    static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        guard sxx > 1e-12 * max(1, mx * mx), syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}

extension Key: CustomStringConvertible {
    /// "C major", "F# minor", "Bb major": tonic spelled as the usual key signature writes it.
    public var description: String { "\(tonicName) \(mode.rawValue)" }

    /// The tonic's name: flats for the flat keys, sharps for the sharp keys; F# major and Eb minor for the
    /// six-accidental keys, Db major and G# minor rather than seven sharps or seven flats.
    public var tonicName: String {
        let names = mode == .major
            ? ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
            : ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"]
        return names[tonic]
    }

    /// True when the key's signature has flats (then chromatic notes are spelled with flats too).
    public var prefersFlats: Bool {
        let major = mode == .major ? tonic : (tonic + 3) % 12
        return [5, 10, 3, 8, 1].contains(major) || (mode == .minor && tonic == 3)
    }

    /// Name of a pitch class as this key would spell it ("A#" in B major, "Bb" in F major). A minor key's raised
    /// leading tone is always a sharp ("C#" in D minor, "G#" in A minor); C major and A minor otherwise use the
    /// common lead-sheet mix (C#, Eb, F#, Ab, Bb).
    public func spell(pitchClass: Int) -> String {
        let pc = ((pitchClass % 12) + 12) % 12
        if mode == .minor && pc == (tonic + 11) % 12 { return Key.sharpNames[pc] }
        let major = mode == .major ? tonic : (tonic + 3) % 12
        if major == 0 { return Key.neutralNames[pc] }
        return (prefersFlats ? Key.flatNames : Key.sharpNames)[pc]
    }

    static let sharpNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
    static let flatNames = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]
    static let neutralNames = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
}
