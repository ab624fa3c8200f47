import XCTest
@testable import MusicCore

/// Pitches held together from `start` for `duration` ticks.
private func chord(_ pitches: [Int], start: Int = 0, duration: Int = 480) -> [Note] {
    pitches.map { Note(pitch: UInt8($0), start: start, duration: duration) }
}

private func song(_ notes: [Note], timeSignatures: [TimeSignature] = [TimeSignature()], key: Key? = nil) -> Song {
    Song(tracks: [Track(name: "keys", role: .chords, notes: notes.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) })],
         timeSignatures: timeSignatures, key: key)
}

/// The recognised chord of pitches held together (bass = lowest pitch).
private func recognize(_ pitches: [Int]) -> Chord? {
    ChordRecognizer.chords(notes: chord(pitches), boundaries: [0, 480]).first?.chord
}

final class ChordRecognizerTests: XCTestCase {
    func testEveryRootAndQualityInRootPosition() throws {
        for quality in Chord.Quality.allCases {
            for root in 0..<12 {
                let pitches = quality.intervals.map { 48 + root + $0 }
                let found = try XCTUnwrap(recognize(pitches))
                XCTAssertEqual(found.root, root, "\(quality) on \(root)")
                XCTAssertEqual(found.quality, quality, "root \(root)")
                XCTAssertEqual(found.bass, root)
            }
        }
    }

    func testInversionsKeepRootAndQuality() throws {
        // Symmetric or ambiguous sets (aug, dim7; sus2 = sus4 of the fifth) are left to the bass tie-break test.
        let unambiguous: [Chord.Quality] = [.major, .minor, .diminished, .dominant7, .major7, .minor7, .halfDiminished7]
        for quality in unambiguous {
            for root in 0..<12 {
                let tones = quality.intervals.map { 48 + root + $0 }
                for inversion in 1..<tones.count {
                    // Move the lowest `inversion` tones up an octave.
                    let voiced = Array(tones[inversion...]) + tones[..<inversion].map { $0 + 12 }
                    let found = try XCTUnwrap(recognize(voiced))
                    XCTAssertEqual(found.root, root, "\(quality) root \(root) inversion \(inversion)")
                    XCTAssertEqual(found.quality, quality, "root \(root) inversion \(inversion)")
                    XCTAssertEqual(found.bass, voiced[0] % 12)
                }
            }
        }
        XCTAssertEqual(recognize([52, 55, 60])?.slashName(), "C/E")
        XCTAssertEqual(recognize([60, 64, 69])?.slashName(), "Am/C")
        XCTAssertEqual(recognize([53, 57, 60, 64])?.slashName(), "Fmaj7")
    }

    func testBassBreaksTiesBetweenSymmetricChords() {
        // C E G# read from the bass: Caug, Eaug or G#aug.
        XCTAssertEqual(recognize([48, 52, 56])?.name(), "Caug")
        XCTAssertEqual(recognize([52, 56, 60])?.name(), "Eaug")
        XCTAssertEqual(recognize([56, 60, 64])?.name(), "Abaug")
        XCTAssertEqual(recognize([50, 53, 56, 59])?.name(), "Ddim7")
        XCTAssertEqual(recognize([48, 50, 55])?.name(), "Csus2")
        XCTAssertEqual(recognize([43, 48, 50])?.name(), "Gsus4")
    }

    func testChromaFoldsOctavesNotAdjacentSemitones() {
        // C major spread over five octaves: a reshape(12, 7) chroma would mix neighbouring semitones instead.
        XCTAssertEqual(recognize([24, 43, 64, 84, 103])?.name(), "C")
        XCTAssertEqual(recognize([33, 52, 72, 91, 103])?.name(), "Am7")
        let match = ChordRecognizer.recognize(chroma: [1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0])
        XCTAssertEqual(match?.chord.name(), "C")
        XCTAssertEqual(match?.score ?? 0, 1, accuracy: 1e-12)
    }

    func testSeventhsBeatTheirTriadsOnlyWhenTheSeventhSounds() {
        XCTAssertEqual(recognize([55, 59, 62, 65])?.name(), "G7")
        XCTAssertEqual(recognize([55, 59, 65])?.name(), "G7", "fifth omitted")
        XCTAssertEqual(recognize([55, 59, 62])?.name(), "G")
        XCTAssertEqual(recognize([57, 60, 64, 67])?.name(), "Am7")
        XCTAssertEqual(recognize([59, 62, 65, 69])?.name(), "Bm7b5")
        XCTAssertEqual(recognize([60, 64, 67, 71])?.name(), "Cmaj7")
    }

