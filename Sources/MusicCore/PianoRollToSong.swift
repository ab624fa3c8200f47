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
        let tpq = max(options.ticksPerQuarter, 1)
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

    /// Notes per track channel, sorted by start step then pitch. Walks the values once in memory order, keeping
    /// the open note's start step for every (pitch, track) cell.
    func extractNotes(options: RollToSongOptions) -> [[GridNote]] {
        let cut = options.threshold ?? range.threshold
        let tracks = layout.roles.count, perStep = layout.cellsPerStep
        let shortest = max(options.minimumSteps, 1)
        var open = [Int](repeating: -1, count: perStep)
        var out = [[GridNote]](repeating: [], count: tracks)
        let marks = options.useReattacks ? reattacks : []
        var cursor = 0

        func close(_ cell: Int, at step: Int) {
            let first = open[cell]
            if step - first >= shortest { out[cell % tracks].append(GridNote(row: cell / tracks, first: first, last: step)) }
        }
        values.withUnsafeBufferPointer { cells in
            for step in 0..<stepCount {
                let base = step * perStep
                for cell in 0..<perStep {
                    let on = cells[base + cell] > cut
                    if open[cell] < 0 {
                        if on { open[cell] = step }
                    } else if !on {
                        close(cell, at: step)
                        open[cell] = -1
                    } else if !marks.isEmpty {
                        let i = base + cell
                        while cursor < marks.count && marks[cursor] < i { cursor += 1 }
                        if cursor < marks.count && marks[cursor] == i {
                            close(cell, at: step)
                            open[cell] = step
                        }
                    }
                }
            }
        }
        for cell in 0..<perStep where open[cell] >= 0 { close(cell, at: stepCount) }
        for t in 0..<tracks {
            out[t].sort { ($0.first, $0.row) < ($1.first, $1.row) }
        }
        return out
    }
}
