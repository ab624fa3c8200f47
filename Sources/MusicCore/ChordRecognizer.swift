/// A chord: root pitch class, quality, and the lowest sounding pitch class (for inversions).
public struct Chord: Hashable, Sendable, CustomStringConvertible {
    public enum Quality: String, CaseIterable, Hashable, Sendable {
        // Order matters: on an exact tie the earlier (simpler, more common) quality wins.
        case major, minor, dominant7, minor7, major7, sus4, sus2, diminished, augmented, halfDiminished7, diminished7

        /// Semitones above the root.
        public var intervals: [Int] {
            switch self {
            case .major: [0, 4, 7]
            case .minor: [0, 3, 7]
            case .diminished: [0, 3, 6]
            case .augmented: [0, 4, 8]
            case .sus2: [0, 2, 7]
            case .sus4: [0, 5, 7]
            case .dominant7: [0, 4, 7, 10]
            case .major7: [0, 4, 7, 11]
            case .minor7: [0, 3, 7, 10]
            case .halfDiminished7: [0, 3, 6, 10]
            case .diminished7: [0, 3, 6, 9]
            }
        }

        /// Lead-sheet suffix: "" (major), "m", "dim", "aug", "sus2", "sus4", "7", "maj7", "m7", "m7b5", "dim7".
        public var suffix: String {
            switch self {
            case .major: ""
            case .minor: "m"
            case .diminished: "dim"
            case .augmented: "aug"
            case .sus2: "sus2"
            case .sus4: "sus4"
            case .dominant7: "7"
            case .major7: "maj7"
            case .minor7: "m7"
            case .halfDiminished7: "m7b5"
            case .diminished7: "dim7"
            }
        }
    }

    public var root: Int
    public var quality: Quality
    /// Pitch class of the lowest sounding note, when known.
    public var bass: Int?

    public init(root: Int, quality: Quality, bass: Int? = nil) {
        self.root = ((root % 12) + 12) % 12
        self.quality = quality
        self.bass = bass.map { (($0 % 12) + 12) % 12 }
    }

    /// The chord's pitch classes, root first.
    public var pitchClasses: [Int] { quality.intervals.map { (root + $0) % 12 } }

    /// "Am7", "F#dim", "Bbmaj7"; the root spelled for `key` when given.
    public func name(in key: Key? = nil) -> String {
        (key?.spell(pitchClass: root) ?? Key.neutralNames[root]) + quality.suffix
    }

    /// The name with the bass after a slash when it is not the root ("C/E").
    public func slashName(in key: Key? = nil) -> String {
        guard let bass, bass != root else { return name(in: key) }
        return name(in: key) + "/" + (key?.spell(pitchClass: bass) ?? Key.neutralNames[bass])
    }

    public var description: String { name() }
}

/// The chord over a stretch of time; `chord` is nil where nothing sounds ("N.C.").
public struct ChordSegment: Hashable, Sendable {
    public var start: Int
    public var duration: Int
    public var chord: Chord?
    /// Cosine similarity of the chroma with the chord's template, 0...1 (0 for N.C.).
    public var score: Double
    /// The chord's name spelled in the song's key, or "N.C.".
    public var name: String

    public var end: Int { start + duration }
}

/// Chord recognition by template matching: duration-weighted chroma (octaves folded by pitch % 12) compared by
/// cosine similarity with binary templates of 12 roots × 11 qualities (triads: maj, min, dim, aug, sus2, sus4;
/// sevenths: 7, maj7, m7, m7b5, dim7). Exact ties (inversion-symmetric sets such as aug, dim7, sus2/sus4) go to
/// the chord whose root is the bass note, then to the simpler quality, then to the lower root.
public enum ChordRecognizer {
    public struct Match: Hashable, Sendable {
        public var chord: Chord
        public var score: Double
    }

    /// The best chord for a 12-entry chroma (index 0 = C); nil when the chroma is silent.
    public static func recognize(chroma: [Double], bass: Int? = nil) -> Match? {
        guard chroma.count == 12 else { return nil }
        let norm = chroma.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0, norm.isFinite else { return nil }
        let bassPC = bass.map { (($0 % 12) + 12) % 12 }
        var best: (score: Double, rank: (Int, Int, Int), chord: Chord)?
        for (q, quality) in Chord.Quality.allCases.enumerated() {
            let size = Double(quality.intervals.count).squareRoot()
            for root in 0..<12 {
                var dot = 0.0
                for interval in quality.intervals { dot += chroma[(root + interval) % 12] }
                let score = dot / (norm * size)
                let rank = (root == bassPC ? 0 : 1, q, root)
                let better: Bool
                if let best {
                    better = score > best.score + 1e-9 || (abs(score - best.score) <= 1e-9 && rank < best.rank)
                } else {
                    better = true
                }
                if better { best = (score, rank, Chord(root: root, quality: quality, bass: bassPC)) }
            }
        }
        return best.map { Match(chord: $0.chord, score: $0.score) }
    }

