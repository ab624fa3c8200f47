/// How a roll becomes a song.
public struct RollToSongOptions: Hashable, Sendable {
    /// A cell is on above this value; nil = the roll's range midpoint (0.5 unipolar, 0 bipolar / tanh output).
    public var threshold: Float?
    public var ticksPerQuarter: Int
    public var velocity: UInt8
    /// GM program per track channel; nil = `GeneralMIDI.defaultProgram(for:)` of each channel's role, which maps
    /// back to the same role (`GeneralMIDI.role(forProgram:isDrum:)`), so the song converts back unchanged.
    public var programs: [UInt8]?
    /// Notes shorter than this many steps are left out (1 keeps everything; 3 is MuseGAN's "qualified note").
    public var minimumSteps: Int
    /// Split notes at the roll's marked re-strikes (keeps touching repeated notes apart).
    public var useReattacks: Bool
    /// Tempo; nil = the roll's `bpm`.
    public var bpm: Double?

    public init(threshold: Float? = nil, ticksPerQuarter: Int = 480, velocity: UInt8 = 100, programs: [UInt8]? = nil,
                minimumSteps: Int = 1, useReattacks: Bool = true, bpm: Double? = nil) {
        self.threshold = threshold
        self.ticksPerQuarter = ticksPerQuarter
        self.velocity = velocity
        self.programs = programs
        self.minimumSteps = minimumSteps
        self.useReattacks = useReattacks
        self.bpm = bpm
    }
}

extension PianoRoll {
    /// The roll as a song: one track per channel (empty ones included, so track i is channel i).
    ///
    /// Consecutive on-steps of one pitch become a single note (no per-step stutter); a marked re-strike starts a new
    /// note. Drums play on MIDI channel 10 (index 9) with program 0; other tracks take channels 0, 1, … skipping 9.
    public func song(options: RollToSongOptions = .init()) -> Song {
        let tpq = min(max(options.ticksPerQuarter, 1), 1 << 24)
        let spb = layout.stepsPerBeat
        let notes = extractNotes(options: options)
        let velocity = min(max(options.velocity, 1), 127)
        var tracks: [Track] = []
        var nextChannel: UInt8 = 0
        for (t, role) in layout.roles.enumerated() {
            let isDrum = role == .drums
            let channel: UInt8 = isDrum ? 9 : nextChannel
            if !isDrum { nextChannel = nextChannel == 8 ? 10 : (nextChannel + 1) % 16 }
            let program = isDrum ? 0 : (options.programs.flatMap { t < $0.count ? $0[t] : nil }
                                        ?? GeneralMIDI.defaultProgram(for: role))
            let repeats = layout.roles[..<t].filter { $0 == role }.count
            let name = role.rawValue.capitalized + (repeats > 0 ? " \(repeats + 1)" : "")
            let trackNotes = notes[t].map { raw in
                Note(pitch: UInt8(layout.lowestPitch + raw.row), velocity: velocity,
                     start: raw.first * tpq / spb, duration: max(raw.last * tpq / spb - raw.first * tpq / spb, 1))
            }
            tracks.append(Track(name: name, program: program, isDrum: isDrum, channel: channel, role: role, notes: trackNotes))
        }
        return Song(tracks: tracks, ticksPerQuarter: tpq,
                    tempos: [TempoChange(tick: 0, bpm: options.bpm ?? bpm)],
                    timeSignatures: [TimeSignature(tick: 0, numerator: layout.beatsPerBar, denominator: layout.beatUnit)])
    }

    /// A note in grid units: pitch row and the steps it covers (`first ..< last`).
    struct GridNote { var row: Int; var first: Int; var last: Int }

    /// Notes per track channel, sorted by start step then pitch. Walks the values once in memory order comparing
    /// each step with the one before (a tight loop: most cells do not change), keeping the open note's start step
    /// for every (pitch, track) cell; re-strike marks, sorted in the same order, split notes where they fall.
    func extractNotes(options: RollToSongOptions) -> [[GridNote]] {
        let cut = options.threshold ?? range.threshold
        let tracks = layout.roles.count, perStep = layout.cellsPerStep
        let shortest = max(options.minimumSteps, 1)
        var open = [Int](repeating: -1, count: perStep)
        var out = [[GridNote]](repeating: [], count: tracks)
        let marks = options.useReattacks ? reattacks : []
        var cursor = 0

        values.withUnsafeBufferPointer { cells in
            open.withUnsafeMutableBufferPointer { open in
                let start = cells.baseAddress!
                let off = [Float](repeating: -.infinity, count: perStep)  // the rows before the first / after the last
                off.withUnsafeBufferPointer { off in
                    for step in 0...stepCount {
                        let base = step * perStep
                        let cur = step < stepCount ? start + base : off.baseAddress!
                        let prev = step > 0 ? start + base - perStep : off.baseAddress!
                        // Eight cells at a time; only a group where something switches is looked at cell by cell.
                        var cell = 0
                        while cell < perStep {
                            let width = min(8, perStep - cell)
                            if width == 8 {
                                let a = UnsafeRawPointer(cur + cell).loadUnaligned(as: SIMD8<Float>.self)
                                let b = UnsafeRawPointer(prev + cell).loadUnaligned(as: SIMD8<Float>.self)
                                if !any((a .> cut) .^ (b .> cut)) { cell += 8; continue }
                            }
                            for c in cell..<cell + width {
                                let on = cur[c] > cut
                                guard on != (prev[c] > cut) else { continue }
                                if on {
                                    open[c] = step
                                } else {
                                    if step - open[c] >= shortest {
                                        out[c % tracks].append(GridNote(row: c / tracks, first: open[c], last: step))
                                    }
                                    open[c] = -1
                                }
                            }
                            cell += width
                        }
                        // Marks of this step on a cell that sounded before and still sounds: end the note, start anew.
                        while cursor < marks.count && marks[cursor] < base + perStep {
                            let i = marks[cursor], c = i - base
                            cursor += 1
                            guard i >= base, step > 0, step < stepCount, open[c] >= 0, open[c] < step,
                                  cells[i] > cut else { continue }
                            if step - open[c] >= shortest {
                                out[c % tracks].append(GridNote(row: c / tracks, first: open[c], last: step))
                            }
                            open[c] = step
                        }
                    }
                }
            }
        }
        for t in 0..<tracks {
            out[t].sort { ($0.first, $0.row) < ($1.first, $1.row) }
        }
        return out
    }
}
