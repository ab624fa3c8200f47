/// Cutting, joining and regrouping rolls. All keep re-strike marks in step with the values.
extension PianoRoll {
    /// Bars `range` of the roll; bars past the end are filled with off (so windows can be padded).
    public func bars(_ range: Range<Int>) -> PianoRoll {
        let lower = max(range.lowerBound, 0), count = max(range.upperBound - lower, 0)
        let perBar = layout.cellsPerBar
        var out = [Float](repeating: self.range.off, count: count * perBar)
        let copied = max(min(bars - lower, count), 0)
        if copied > 0 {
            out.withUnsafeMutableBufferPointer { dst in
                values.withUnsafeBufferPointer { src in
                    let from = src.baseAddress! + lower * perBar
                    dst.baseAddress!.update(from: from, count: copied * perBar)
                }
            }
        }
        let begin = lower * perBar, end = (lower + copied) * perBar
        let marks = reattacks[Self.lowerBound(reattacks, begin)..<Self.lowerBound(reattacks, end)].map { $0 - begin }
        return PianoRoll(validated: layout, bars: count, values: out, range: self.range, reattacks: marks, bpm: bpm)
    }

    /// Fixed-length windows of `length` bars starting every `hop` bars (default: back to back). With `padLast`
    /// the last window may run past the end (padded with off) so every bar is covered; without it only whole
    /// windows are returned.
    public func segments(length: Int, hop: Int? = nil, padLast: Bool = true) -> [PianoRoll] {
        let length = max(length, 1), hop = max(hop ?? length, 1)
        var out: [PianoRoll] = []
        var start = 0
        while start < bars {
            if start + length > bars && !padLast { break }
            out.append(self.bars(start..<start + length))
            if start + length >= bars { break }
            start += hop
        }
        return out
    }

    /// Rolls joined in time. All must share layout and value range; tempo is the first roll's.
    public static func concatenate(_ rolls: [PianoRoll]) throws(PianoRollError) -> PianoRoll {
        guard let first = rolls.first else { throw .mismatch("nothing to concatenate") }
        var values: [Float] = []
        var marks: [Int] = []
        values.reserveCapacity(rolls.reduce(0) { $0 + $1.values.count })
        for roll in rolls {
            guard roll.layout == first.layout else { throw .mismatch("layouts differ (\(roll.shape) vs \(first.shape))") }
            guard roll.range == first.range else { throw .mismatch("value ranges differ (\(roll.range) vs \(first.range))") }
            let offset = values.count
            marks += roll.reattacks.map { $0 + offset }
            values += roll.values
        }
        let bars = rolls.reduce(0) { $0 + $1.bars }
        return PianoRoll(validated: first.layout, bars: bars, values: values, range: first.range, reattacks: marks, bpm: first.bpm)
    }

    /// A roll with only the given track channels, in the given order.
    public func selecting(tracks picked: [Int]) throws(PianoRollError) -> PianoRoll {
        let tracks = layout.roles.count
        guard !picked.isEmpty, picked.allSatisfy({ (0..<tracks).contains($0) }) else {
            throw .mismatch("track selection \(picked) is not within 0..<\(tracks)")
        }
        var newLayout = layout
        newLayout.roles = picked.map { layout.roles[$0] }
        let kept = picked.count, rows = stepCount * layout.pitchCount
        var out = [Float](repeating: range.off, count: rows * kept)
        // newPosition[t] = where old track t lands (or −1); first pick wins when a track is picked twice.
        var newPosition = [Int](repeating: -1, count: tracks)
        for (k, t) in picked.enumerated().reversed() { newPosition[t] = k }
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for r in 0..<rows {
                    for (k, t) in picked.enumerated() { dst[r * kept + k] = src[r * tracks + t] }
                }
            }
        }
        var marks: [Int] = []
        for i in reattacks where newPosition[i % tracks] >= 0 {
            marks.append(i / tracks * kept + newPosition[i % tracks])
        }
        marks.sort()
        return PianoRoll(validated: newLayout, bars: bars, values: out, range: range, reattacks: marks, bpm: bpm)
    }

    /// The first channel with `role` as a one-track roll, or nil if the layout has none.
    public func track(_ role: TrackRole) -> PianoRoll? {
        guard let t = layout.channel(of: role) else { return nil }
        return try? selecting(tracks: [t])
    }

    /// The melody channel alone (a generator's conditioning input), or nil without one.
    public func melodyRoll() -> PianoRoll? { track(.melody) }

    /// Rolls of equal length and grid put side by side as tracks (e.g. the melody plus a generator's parts).
    public static func stacking(_ rolls: [PianoRoll]) throws(PianoRollError) -> PianoRoll {
        guard let first = rolls.first else { throw .mismatch("nothing to stack") }
        for roll in rolls {
            var a = roll.layout, b = first.layout
            a.roles = []; b.roles = []
            guard a == b else { throw .mismatch("grids differ (\(roll.shape) vs \(first.shape))") }
            guard roll.bars == first.bars else { throw .mismatch("bar counts differ (\(roll.bars) vs \(first.bars))") }
            guard roll.range == first.range else { throw .mismatch("value ranges differ (\(roll.range) vs \(first.range))") }
        }
        var layout = first.layout
        layout.roles = rolls.flatMap { $0.layout.roles }
        let total = layout.roles.count, rows = first.stepCount * layout.pitchCount
        var out = [Float](repeating: first.range.off, count: rows * total)
        var marks: [Int] = []
        var offset = 0
        for roll in rolls {
            let tracks = roll.trackCount
            roll.values.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    for r in 0..<rows {
                        for t in 0..<tracks { dst[r * total + offset + t] = src[r * tracks + t] }
                    }
                }
            }
            marks += roll.reattacks.map { $0 / tracks * total + offset + $0 % tracks }
            offset += tracks
        }
        marks.sort()
        return PianoRoll(validated: layout, bars: first.bars, values: out, range: first.range, reattacks: marks, bpm: first.bpm)
    }
}

extension PianoRoll {
    /// A one-track melody roll to condition a generator: track `track` of the song, or else the guessed melody
    /// track (`MelodyExtraction.guessMelodyTrack`), reduced to its skyline. The layout's grid is kept, its roles
    /// become `[.melody]`. Throws when the song has no pitched notes to take a melody from.
    public init(melodyOf song: Song, track: Int? = nil, layout: PianoRollLayout = .melodyOnly, bars: Int? = nil,
                range: ValueRange = .unipolar) throws(PianoRollError) {
        let index: Int
        if let track {
            guard song.tracks.indices.contains(track) else {
                throw .invalidSong("no track \(track) (the song has \(song.tracks.count))")
            }
            index = track
        } else {
            guard let guess = MelodyExtraction.guessMelodyTrack(song) else { throw .invalidSong("no pitched notes to take a melody from") }
            index = guess.trackIndex
        }
        var melody = MelodyExtraction.skyline(song.tracks[index])
        melody.role = .melody
        var single = song
        single.tracks = [melody]
        try self.init(song: single, layout: layout.with(roles: [.melody]),
                      options: SongToRollOptions(mapping: .byTrackRole, bars: bars, range: range))
    }
}
