import MusicCore

/// Turns a window of a `StepPiece` into the bipolar planes a `WindowSpec` describes, and a generator's output
/// planes back into notes. Pure and allocation-light: training renders every batch from stored notes.
public enum WindowEncoding {
    /// The row of `pitch` in the window, folded by octaves into range; nil when no octave fits.
    @inline(__always)
    static func row(_ pitch: Int, _ spec: WindowSpec) -> Int? {
        var p = pitch
        if p < spec.lowestPitch { p += (spec.lowestPitch - p + 11) / 12 * 12 }
        if p > spec.highestPitch { p -= (p - spec.highestPitch + 11) / 12 * 12 }
        return p >= spec.lowestPitch && p <= spec.highestPitch ? p - spec.lowestPitch : nil
    }

    /// The row of a part's note: drum hits on their own pitch (a kit's map; nil out of range), pitched notes
    /// folded (`row`).
    static func row(_ pitch: Int, _ spec: WindowSpec, drums: Bool) -> Int? {
        drums ? (spec.lowestPitch...spec.highestPitch ~= pitch ? pitch - spec.lowestPitch : nil) : row(pitch, spec)
    }

    /// Writes notes into plane `sustain` (and `onset`, if given) of `out` at window offset `start`.
    /// Drum hits are transposed by nothing and dropped when out of range.
    static func draw(_ notes: [StepNote], from start: Int, transpose: Int, drums: Bool, spec: WindowSpec,
                     sustain: Int, onset: Int?, into out: inout [Float], base: Int) {
        let plane = spec.steps * spec.pitchCount, end = start + spec.steps
        for note in notes where note.end > start && note.start < end {
            let pitch = Int(note.pitch) + (drums ? 0 : transpose)
            guard let r = row(pitch, spec, drums: drums) else { continue }
            let first = max(note.start, start) - start, last = min(note.end, end) - start
            for t in first..<last { out[base + sustain * plane + t * spec.pitchCount + r] = 1 }
            if let onset, note.start >= start { out[base + onset * plane + first * spec.pitchCount + r] = 1 }
        }
    }

    /// The condition planes for the window of `piece` starting at step `start` (steps past the end are silent
    /// and keep the meter), with the melody moved by `transpose` semitones. Writes `spec.conditionCount` floats
    /// into `out` from `base`; `out` must be filled with −1 there.
    public static func writeCondition(_ piece: StepPiece, start: Int, transpose: Int = 0, spec: WindowSpec,
                                      into out: inout [Float], base: Int = 0) {
        let plane = spec.steps * spec.pitchCount
        let sustain = spec.conditionPlanes.firstIndex(of: .melodySustain)
        let onset = spec.conditionPlanes.firstIndex(of: .melodyOnset)
        if let sustain {
            draw(piece.melody, from: start, transpose: transpose, drums: false, spec: spec, sustain: sustain,
                 onset: onset, into: &out, base: base)
        } else if let onset {
            draw(piece.melody, from: start, transpose: transpose, drums: true, spec: spec, sustain: onset,
                 onset: nil, into: &out, base: base)
        }
        if let meter = spec.conditionPlanes.firstIndex(of: .meter) {
            let end = start + spec.steps
            let bars = Set(piece.barStarts(through: end).filter { $0 >= start })
            for beat in Set(piece.beatStarts(through: end).filter { $0 >= start }).union(bars) {
                let value: Float = bars.contains(beat) ? 1 : 0
                let row = base + meter * plane + (beat - start) * spec.pitchCount
                for p in 0..<spec.pitchCount { out[row + p] = value }
            }
        }
        if let chordPlane = spec.conditionPlanes.firstIndex(of: .melodyChord) {
            writeChords(piece, start: start, transpose: transpose, spec: spec, plane: chordPlane, into: &out, base: base)
        }
    }

    /// The `melodyChord` plane: each bar's melody chord (of the melody moved by `transpose`) on every step of the bar.
    static func writeChords(_ piece: StepPiece, start: Int, transpose: Int, spec: WindowSpec, plane: Int,
                            into out: inout [Float], base: Int) {
        let bars = NoteThresholds.bars(of: piece, window: start, steps: spec.steps)
        let chords = MelodyHarmony.barChords(of: piece, window: start, steps: spec.steps, bars: bars, transpose: transpose)
        for (range, chord) in zip(NoteThresholds.barRanges(bars, steps: spec.steps), chords) {
            guard let chord else { continue }
            var row = [Float](repeating: -1, count: spec.pitchCount)
            for r in row.indices {
                let pitchClass = (spec.lowestPitch + r) % 12
                if pitchClass == chord.root { row[r] = 1 } else if chord.pitchClasses.contains(pitchClass) { row[r] = 0 }
            }
            for t in range {
                let at = base + (plane * spec.steps + t) * spec.pitchCount
                out.replaceSubrange(at ..< at + spec.pitchCount, with: row)
            }
        }
    }

