/// Finding the melody: a monophonic line from a polyphonic part (skyline) and the melody track of a
/// multi-track file.
public enum MelodyExtraction {
    /// The skyline of `notes`: at each onset the highest new note, which then sounds until the next kept onset.
    ///
    /// - A note starting while a higher kept note still sounds is dropped (it lies beneath the melody); the
    ///   remainder of a held lower note is not resumed after a higher one ends, so no onset is invented.
    /// - A note that starts higher than (or at the same pitch as) the sounding one cuts that one short.
    /// - Notes shorter than `minimumDuration` ticks are ignored (grace notes, ornaments), and so are notes that
    ///   end up shorter than that after trimming.
    public static func skyline(_ notes: [Note], minimumDuration: Int = 1) -> [Note] {
        let shortest = max(minimumDuration, 1)
        let sorted = notes.filter { $0.duration >= shortest }
            .sorted { $0.start != $1.start ? $0.start < $1.start : $0.pitch > $1.pitch }
        var kept: [Note] = []
        kept.reserveCapacity(sorted.count)
        for note in sorted {
            guard var last = kept.last else { kept.append(note); continue }
            if note.start == last.start { continue }  // the highest note at this onset is already kept
            if note.start < last.end {
                guard note.pitch >= last.pitch else { continue }
                last.duration = note.start - last.start
                kept[kept.count - 1] = last
            }
            kept.append(note)
        }
        return kept.filter { $0.duration >= shortest }
    }

    /// The track with its notes replaced by their skyline.
    public static func skyline(_ track: Track, minimumDuration: Int = 1) -> Track {
        var copy = track
        copy.notes = skyline(track.notes, minimumDuration: minimumDuration)
        return copy
    }

    /// Which track most likely carries the melody, and why.
    public struct MelodyGuess: Hashable, Sendable {
        public var trackIndex: Int
        public var score: Double
        /// One line, e.g. `name "Lead Vocal"; 98% monophonic; highest register (mean E5); 3.1 notes/bar`.
        public var reason: String
        /// Every track's score; nil for tracks that cannot be the melody (drums, empty).
        public var scores: [Double?]
    }

    /// Name fragments that suggest a melody, and ones that suggest an accompaniment (lower-cased).
    static let melodyHints = ["melody", "melodie", "melodía", "vocal", "voice", "voix", "lead", "soprano", "solo",
                              "tune", "sing", "theme", "right hand", "flute", "violin 1", "violin i"]
    static let accompanimentHints = ["bass", "drum", "perc", "accomp", "chord", "pad", "rhythm", "harmony",
                                     "alto", "tenor", "left hand", "string", "backing"]

    /// Scores every pitched, non-empty track: name hints (±), role (melody +, bass −), register relative to the
    /// other tracks, monophony, and a note density typical of tunes (about 1–12 notes a bar). Nil if no track has
    /// pitched notes.
    public static func guessMelodyTrack(_ song: Song) -> MelodyGuess? {
        let candidates = song.tracks.indices.filter { i in
            let t = song.tracks[i]
            return !t.isDrum && t.role != .drums && !t.notes.isEmpty
        }
        guard !candidates.isEmpty else { return nil }
        let features = candidates.map { MelodyTrackFeatures(song.tracks[$0], song: song) }
        let lowestMean = features.map(\.meanPitch).min()!, highestMean = features.map(\.meanPitch).max()!
        var scores = [Double?](repeating: nil, count: song.tracks.count)
        var reasons = [String](repeating: "", count: song.tracks.count)
        for (k, i) in candidates.enumerated() {
            let f = features[k]
            var score = 0.0
            var why: [String] = []
            let name = song.tracks[i].name.lowercased()
            if melodyHints.contains(where: name.contains) {
                score += 3; why.append("name \"\(song.tracks[i].name)\"")
            } else if accompanimentHints.contains(where: name.contains) {
                score -= 2
            }
            switch song.tracks[i].role {
            case .melody: score += 1
            case .bass: score -= 2
            case .pad: score -= 0.5
            default: break
            }
            score += 2 * f.monophony
            if f.monophony >= 0.9 { why.append("\(Int((f.monophony * 100).rounded()))% monophonic") }
            if highestMean > lowestMean {
                let height = (f.meanPitch - lowestMean) / (highestMean - lowestMean)
                score += 1.5 * height
                if f.meanPitch == highestMean { why.append("highest register (mean \(pitchName(f.meanPitch)))") }
            }
            if (1...12).contains(f.notesPerBar) { score += 1 } else if f.notesPerBar < 0.5 || f.notesPerBar > 24 { score -= 1 }
            why.append("\((f.notesPerBar * 10).rounded() / 10) notes/bar")
            scores[i] = score
            reasons[i] = why.joined(separator: "; ")
        }
        // Highest score; ties go to the earlier track.
        let best = candidates.max { scores[$0]! != scores[$1]! ? scores[$0]! < scores[$1]! : $0 > $1 }!
        let only = candidates.count == 1 ? "only pitched track; " : ""
        return MelodyGuess(trackIndex: best, score: scores[best]!, reason: only + reasons[best], scores: scores)
    }

    /// The guessed melody track's skyline, or nil when the song has no pitched notes.
    public static func melody(of song: Song, minimumDuration: Int = 1) -> (guess: MelodyGuess, track: Track)? {
        guard let guess = guessMelodyTrack(song) else { return nil }
        var track = skyline(song.tracks[guess.trackIndex], minimumDuration: minimumDuration)
        track.role = .melody
        return (guess, track)
    }

    static func pitchName(_ pitch: Double) -> String {
        let p = Int(pitch.rounded())
        return Key.neutralNames[p % 12] + String(p / 12 - 1)
    }
}

/// What the melody guess measures about one track.
struct MelodyTrackFeatures {
    /// Duration-weighted mean MIDI pitch.
    var meanPitch: Double
    /// Share of the track's sounding time in which exactly one note sounds.
    var monophony: Double
    /// Notes per bar over the bars the track spans.
    var notesPerBar: Double

    init(_ track: Track, song: Song) {
        var weighted = 0.0, total = 0.0
        var events: [(tick: Int, delta: Int)] = []
        events.reserveCapacity(track.notes.count * 2)
        for note in track.notes {
            let d = Double(max(note.duration, 1))
            weighted += Double(note.pitch) * d
            total += d
            events.append((note.start, 1))
            events.append((note.end, -1))
        }
        meanPitch = total > 0 ? weighted / total : 0
        // Sweep: ends before starts at the same tick, so touching notes are not counted as overlapping.
        events.sort { $0.tick != $1.tick ? $0.tick < $1.tick : $0.delta < $1.delta }
        var sounding = 0, last = 0, single = 0, any = 0
        for event in events {
            let span = event.tick - last
            if sounding == 1 { single += span }
            if sounding >= 1 { any += span }
            sounding += event.delta
            last = event.tick
        }
        monophony = any > 0 ? Double(single) / Double(any) : 1
        let signature = song.timeSignatures.first ?? TimeSignature()
        let barTicks = max(song.ticksPerQuarter * 4 * max(signature.numerator, 1) / max(signature.denominator, 1), 1)
        let first = track.notes.map(\.start).min() ?? 0, end = track.notes.map(\.end).max() ?? 0
        let bars = max(Double(end - first) / Double(barTicks), 1)
        notesPerBar = Double(track.notes.count) / bars
    }
}