    func testChordPerBarAndPerBeatThroughAProgression() {
        // C | Am | (silence) | F | G7, plus a melody passing note that must not change the bar's chord.
        var notes = chord([48, 52, 55, 60], start: 0, duration: 1920)
        notes += chord([45, 52, 57, 60], start: 1920, duration: 1920)
        notes += chord([41, 53, 57, 60], start: 3 * 1920, duration: 1920)
        notes += chord([43, 53, 59, 62], start: 4 * 1920, duration: 1920)
        notes += [Note(pitch: 74, start: 1440, duration: 240)]  // D on the last eighth of bar 1
        let piece = song(notes)
        let bars = ChordRecognizer.chordsPerBar(piece)
        XCTAssertEqual(bars.map(\.name), ["C", "Am", "N.C.", "F", "G7"])
        XCTAssertEqual(bars.map(\.start), [0, 1920, 3840, 5760, 7680])
        XCTAssertTrue(bars.allSatisfy { $0.duration == 1920 })
        XCTAssertNil(bars[2].chord)
        let beats = ChordRecognizer.chordsPerBeat(piece)
        XCTAssertEqual(beats.count, 20)
        XCTAssertEqual(beats.map(\.name), ["C", "C", "C", "C", "Am", "Am", "Am", "Am"] + Array(repeating: "N.C.", count: 4)
                       + ["F", "F", "F", "F", "G7", "G7", "G7", "G7"])
    }

    func testDrumsAreIgnored() {
        var piece = song(chord([48, 52, 55], duration: 1920))
        piece.tracks.append(Track(name: "kit", isDrum: true, channel: 9, role: .drums,
                                  notes: (0..<8).map { Note(pitch: 37, start: $0 * 240, duration: 240) }))
        XCTAssertEqual(ChordRecognizer.chordsPerBar(piece).map(\.name), ["C"])
    }

    func testWaltzBarsAndMeterChanges() {
        // Two 3/4 bars (C, G) then a 4/4 bar (F): bar lines at 0, 1440, 2880, 4800.
        let notes = chord([48, 52, 55], start: 0, duration: 1440) + chord([43, 47, 50], start: 1440, duration: 1440)
            + chord([41, 45, 48], start: 2880, duration: 1920)
        let piece = song(notes, timeSignatures: [TimeSignature(tick: 0, numerator: 3, denominator: 4),
                                                 TimeSignature(tick: 2880, numerator: 4, denominator: 4)])
        let bars = ChordRecognizer.chordsPerBar(piece)
        XCTAssertEqual(bars.map(\.name), ["C", "G", "F"])
        XCTAssertEqual(bars.map(\.start), [0, 1440, 2880])
        XCTAssertEqual(bars.map(\.duration), [1440, 1440, 1920])
        XCTAssertEqual(ChordRecognizer.chordsPerBeat(piece).count, 3 + 3 + 4)
        // 6/8: two dotted-quarter beats per bar.
        let jig = song(chord([50, 54, 57], duration: 1440), timeSignatures: [TimeSignature(numerator: 6, denominator: 8)])
        XCTAssertEqual(ChordRecognizer.chordsPerBeat(jig).map(\.duration), [720, 720])
    }

    func testNamesAreSpelledInTheKey() {
        let bflat = song(chord([46, 50, 53], duration: 1920), key: Key(tonic: 5, mode: .major))
        XCTAssertEqual(ChordRecognizer.chordsPerBar(bflat).map(\.name), ["Bb"])
        let asharp = song(chord([46, 50, 53], duration: 1920), key: Key(tonic: 11, mode: .major))
        XCTAssertEqual(ChordRecognizer.chordsPerBar(asharp).map(\.name), ["A#"])
        XCTAssertEqual(Chord(root: 6, quality: .diminished).name(), "F#dim")
        XCTAssertEqual(Chord(root: 10, quality: .major7).name(), "Bbmaj7")
        XCTAssertEqual(Chord(root: 9, quality: .minor7).description, "Am7")
        XCTAssertEqual(Chord(root: 9, quality: .minor7).pitchClasses, [9, 0, 4, 7])
    }

    func testSilenceAndEmptyInput() {
        XCTAssertTrue(ChordRecognizer.chordsPerBar(Song()).isEmpty)
        XCTAssertNil(ChordRecognizer.recognize(chroma: Array(repeating: 0, count: 12)))
        XCTAssertNil(ChordRecognizer.recognize(chroma: [1, 2]))
        let gap = ChordRecognizer.chords(notes: chord([60, 64, 67]), boundaries: [0, 480, 960])
        XCTAssertEqual(gap.map(\.name), ["C", "N.C."])
        XCTAssertEqual(gap[1].score, 0)
    }
}

extension ChordRecognizerTests {
    func testAbsurdTicksDoNotHangTheAnalysis() {
        let far = song(chord([60, 64, 67], start: 0, duration: 480) + [Note(pitch: 60, start: Int(Int32.max) * 64, duration: 480)])
        let bars = ChordRecognizer.chordsPerBar(far)
        XCTAssertEqual(bars.count, ChordMeterGrid.maximumBars)
        XCTAssertEqual(bars.first?.name, "C")
    }
}
