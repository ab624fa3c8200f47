/// Edits that produce a new Song: quantize, transpose, tempo change, slice by bars, merge, resample.
/// Every edit leaves notes in canonical order (`Track.canonicallySorted`).

/// An edit asked for something impossible (a grid of 0, an empty bar range...). One line.
public struct SongEditError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Song {
    // MARK: Quantize

    /// Moves note starts toward the nearest multiple of `grid` ticks by `strength` (0 = unchanged, 1 = onto the
    /// grid). Without `ends` a note keeps its length; with `ends` its end moves toward the grid too, and a note
    /// that would vanish keeps one grid step. Drums are quantized like everything else. Notes of one track that
    /// land on the same start and pitch become one (the longer, the louder velocity).
    public func quantized(grid: Int, strength: Double = 1, ends: Bool = false) throws(SongEditError) -> Song {
        guard grid >= 1 else { throw SongEditError("quantize grid must be at least 1 tick, got \(grid)") }
        guard strength.isFinite, (0...1).contains(strength) else {
            throw SongEditError("quantize strength must be between 0 and 1, got \(strength)")
        }
        var song = self
        for t in song.tracks.indices {
            song.tracks[t].notes = Self.mergingDuplicates(song.tracks[t].notes.map { note in
                let startTarget = Self.nearest(note.start, grid: grid)
                let start = note.start + Int((Double(startTarget - note.start) * strength).rounded())
                guard ends else { return Note(pitch: note.pitch, velocity: note.velocity, start: start, duration: note.duration) }
                var endTarget = Self.nearest(note.end, grid: grid)
                if endTarget <= startTarget { endTarget = startTarget + grid }
                let end = note.end + Int((Double(endTarget - note.end) * strength).rounded())
                return Note(pitch: note.pitch, velocity: note.velocity, start: start, duration: max(1, end - start))
            })
        }
        return song
    }

    /// The multiple of `grid` nearest to `tick` (halves round up).
    static func nearest(_ tick: Int, grid: Int) -> Int {
        floorDiv(tick + grid / 2, grid) * grid
    }

    /// Canonical order with notes of equal start and pitch merged into one.
    static func mergingDuplicates(_ notes: [Note]) -> [Note] {
        var result: [Note] = []
        result.reserveCapacity(notes.count)
        for note in Track.canonicallySorted(notes) {
            if let last = result.last, last.start == note.start, last.pitch == note.pitch {
                result[result.count - 1].duration = max(last.duration, note.duration)
                result[result.count - 1].velocity = max(last.velocity, note.velocity)
            } else {
                result.append(note)
            }
        }
        return result
    }

    // MARK: Transpose

    /// What happens to a note that a transposition pushes outside MIDI's 0...127.
    public enum OutOfRangePolicy: String, Hashable, Sendable {
        /// The note moves back by whole octaves into range (keeps its pitch class; the default).
        case foldOctaves
        /// The note is left out.
        case drop
    }

    /// Every pitched note moved by `semitones`; drum tracks are untouched (their keys are instruments, not
    /// pitches). The declared key moves too. Notes landing on the same start and pitch merge.
    public func transposed(by semitones: Int, outOfRange: OutOfRangePolicy = .foldOctaves) -> Song {
        var song = self
        for t in song.tracks.indices where !song.tracks[t].isDrum {
            let moved: [Note] = song.tracks[t].notes.compactMap { note in
                var pitch = Int(note.pitch) + semitones
                if !(0...127).contains(pitch) {
                    guard outOfRange == .foldOctaves else { return nil }
                    while pitch < 0 { pitch += 12 }
                    while pitch > 127 { pitch -= 12 }
                }
                var copy = note
                copy.pitch = UInt8(pitch)
                return copy
            }
            song.tracks[t].notes = Self.mergingDuplicates(moved)
        }
        if let key { song.key = Key(tonic: key.tonic + semitones % 12, mode: key.mode) }
        return song
    }

    // MARK: Tempo

    /// The whole tempo map scaled so the first tempo becomes `bpm` (later changes keep their ratios); ticks do not
    /// move, so bars and notes stay where they are. A song without tempos gets `bpm` at tick 0.
    public func withTempo(bpm: Double) throws(SongEditError) -> Song {
        guard bpm.isFinite, bpm > 0 else { throw SongEditError("tempo must be a positive number of bpm, got \(bpm)") }
        guard let first = tempos.filter({ $0.microsecondsPerQuarter > 0 }).min(by: { $0.tick < $1.tick }) else {
            var song = self
            song.tempos = [TempoChange(tick: 0, bpm: bpm)]
            try Self.checkTempos(song.tempos)
            return song
        }
        return try tempoScaled(by: bpm / first.bpm)
    }

    /// Every tempo multiplied by `factor` (2 = twice as fast).
    public func tempoScaled(by factor: Double) throws(SongEditError) -> Song {
        guard factor.isFinite, factor > 0 else { throw SongEditError("tempo factor must be positive, got \(factor)") }
        var song = self
        song.tempos = tempos.map {
            TempoChange(tick: $0.tick, microsecondsPerQuarter: Int((Double($0.microsecondsPerQuarter) / factor).rounded()))
        }
        try Self.checkTempos(song.tempos)
        return song
    }