    /// The accompaniment planes (the training target) for the same window. Roles the piece lacks stay silent.
    public static func writeTracks(_ piece: StepPiece, start: Int, transpose: Int = 0, spec: WindowSpec,
                                   into out: inout [Float], base: Int = 0) {
        for (k, role) in spec.roles.enumerated() {
            guard let part = piece.part(role), let sustain = spec.channel(role: k, .sustain) else { continue }
            let onset = spec.channel(role: k, .onset)
            draw(part.notes, from: start, transpose: transpose, drums: role == .drums, spec: spec,
                 sustain: sustain, onset: role == .drums ? nil : onset, into: &out, base: base)
            if role == .drums, let onset {  // hits: onset plane = sustain plane
                let plane = spec.steps * spec.pitchCount
                for i in 0..<plane { out[base + onset * plane + i] = out[base + sustain * plane + i] }
            }
        }
    }

    /// Condition and tracks of one window as fresh arrays.
    public static func encode(_ piece: StepPiece, start: Int, transpose: Int = 0, spec: WindowSpec)
        -> (condition: [Float], tracks: [Float])
    {
        var condition = [Float](repeating: -1, count: spec.conditionCount)
        var tracks = [Float](repeating: -1, count: spec.tracksCount)
        writeCondition(piece, start: start, transpose: transpose, spec: spec, into: &condition)
        writeTracks(piece, start: start, transpose: transpose, spec: spec, into: &tracks)
        return (condition, tracks)
    }

    /// Notes per role from one window of generator output (`spec.tracksCount` floats from `base`), steps relative
    /// to the window. A pitched note starts where its sustain switches on or where the onset plane marks a
    /// re-strike inside a sustained run, and lasts while the sustain stays on. Drums: one-step hits where the
    /// onset (or, without one, the sustain) switches on.
    /// `thresholds` gives each role's levels (`NoteThresholds`; nil: tanh's midpoint 0 for all); with them, `scale`
    /// (the melody's key, `MelodyKey`), `bars` (the window's bar starts, relative; nil: every 16 steps) and
    /// `chords` (the melody's chord per bar, `MelodyHarmony`) serve their key prior, bar reading and harmony prior.
    public static func decode(_ values: [Float], base: Int = 0, spec: WindowSpec, thresholds: NoteThresholds? = nil,
                              scale: [Bool]? = nil, bars: [Int]? = nil, chords: [[Bool]?]? = nil) -> [[StepNote]] {
        let penalties = thresholds?.rowPenalties(spec: spec, scale: scale)
        let bars = bars ?? Array(stride(from: 0, to: spec.steps, by: 4 * StepGrid.stepsPerBeat))
        return spec.roles.indices.map { k in
            let levels = thresholds?.thresholds(for: spec.roles[k]) ?? NoteThresholds.Role(role: spec.roles[k], sustain: 0, onset: 0)
            let reading = NoteThresholds.read(values, base: base, spec: spec, role: k, levels: levels,
                                              penalties: penalties, bars: bars, chords: chords)
            return notes(of: reading, spec: spec, levels: levels)
        }
    }

    /// The notes of one role's window as read (`NoteThresholds.read`) against its `levels`.
    static func notes(of reading: NoteThresholds.Reading, spec: WindowSpec, levels: NoteThresholds.Role) -> [StepNote] {
        let pitches = spec.pitchCount
        let drums = levels.role == .drums
        let line = levels.monophonic && !drums
            ? monophonicLine(steps: spec.steps, pitches: pitches, threshold: levels.sustain, hold: levels.hold ?? 0,
                             margin: levels.margin ?? NoteThresholds.switchMargin) {
                reading.sustain[$0 * pitches + $1]
            }
            : nil
        var notes: [StepNote] = []
        for r in 0..<pitches {
            let pitch = UInt8(spec.lowestPitch + r)
            func sounds(_ t: Int) -> Bool {
                if let line { return line[t] == r }
                return reading.sustain[t * pitches + r] > levels.sustain
            }
            func starts(_ t: Int) -> Bool? { reading.onset.map { $0[t * pitches + r] > levels.onset } }
            var open = -1
            for t in 0...spec.steps {
                let s = t < spec.steps && sounds(t)
                if drums {
                    let hit = t < spec.steps && (starts(t) ?? (s && (t == 0 || !sounds(t - 1))))
                    if hit { notes.append(StepNote(pitch: pitch, start: t, end: t + 1)) }
                    continue
                }
                let restrike = s && open >= 0 && t > open && (starts(t) ?? false)
                if open >= 0 && (!s || restrike) { notes.append(StepNote(pitch: pitch, start: open, end: t)); open = -1 }
                if s && open < 0 { open = t }
            }
        }
        return notes.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
    }

    /// The pitch row a monophonic part (a bass line) sounds at each step, −1 where it is silent: the strongest
    /// above `threshold`, except that a sounding pitch holds while it stays above `threshold − hold` and no other
    /// is stronger by `margin`.
    /// (Strongest-only split held notes wherever two pitches ran neck and neck: rock-unet's bass had 35 % of its
    /// notes shorter than an eighth against none in the data. Its lowest pitch that is on followed the melody's
    /// harmony a little better but split notes more.)
    static func monophonicLine(steps: Int, pitches: Int, threshold: Float, hold: Float = 0,
                               margin: Float = NoteThresholds.switchMargin, value: (Int, Int) -> Float) -> [Int] {
        var current = -1
        return (0..<steps).map { t in
            let best = (0..<pitches).max { value(t, $0) < value(t, $1) }!
            if current >= 0, value(t, current) > threshold - hold, value(t, best) - value(t, current) < margin {
                return current
            }
            current = value(t, best) > threshold ? best : -1
            return current
        }
    }
}
