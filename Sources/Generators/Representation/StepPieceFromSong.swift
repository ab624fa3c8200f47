import MusicCore

/// Why a song cannot become a `StepPiece`. One line.
public struct StepPieceError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Which track is the melody when a song becomes a `StepPiece`.
public enum MelodyChoice: Hashable, Sendable {
    /// A track named "melody" (case-insensitive, e.g. "Melody", "MELODY 1"), else `MelodyExtraction`'s guess.
    case automatic
    /// Track `index` of the song.
    case track(Int)
}

extension StepPiece {
    /// Tempo changes at tick 0 only affect seconds, not steps: the grid is in beats.
    ///
    /// - The melody track is reduced to its skyline (one note at a time).
    /// - Every other non-empty track is placed by its role (`Track.role` unless it is `.melody`, else
    ///   `GeneralMIDI.role(forProgram:isDrum:)`), or the nearest
    ///   role in `roles` when its own is missing; drums only ever to drums); tracks of one role merge, and the
    ///   part takes the program of its busiest track. Roles in `roles` that no track plays are left out.
    /// - Notes snap to the nearest step (at least one step long; drum hits exactly one).
    /// - Bars and beats follow the song's time signatures (`Song.meterSpans`), so 3/4, 6/8 and meter changes keep
    ///   their bar lines.
    public init(song: Song, name: String, melody choice: MelodyChoice = .automatic,
                roles: [TrackRole] = [.drums, .bass, .chords, .pad]) throws(StepPieceError) {
        let tpq = song.ticksPerQuarter
        guard tpq > 0, tpq <= 1 << 24 else { throw StepPieceError("ticks per quarter must be 1...16777216, got \(tpq)") }
        let melodyIndex = try Self.melodyTrack(in: song, choice)
        let spb = StepGrid.stepsPerBeat
        func step(_ tick: Int) -> Int { (min(max(tick, 0), 1 << 40) * spb * 2 + tpq) / (tpq * 2) }
        func stepNotes(_ notes: [Note], drum: Bool) -> [StepNote] {
            notes.map { n in
                let s = step(n.start)
                return StepNote(pitch: n.pitch, start: s, end: drum ? s + 1 : max(s + 1, step(n.end)))
            }.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
        }

        let melodyNotes = stepNotes(MelodyExtraction.skyline(song.tracks[melodyIndex].notes), drum: false)
        guard !melodyNotes.isEmpty else { throw StepPieceError("the melody track has no notes") }

        // Accompaniment: role per track, merged per role.
        var byRole: [TrackRole: (notes: [StepNote], program: UInt8, busiest: Int)] = [:]
        for (i, track) in song.tracks.enumerated() where i != melodyIndex && !track.notes.isEmpty {
            // A role the track carries (a file's role tag: an orchestra's contrabass plays the bass line) wins over
            // its GM program's; `.melody` is also Track's default, so it says nothing here.
            let isDrum = track.isDrum || track.channel == 9
            let own = !isDrum && track.role != .melody ? track.role
                : GeneralMIDI.role(forProgram: track.program, isDrum: isDrum)
            let candidates = [own] + PianoRollLayout.nearestRoles(to: own)
            guard let role = candidates.first(where: roles.contains) else { continue }
            var entry = byRole[role] ?? ([], track.program, 0)
            entry.notes += stepNotes(track.notes, drum: role == .drums)
            if track.notes.count > entry.busiest { entry.program = track.program; entry.busiest = track.notes.count }
            byRole[role] = entry
        }
        let parts = roles.compactMap { role -> StepPart? in
            guard let entry = byRole[role] else { return nil }
            let notes = entry.notes.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
            return StepPart(role: role, program: role == .drums ? 0 : entry.program, notes: notes)
        }

        // The grid ends with the bar that holds the last note end.
        let lastStep = ([melodyNotes] + parts.map(\.notes)).joined().reduce(0) { max($0, $1.end) }
        let (bars, beats) = Self.meterGrid(song: song, steps: lastStep, step: step)
        let stepCount = bars.first(where: { $0 >= lastStep }) ?? lastStep
        self.init(name: name, stepCount: stepCount, barStarts: bars.filter { $0 < stepCount },
                  beatStarts: beats.filter { $0 < stepCount }, melody: melodyNotes, parts: parts)
    }

    static func melodyTrack(in song: Song, _ choice: MelodyChoice) throws(StepPieceError) -> Int {
        switch choice {
        case .track(let index):
            guard song.tracks.indices.contains(index) else {
                throw StepPieceError("no track \(index) (the song has \(song.tracks.count) tracks, numbered from 0)")
            }
            guard !song.tracks[index].isDrum else { throw StepPieceError("track \(index) is a drum track, not a melody") }
            return index
        case .automatic:
            if let named = song.tracks.firstIndex(where: {
                !$0.isDrum && !$0.notes.isEmpty && $0.name.lowercased().contains("melody")
            }) { return named }
            guard let guess = MelodyExtraction.guessMelodyTrack(song) else {
                throw StepPieceError("no pitched notes to take a melody from")
            }
            return guess.trackIndex
        }
    }

    /// Bar and beat starts (in steps) up to and including the first bar line at or after `steps`.
    /// The counted beat is the denominator's unit, or three of them in compound meters (6/8, 9/8, 12/8).
    static func meterGrid(song: Song, steps: Int, step: (Int) -> Int) -> (bars: [Int], beats: [Int]) {
        let tpq = song.ticksPerQuarter
        let spans = song.meterSpans
        var bars: [Int] = [], beats: [Int] = []
        for (k, span) in spans.enumerated() {
            let spanEnd = k + 1 < spans.count ? spans[k + 1].tick : Int.max
            let sig = span.signature
            let compound = sig.denominator >= 8 && sig.numerator % 3 == 0 && sig.numerator > 3
            let beatTicks = max(1, (compound ? 3 : 1) * tpq * 4 / sig.denominator)
            var tick = span.tick
            while tick < spanEnd {
                let s = step(tick)
                if bars.last.map({ s > $0 }) ?? true { bars.append(s) }
                var b = tick
                while b < min(tick + span.ticksPerBar, spanEnd) {
                    let bs = step(b)
                    if beats.last.map({ bs > $0 }) ?? true { beats.append(bs) }
                    b += beatTicks
                }
                if s >= steps { return (bars, beats) }
                tick += span.ticksPerBar
            }
        }
        return (bars, beats)
    }
}