    /// The chord on every beat of the song (drums ignored). In compound meters (6/8, 9/8, 12/8) a beat is a
    /// dotted unit; otherwise it is one time-signature unit (a quarter in 4/4 and 3/4).
    public static func chordsPerBeat(_ song: Song, key: Key? = nil) -> [ChordSegment] {
        chords(song, boundaries: ChordMeterGrid(song).beats, key: key)
    }

    /// The chord of every bar, following the song's time-signature changes.
    public static func chordsPerBar(_ song: Song, key: Key? = nil) -> [ChordSegment] {
        chords(song, boundaries: ChordMeterGrid(song).bars, key: key)
    }

    /// Chords over windows that start at each tick of `boundaries` (ascending; the last entry ends the last window).
    /// Names are spelled in `key`, or else the song's declared or estimated key.
    public static func chords(_ song: Song, boundaries: [Int], key: Key? = nil) -> [ChordSegment] {
        let notes = song.tracks.filter { !$0.isDrum && $0.role != .drums }.flatMap(\.notes)
        let spelling = key ?? song.key ?? KeyFinder.estimate(song)?.key
        return chords(notes: notes, boundaries: boundaries, key: spelling)
    }

    /// Chords of `notes` over the windows between consecutive `boundaries`.
    public static func chords(notes: [Note], boundaries: [Int], key: Key? = nil) -> [ChordSegment] {
        let windows = max(boundaries.count - 1, 0)
        guard windows > 0 else { return [] }
        var chroma = [Double](repeating: 0, count: windows * 12)
        var lowest = [Int](repeating: Int.max, count: windows)
        for note in notes where note.duration > 0 {
            // First window whose end lies after the note's start.
            var w = max(upperBound(boundaries, note.start) - 1, 0)
            while w < windows && boundaries[w] < note.end {
                let overlap = min(note.end, boundaries[w + 1]) - max(note.start, boundaries[w])
                if overlap > 0 {
                    chroma[w * 12 + Int(note.pitch) % 12] += Double(overlap)
                    lowest[w] = min(lowest[w], Int(note.pitch))
                }
                w += 1
            }
        }
        return (0..<windows).map { w in
            let start = boundaries[w], duration = boundaries[w + 1] - boundaries[w]
            let bass = lowest[w] == Int.max ? nil : lowest[w]
            guard let match = recognize(chroma: Array(chroma[w * 12 ..< w * 12 + 12]), bass: bass) else {
                return ChordSegment(start: start, duration: duration, chord: nil, score: 0, name: "N.C.")
            }
            return ChordSegment(start: start, duration: duration, chord: match.chord, score: match.score,
                                name: match.chord.name(in: key))
        }
    }

    /// First index whose element is greater than `value` (ascending array).
    static func upperBound(_ sorted: [Int], _ value: Int) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) >> 1
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// Bar and beat start ticks of a song up to (and including the bar line after) its last note, following its
/// time-signature changes.
struct ChordMeterGrid {
    /// Analysis stops after this many bars (about 55 hours of 4/4 at 120 bpm), so a corrupt tick cannot make it hang.
    static let maximumBars = 100_000

    var bars: [Int] = []
    var beats: [Int] = []

    init(_ song: Song) {
        let tpq = max(song.ticksPerQuarter, 1)
        let end = song.tracks.filter { !$0.isDrum && $0.role != .drums }.flatMap(\.notes).map(\.end).max() ?? 0
        var signatures = song.timeSignatures.filter { $0.numerator > 0 && $0.denominator > 0 }.sorted { $0.tick < $1.tick }
        if signatures.first.map({ $0.tick > 0 }) ?? true { signatures.insert(TimeSignature(), at: 0) }
        var tick = 0, index = 0
        while tick < end && bars.count < Self.maximumBars {
            while index + 1 < signatures.count && signatures[index + 1].tick <= tick { index += 1 }
            let sig = signatures[index]
            let unit = max(tpq * 4 / sig.denominator, 1)
            let compound = sig.numerator % 3 == 0 && sig.numerator > 3 && sig.denominator >= 8
            let beat = compound ? unit * 3 : unit
            var barLength = unit * sig.numerator
            // A new signature that starts mid-bar cuts the bar short there.
            if index + 1 < signatures.count, signatures[index + 1].tick > tick {
                barLength = min(barLength, signatures[index + 1].tick - tick)
            }
            bars.append(tick)
            var b = tick
            while b < tick + barLength { beats.append(b); b += beat }
            tick += barLength
        }
        bars.append(tick)
        beats.append(tick)
    }
}
