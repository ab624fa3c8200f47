import MusicCore
@testable import Generators

/// Songs and MIDI bytes for the dataset tests: a band (melody, bass, chords, drums, optional pad) in any meter.
enum DatasetFixtures {
    /// `bars` bars of `numerator`/`denominator` at 480 ticks per quarter: a melody note on every eighth, a bass
    /// note per bar, a three-note chord per bar, a drum hit per eighth; `pad` adds a held string chord.
    static func band(bars: Int, numerator: Int = 4, denominator: Int = 4, pad: Bool = false, drums: Bool = true,
                     melodyName: String = "Melody", seed: Int = 0, meterChangeAt: (bar: Int, meter: Meter)? = nil) -> Song {
        let q = 480, eighth = 240
        let barTicks = numerator * q * 4 / denominator
        let total = bars * barTicks
        let scale: [UInt8] = [60, 62, 64, 65, 67, 69, 71, 72]
        var melody: [Note] = [], bass: [Note] = [], chords: [Note] = [], hits: [Note] = [], strings: [Note] = []
        for (i, t) in stride(from: 0, to: total, by: eighth).enumerated() {
            melody.append(Note(pitch: scale[(i * 3 + seed) % scale.count] + 12, start: t, duration: eighth - 10))
            hits.append(Note(pitch: i % 2 == 0 ? 36 : 42, start: t, duration: 60))
        }
        for b in 0..<bars {
            let root = UInt8(48 + [0, 5, 7, 0][(b + seed) % 4])
            bass.append(Note(pitch: root - 12, start: b * barTicks, duration: barTicks - 20))
            for p in [root, root + 4, root + 7] { chords.append(Note(pitch: p, start: b * barTicks, duration: barTicks - 20)) }
            if pad { strings.append(Note(pitch: root + 12, start: b * barTicks, duration: barTicks)) }
        }
        var tracks = [
            Track(name: melodyName, program: 73, channel: 0, role: .melody, notes: melody),
            Track(name: "Bass", program: 33, channel: 1, role: .bass, notes: bass),
            Track(name: "Piano", program: 0, channel: 2, role: .chords, notes: chords),
        ]
        if drums { tracks.append(Track(name: "Drums", isDrum: true, channel: 9, role: .drums, notes: hits)) }
        if pad { tracks.append(Track(name: "Strings", program: 48, channel: 3, role: .pad, notes: strings)) }
        var signatures = [TimeSignature(tick: 0, numerator: numerator, denominator: denominator)]
        if let change = meterChangeAt {
            signatures.append(TimeSignature(tick: change.bar * barTicks, numerator: change.meter.numerator,
                                            denominator: change.meter.denominator))
        }
        return Song(tracks: tracks, timeSignatures: signatures)
    }

    /// A melody alone (no accompaniment).
    static func melodyOnly(bars: Int) -> Song {
        var song = band(bars: bars)
        song.tracks = [song.tracks[0]]
        return song
    }

    /// A small mixed folder: 4/4, 3/4 and 6/8 bands, a melody alone, a corrupt file, a 5/4 piece, a short piece.
    static func folder() -> [(path: String, bytes: [UInt8])] {
        [
            ("rock/a.mid", band(bars: 8).midiFileBytes()),
            ("rock/b.mid", band(bars: 6, seed: 1).midiFileBytes()),
            ("rock/c.mid", band(bars: 5, seed: 2).midiFileBytes()),
            ("waltz/d.mid", band(bars: 8, numerator: 3, denominator: 4).midiFileBytes()),
            ("jig/e.mid", band(bars: 8, numerator: 6, denominator: 8, seed: 3).midiFileBytes()),
            ("solo.mid", melodyOnly(bars: 8).midiFileBytes()),
            ("broken.mid", Array("MThd".utf8) + [0, 0, 0, 6, 0, 1]),
            ("odd/five.mid", band(bars: 8, numerator: 5, denominator: 4).midiFileBytes()),
            ("short.mid", band(bars: 2).midiFileBytes()),
        ]
    }
}
