import MusicCore

/// What sounds where in a roll, binarized once: for every track and step, the number of sounding pitches of each
/// pitch class (real octave folding: MIDI pitch % 12) and in total, plus the notes (honouring re-strikes).
/// Every metric reads this instead of the raw values, so no metric can see a tanh value.
struct RollActivity {
    let tracks: Int
    let steps: Int
    /// Sounding pitches per pitch class: index `(track * steps + step) * 12 + pitchClass`.
    private(set) var chroma: [Int32]
    /// Sounding pitches per step: index `track * steps + step`.
    private(set) var sounding: [Int32]
    /// Notes per track in steps, sorted by start.
    let notes: [[NoteSpan]]

    /// A note on the grid: MIDI pitch, first step, length in steps.
    struct NoteSpan: Hashable {
        var pitch: Int
        var start: Int
        var length: Int
    }

    init(_ roll: PianoRoll, threshold: Float?) {
        let cut = threshold ?? roll.range.threshold
        let layout = roll.layout
        tracks = layout.trackCount
        steps = roll.stepCount
        var chroma = [Int32](repeating: 0, count: tracks * steps * 12)
        var sounding = [Int32](repeating: 0, count: tracks * steps)
        let pitchClasses = (0..<layout.pitchCount).map { (layout.lowestPitch + $0) % 12 }
        let (tracks, steps, pitches) = (self.tracks, self.steps, layout.pitchCount)
        roll.values.withUnsafeBufferPointer { cells in
            chroma.withUnsafeMutableBufferPointer { chroma in
                sounding.withUnsafeMutableBufferPointer { sounding in
                    // Cells are (step, row, track) in memory order; only the few that sound are located.
                    func record(_ i: Int) {
                        let track = i % tracks, rowStep = i / tracks
                        let step = rowStep / pitches, pc = pitchClasses[rowStep % pitches]
                        chroma[(track * steps + step) * 12 + pc] += 1
                        sounding[track * steps + step] += 1
                    }
                    // Eight cells at a time: most of a roll is silent, so most groups are skipped at once.
                    let count = cells.count, base = UnsafeRawPointer(cells.baseAddress)
                    var i = 0
                    while i + 8 <= count {
                        if any(base!.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) .> cut) {
                            for j in i..<i + 8 where cells[j] > cut { record(j) }
                        }
                        i += 8
                    }
                    for j in i..<count where cells[j] > cut { record(j) }
                }
            }
        }
        self.chroma = chroma
        self.sounding = sounding
        // Ticks per quarter = steps per quarter, so a note's ticks are its steps.
        let song = roll.song(options: RollToSongOptions(threshold: cut, ticksPerQuarter: layout.stepsPerBeat))
        notes = song.tracks.map { track in
            track.notes.map { NoteSpan(pitch: Int($0.pitch), start: $0.start, length: $0.duration) }
        }
    }

    /// Sounding pitches of `track` at `step`.
    func soundingCount(track: Int, step: Int) -> Int { Int(sounding[track * steps + step]) }

    /// Pitch-class counts of `track` summed over `steps` (12 entries), into `out`.
    func addChroma(track: Int, steps range: Range<Int>, into out: inout [Double]) {
        for step in range {
            let base = (track * steps + step) * 12
            for pc in 0..<12 { out[pc] += Double(chroma[base + pc]) }
        }
    }

    /// Bit mask of the pitch classes `track` sounds during `steps`.
    func pitchClassMask(track: Int, steps range: Range<Int>) -> UInt16 {
        var mask: UInt16 = 0
        for step in range {
            let base = (track * steps + step) * 12
            for pc in 0..<12 where chroma[base + pc] > 0 { mask |= 1 << pc }
        }
        return mask
    }
}