    /// MIDI stores a quarter note's length in 24 bits of microseconds: about 3.6 to 60,000,000 bpm.
    static func checkTempos(_ tempos: [TempoChange]) throws(SongEditError) {
        for tempo in tempos where !(1...0xFF_FFFF).contains(tempo.microsecondsPerQuarter) {
            throw SongEditError("tempo \(tempo.bpm) bpm at tick \(tempo.tick) is outside what MIDI can store (4...60000000 bpm)")
        }
    }

    // MARK: Slice

    /// Bars `bars` (zero-based, end exclusive) as a new Song starting at tick 0. Notes crossing a boundary are cut
    /// there; the tempo and time signature in force at the first bar move to tick 0, later changes inside the range
    /// come along. Tracks keep their place even when the slice leaves them empty.
    public func sliced(bars: Range<Int>) throws(SongEditError) -> Song {
        guard bars.lowerBound >= 0, !bars.isEmpty else {
            throw SongEditError("bar range \(bars.lowerBound)..<\(bars.upperBound) must be non-empty and start at bar 0 or later")
        }
        let from = tick(atBar: bars.lowerBound), to = tick(atBar: bars.upperBound)
        var song = self
        for t in song.tracks.indices {
            song.tracks[t].notes = tracks[t].notes.compactMap { note in
                let start = max(note.start, from), end = min(note.end, to)
                guard end > start else { return nil }
                return Note(pitch: note.pitch, velocity: note.velocity, start: start - from, duration: end - start)
            }
        }
        if !tempos.isEmpty {
            song.tempos = Self.carry(effectiveTempos, from: from, to: to, tick: \.tick)
        }
        if !timeSignatures.isEmpty {
            song.timeSignatures = Self.carry(effectiveTimeSignatures, from: from, to: to, tick: \.tick)
        }
        return song
    }

    /// The entry in force at `from` moved to 0, then the entries inside (from, to) shifted by −from.
    static func carry<T>(_ list: [T], from: Int, to: Int, tick: WritableKeyPath<T, Int>) -> [T] {
        guard var current = list.last(where: { $0[keyPath: tick] <= from }) ?? list.first else { return [] }
        current[keyPath: tick] = 0
        var result = [current]
        for var entry in list where entry[keyPath: tick] > from && entry[keyPath: tick] < to {
            entry[keyPath: tick] -= from
            result.append(entry)
        }
        return result
    }

    // MARK: Merge

    /// The songs played together: every track of every song, on a common ticks-per-quarter (the least common
    /// multiple when MIDI can store it, else the finest one, rounding the others). Tempo map, time signatures and
    /// key come from the first song. Nil for an empty list.
    public static func merged(_ songs: [Song]) -> Song? {
        guard var result = songs.first else { return nil }
        let resolution = commonResolution(songs.map(\.ticksPerQuarter))
        result = result.resampled(ticksPerQuarter: resolution)
        for song in songs.dropFirst() {
            result.tracks += song.resampled(ticksPerQuarter: resolution).tracks
        }
        return result
    }

    /// The given tracks (by index) combined into one, placed where the first of them was; it keeps the first
    /// track's name, program, channel and role. Indices out of range are an error.
    public func mergingTracks(_ indices: [Int]) throws(SongEditError) -> Song {
        let picked = Array(Set(indices)).sorted()
        guard let first = picked.first else { throw SongEditError("no tracks given to merge") }
        guard picked.allSatisfy({ tracks.indices.contains($0) }) else {
            throw SongEditError("track index out of range 0..<\(tracks.count) in \(indices)")
        }
        var song = self
        var combined = tracks[first]
        combined.notes = Self.mergingDuplicates(picked.flatMap { tracks[$0].notes })
        song.tracks[first] = combined
        for index in picked.dropFirst().reversed() { song.tracks.remove(at: index) }
        return song
    }

    /// The same music at another resolution: every tick scaled and rounded to the nearest; notes keep at least
    /// one tick.
    public func resampled(ticksPerQuarter target: Int) -> Song {
        let old = max(ticksPerQuarter, 1), new = max(target, 1)
        guard old != new else { return self }
        func scale(_ tick: Int) -> Int { Self.floorDiv(tick * new * 2 + old, old * 2) }
        var song = self
        song.ticksPerQuarter = new
        for t in song.tracks.indices {
            song.tracks[t].notes = Self.mergingDuplicates(tracks[t].notes.map { note in
                let start = scale(note.start)
                return Note(pitch: note.pitch, velocity: note.velocity, start: start,
                            duration: max(1, scale(note.end) - start))
            })
        }
        song.tempos = tempos.map { TempoChange(tick: scale($0.tick), microsecondsPerQuarter: $0.microsecondsPerQuarter) }
        song.timeSignatures = timeSignatures.map {
            TimeSignature(tick: scale($0.tick), numerator: $0.numerator, denominator: $0.denominator)
        }
        return song
    }

    /// The least common multiple of the resolutions if it fits MIDI's 15 bits, else the largest of them.
    static func commonResolution(_ values: [Int]) -> Int {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        var lcm = 1
        for v in values.map({ max($0, 1) }) {
            lcm = lcm / gcd(lcm, v) * v
            if lcm > 0x7FFF { return values.max() ?? 480 }
        }
        return lcm
    }
}
