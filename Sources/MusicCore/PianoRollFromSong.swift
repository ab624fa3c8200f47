/// How a song's tracks are placed into a roll's track channels.
public struct SongToRollOptions: Hashable, Sendable {
    /// How each song track finds its role.
    public enum Mapping: Hashable, Sendable {
        /// By General MIDI program family and drum flag (`GeneralMIDI.role(forProgram:isDrum:)`), as LPD-5 does.
        case byProgram
        /// By each track's `role` as already set (e.g. after the melody track was picked).
        case byTrackRole
        /// Track i goes to channel i; surplus tracks are dropped (data already in the layout's order).
        case byIndex
    }

    /// What happens to a track whose role has no channel in the layout.
    public enum MissingRole: Hashable, Sendable {
        /// The track is left out (default).
        case drop
        /// The track goes to the closest role the layout has (`PianoRollLayout.nearestRoles`); drums only ever go
        /// to a drums channel.
        case nearest
    }

    public var mapping: Mapping
    public var missingRole: MissingRole
    /// Fixed length in bars (notes past the end are cut); nil = just long enough for every note.
    public var bars: Int?
    public var range: PianoRoll.ValueRange
    /// Record re-strikes of touching same-pitch notes so Roll → Song keeps them apart.
    public var recordReattacks: Bool

    public init(mapping: Mapping = .byProgram, missingRole: MissingRole = .drop, bars: Int? = nil,
                range: PianoRoll.ValueRange = .unipolar, recordReattacks: Bool = true) {
        self.mapping = mapping
        self.missingRole = missingRole
        self.bars = bars
        self.range = range
        self.recordReattacks = recordReattacks
    }
}

extension PianoRollLayout {
    /// For a role the layout lacks, the roles to try instead, closest first.
    public static func nearestRoles(to role: TrackRole) -> [TrackRole] {
        switch role {
        case .melody: [.guitar, .chords, .pad, .bass]
        case .chords: [.guitar, .pad, .melody]
        case .guitar: [.chords, .pad, .melody]
        case .pad: [.chords, .guitar, .melody]
        case .bass: [.chords, .guitar, .pad]
        case .drums: []
        }
    }

    /// For every pitch byte 0...255, its pitch row, or −1 when it cannot be placed (bytes above 127 never are). Pitches outside the range are
    /// moved by whole octaves to the nearest octave inside it (so harmony is kept); with fewer than 12 rows a pitch
    /// class may have no row at all.
    func pitchRowTable() -> [Int] {
        (0..<256).map { pitch in
            guard pitch < 128 else { return -1 }
            var p = pitch
            if p < lowestPitch { p += (lowestPitch - p + 11) / 12 * 12 }
            if p > highestPitch { p -= (p - highestPitch + 11) / 12 * 12 }
            return p >= lowestPitch && p <= highestPitch ? p - lowestPitch : -1
        }
    }
}

extension PianoRoll {
    /// A song on the layout's grid.
    ///
    /// - Each note covers the steps from its rounded start to its rounded end (at least one step); notes of tracks
    ///   that share a channel are merged (a cell is on if any note covers it).
    /// - Pitches outside the layout's range are folded by octaves into it.
    /// - Bars follow the layout's meter from tick 0; the song's own time-signature changes are not followed.
    /// - Velocities are not kept (cells are on or off).
    public init(song: Song, layout: PianoRollLayout = .standard, options: SongToRollOptions = .init()) throws(PianoRollError) {
        try layout.validate()
        let tpq = song.ticksPerQuarter
        guard tpq > 0, tpq <= 1 << 24 else { throw .invalidSong("ticks per quarter must be 1...16777216, got \(tpq)") }
        if let bars = options.bars, bars < 0 { throw .invalidSong("negative bar count \(bars)") }
        let channels = Self.channels(for: song.tracks, layout: layout, options: options)
        let spb = layout.stepsPerBeat
        let stepsPerBar = layout.stepsPerBar
        // Nearest step to a tick, halves rounded up; exact for ticks on the grid. Ticks are clamped far past any
        // real song so the arithmetic cannot overflow; such notes then fail the size check below.
        @inline(__always) func step(_ tick: Int) -> Int { (min(max(tick, 0), 1 << 40) * spb * 2 + tpq) / (tpq * 2) }

        var bars = options.bars ?? 0
        if options.bars == nil {
            var lastStep = 0
            for (t, track) in song.tracks.enumerated() where channels[t] >= 0 {
                for note in track.notes { lastStep = max(lastStep, step(note.start) + 1, step(note.end)) }
            }
            bars = (lastStep + stepsPerBar - 1) / stepsPerBar
            guard bars <= Self.maximumCells / layout.cellsPerBar else {
                throw .invalidSong("it spans \(bars) bars, more than a piano roll holds (\(Self.maximumCells / layout.cellsPerBar) on this layout)")
            }
        }

        try self.init(layout: layout, bars: bars, range: options.range, bpm: song.tempos.first?.bpm ?? 120)
        let rows = layout.pitchRowTable()
        let totalSteps = bars * stepsPerBar
        let pitches = layout.pitchCount, tracks = layout.roles.count, perStep = layout.cellsPerStep
        let on = options.range.on
        var onsets: [Int] = []
        if options.recordReattacks { onsets.reserveCapacity(song.tracks.reduce(0) { $0 + $1.notes.count }) }

        values.withUnsafeMutableBufferPointer { cells in
            for (t, track) in song.tracks.enumerated() {
                let channel = channels[t]
                guard channel >= 0 else { continue }
                for note in track.notes {
                    let row = rows[Int(note.pitch)]
                    let first = step(note.start)
                    guard row >= 0, first < totalSteps else { continue }
                    let last = min(max(step(note.end), first + 1), totalSteps)
                    var i = (first * pitches + row) * tracks + channel
                    if first > 0 && options.recordReattacks { onsets.append(i) }
                    for _ in first..<last { cells[i] = on; i += perStep }
                }
            }
        }
        // A note start needs marking only where the step before sounds (touching or overlapping repeats).
        let cut = options.range.threshold
        var marks = onsets.filter { values[$0 - perStep] > cut }
        marks.sort()
        reattacks = marks.uniqued()
    }

    /// For each song track, its channel in the layout, or −1 when dropped.
    static func channels(for tracks: [Track], layout: PianoRollLayout, options: SongToRollOptions) -> [Int] {
        if options.mapping == .byIndex {
            return tracks.indices.map { $0 < layout.roles.count ? $0 : -1 }
        }
        // The k-th track of a role goes to the k-th channel with that role; surplus tracks merge into the last one.
        var seen = [Int](repeating: 0, count: TrackRole.allCases.count)
        return tracks.map { track in
            let role = options.mapping == .byProgram
                ? GeneralMIDI.role(forProgram: track.program, isDrum: track.isDrum) : track.role
            var candidates = [role]
            if options.missingRole == .nearest { candidates += PianoRollLayout.nearestRoles(to: role) }
            guard let target = candidates.first(where: { layout.roles.contains($0) }) else { return -1 }
            let slots = layout.roles.indices.filter { layout.roles[$0] == target }
            let ordinal = TrackRole.allCases.firstIndex(of: target)!
            defer { seen[ordinal] += 1 }
            return slots[min(seen[ordinal], slots.count - 1)]
        }
    }
}

extension Array where Element == Int {
    /// Consecutive duplicates removed (sorted input → unique values).
    fileprivate func uniqued() -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(count)
        for x in self where out.last != x { out.append(x) }
        return out
    }
}
