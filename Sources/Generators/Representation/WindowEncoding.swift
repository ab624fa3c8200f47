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

    /// Writes notes into plane `sustain` (and `onset`, if given) of `out` at window offset `start`.
    /// Drum hits are transposed by nothing and dropped when out of range.
    static func draw(_ notes: [StepNote], from start: Int, transpose: Int, drums: Bool, spec: WindowSpec,
                     sustain: Int, onset: Int?, into out: inout [Float], base: Int) {
        let plane = spec.steps * spec.pitchCount, end = start + spec.steps
        for note in notes where note.end > start && note.start < end {
            let pitch = Int(note.pitch) + (drums ? 0 : transpose)
            guard let r = drums ? (spec.lowestPitch...spec.highestPitch ~= pitch ? pitch - spec.lowestPitch : nil)
                                : row(pitch, spec) else { continue }
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
    /// `thresholds` gives each role's (sustain, onset) thresholds (`NoteThresholds`); roles without use `threshold`.
    public static func decode(_ values: [Float], base: Int = 0, spec: WindowSpec, threshold: Float = 0,
                              thresholds: NoteThresholds? = nil) -> [[StepNote]] {
        let plane = spec.steps * spec.pitchCount, pitches = spec.pitchCount
        return spec.roles.indices.map { k in
            let sustain = spec.channel(role: k, .sustain)!, onset = spec.channel(role: k, .onset)
            let drums = spec.roles[k] == .drums
            let levels = thresholds?.thresholds(for: spec.roles[k])
                ?? NoteThresholds.Role(role: spec.roles[k], sustain: threshold, onset: threshold)
            // A monophonic part (a bass line) sounds only each step's strongest pitch. (Its lowest pitch that is on
            // followed the melody's harmony a little better but split notes: rock-unet's bass QN fell from 70 % to
            // 48 %.)
            let strongest: [Int]? = levels.monophonic && !drums ? (0..<spec.steps).map { t in
                let row = base + sustain * plane + t * pitches
                return (0..<pitches).max { values[row + $0] < values[row + $1] }!
            } : nil
            var notes: [StepNote] = []
            for r in 0..<pitches {
                let pitch = UInt8(spec.lowestPitch + r)
                func on(_ channel: Int, _ t: Int) -> Bool {
                    if channel == sustain, let strongest, strongest[t] != r { return false }
                    return values[base + channel * plane + t * pitches + r] > (channel == sustain ? levels.sustain : levels.onset)
                }
                var open = -1
                for t in 0...spec.steps {
                    let s = t < spec.steps && on(sustain, t)
                    if drums {
                        let hit = t < spec.steps && (onset.map { on($0, t) } ?? (s && (t == 0 || !on(sustain, t - 1))))
                        if hit { notes.append(StepNote(pitch: pitch, start: t, end: t + 1)) }
                        continue
                    }
                    let restrike = s && open >= 0 && t > open && (onset.map { on($0, t) } ?? false)
                    if open >= 0 && (!s || restrike) { notes.append(StepNote(pitch: pitch, start: open, end: t)); open = -1 }
                    if s && open < 0 { open = t }
                }
            }
            return notes.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
        }
    }
}
