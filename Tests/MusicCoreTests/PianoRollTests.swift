import XCTest
@testable import MusicCore

/// Deterministic generator so randomized round trips are reproducible.
private struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// (pitch, start, duration) of a note, ignoring velocity, which rolls do not keep.
private struct Shape: Hashable, Comparable, CustomStringConvertible {
    var pitch: Int, start: Int, duration: Int
    init(_ n: Note) { pitch = Int(n.pitch); start = n.start; duration = n.duration }
    static func < (a: Shape, b: Shape) -> Bool { (a.start, a.pitch, a.duration) < (b.start, b.pitch, b.duration) }
    var description: String { "p\(pitch)@\(start)+\(duration)" }
}

private func shapes(_ notes: [Note]) -> [Shape] { notes.map(Shape.init).sorted() }

private func track(_ role: TrackRole, _ notes: [Note], program: UInt8 = 0) -> Track {
    Track(name: role.rawValue, program: program, isDrum: role == .drums, channel: role == .drums ? 9 : 0, role: role, notes: notes)
}

private let byRole = SongToRollOptions(mapping: .byTrackRole)

final class PianoRollTests: XCTestCase {
    // MARK: Layout

    func testDefaultLayoutShapeAndFlatIndexOrder() throws {
        let layout = PianoRollLayout()
        XCTAssertEqual(layout.stepsPerBar, 16)
        XCTAssertEqual(layout.lowestPitch, 24)
        XCTAssertEqual(layout.highestPitch, 107)
        XCTAssertEqual(layout.roles, [.melody, .drums, .bass, .chords, .pad])
        var roll = try PianoRoll(layout: layout, bars: 2)
        XCTAssertEqual(roll.shape, [2, 16, 84, 5])
        XCTAssertEqual(roll.values.count, 2 * 16 * 84 * 5)
        // Row-major [bar, step, pitch, track]: the track is the fastest-moving index, then pitch, step, bar.
        roll[bar: 1, step: 3, pitch: 60, track: 2] = 1
        let flat = ((1 * 16 + 3) * 84 + (60 - 24)) * 5 + 2
        XCTAssertEqual(roll.values[flat], 1)
        XCTAssertEqual(roll.values.filter { $0 != 0 }.count, 1)
        XCTAssertEqual(roll.index(step: 19, row: 36, track: 2), flat)
    }

    func testMeterDerivesStepsPerBar() throws {
        XCTAssertEqual(PianoRollLayout(beatsPerBar: 3, beatUnit: 4).stepsPerBar, 12)
        XCTAssertEqual(PianoRollLayout(beatsPerBar: 6, beatUnit: 8).stepsPerBar, 12)
        XCTAssertEqual(PianoRollLayout.lpd5.stepsPerBar, 48)
        XCTAssertEqual(PianoRollLayout.deepComposer.stepsPerBar * 2, 32)
        XCTAssertThrowsError(try PianoRollLayout(stepsPerBeat: 1, beatsPerBar: 7, beatUnit: 16).validate()) { error in
            XCTAssertTrue("\(error)".contains("7/16"), "\(error)")
        }
        XCTAssertThrowsError(try PianoRollLayout(lowestPitch: 100, pitchCount: 40).validate())
        XCTAssertThrowsError(try PianoRollLayout(roles: []).validate())
        XCTAssertThrowsError(try PianoRollLayout(stepsPerBeat: 0).validate())
    }

    // MARK: Song → roll

    func testNotesFillTheirStepsInTheirRolesChannel() throws {
        let song = Song(tracks: [
            track(.bass, [Note(pitch: 36, start: 0, duration: 960)]),
            track(.melody, [Note(pitch: 72, start: 480, duration: 240)]),
        ])
        let roll = try PianoRoll(song: song, options: byRole)
        XCTAssertEqual(roll.bars, 1)
        let bass = 2, melody = 0
        for step in 0..<16 {
            XCTAssertEqual(roll[step, 36 - 24, bass], step < 8 ? 1 : 0, "bass step \(step)")
            XCTAssertEqual(roll[step, 72 - 24, melody], (4..<6).contains(step) ? 1 : 0, "melody step \(step)")
        }
        XCTAssertEqual(roll.activeCount(), 10)
        XCTAssertEqual(roll.bpm, 120)
    }

    func testNotesOffTheGridRoundToTheNearestStep() throws {
        // 120 ticks per step: a note from tick 50 to 430 covers steps round(0.42)=0 ..< round(3.58)=4.
        let song = Song(tracks: [track(.melody, [Note(pitch: 60, start: 50, duration: 380),
                                                 Note(pitch: 62, start: 500, duration: 10)])])
        let roll = try PianoRoll(song: song, options: byRole)
        XCTAssertEqual((0..<6).map { roll[$0, 36, 0] }, [1, 1, 1, 1, 0, 0])
        // A note shorter than a step still takes one step.
        XCTAssertEqual((0..<6).map { roll[$0, 38, 0] }, [0, 0, 0, 0, 1, 0])
    }

    func testPitchesOutsideTheRangeFoldByOctaves() throws {
        let song = Song(tracks: [track(.melody, [Note(pitch: 12, start: 0, duration: 120),   // C0 → C1
                                                 Note(pitch: 23, start: 120, duration: 120),  // B0 → B1
                                                 Note(pitch: 120, start: 240, duration: 120), // C9 → C7
                                                 Note(pitch: 107, start: 360, duration: 120)])]) // B7 stays
        let roll = try PianoRoll(song: song, options: byRole)
        XCTAssertEqual(roll[0, 24 - 24, 0], 1)
        XCTAssertEqual(roll[1, 35 - 24, 0], 1)
        XCTAssertEqual(roll[2, 96 - 24, 0], 1)
        XCTAssertEqual(roll[3, 107 - 24, 0], 1)
        XCTAssertEqual(roll.activeCount(), 4)
        let back = roll.song()
        XCTAssertEqual(back.tracks[0].notes.map(\.pitch), [24, 35, 96, 107])
    }

    func testRolesByProgramFamilyAndTheMissingRolePolicy() throws {
        let song = Song(tracks: [
            Track(name: "kit", program: 0, isDrum: true, channel: 9, role: .melody, notes: [Note(pitch: 36, start: 0, duration: 120)]),
            Track(name: "fingered", program: 33, channel: 1, role: .melody, notes: [Note(pitch: 40, start: 0, duration: 120)]),
            Track(name: "nylon", program: 24, channel: 2, role: .melody, notes: [Note(pitch: 64, start: 0, duration: 120)]),
        ])
        let expectedGuitarRole = GeneralMIDI.role(forProgram: 24, isDrum: false)
        XCTAssertEqual(expectedGuitarRole, .guitar)
        let dropped = try PianoRoll(song: song)  // default: by program, missing roles dropped
        XCTAssertEqual(dropped[0, 36 - 24, 1], 1, "drums by the drum flag")
        XCTAssertEqual(dropped[0, 40 - 24, 2], 1, "program 33 is a bass")
        XCTAssertEqual(dropped.activeCount(), 2, "the guitar has no channel in the default layout")
        let nearest = try PianoRoll(song: song, options: SongToRollOptions(missingRole: .nearest))
        XCTAssertEqual(nearest[0, 64 - 24, 3], 1, "guitar goes to chords, its nearest role")
        XCTAssertEqual(nearest.activeCount(), 3)
        // The LPD-5 layout has a guitar channel.
        let lpd = try PianoRoll(song: song, layout: .lpd5)
        XCTAssertEqual(lpd.shape, [1, 48, 84, 5])
        XCTAssertEqual(lpd[0, 64 - 24, 2], 1)
        XCTAssertEqual(lpd[0, 36 - 24, 0], 1)
    }

    func testTracksOfOneRoleMergeAndRepeatedRolesFillTheirChannelsInTurn() throws {
        let a = track(.chords, [Note(pitch: 60, start: 0, duration: 480)])
        let b = track(.chords, [Note(pitch: 64, start: 0, duration: 480), Note(pitch: 60, start: 240, duration: 480)])
        let merged = try PianoRoll(song: Song(tracks: [a, b]), options: byRole)
        XCTAssertEqual((0..<8).map { merged[$0, 36, 3] }, [1, 1, 1, 1, 1, 1, 0, 0], "union of both C4 notes")
        XCTAssertEqual(merged[0, 40, 3], 1)
        // DeepComposer's layout has two chords channels: the first chords track takes the first, the next the second.
        let soprano = track(.melody, [Note(pitch: 72, start: 0, duration: 480)])
        let bass = track(.bass, [Note(pitch: 48, start: 0, duration: 480)])
        let chorale = try PianoRoll(song: Song(tracks: [soprano, a, b, bass]), layout: .deepComposer, options: byRole)
        XCTAssertEqual(chorale.shape, [1, 16, 128, 4])
        XCTAssertEqual(chorale[0, 72, 0], 1)
        XCTAssertEqual(chorale[0, 60, 1], 1)
        XCTAssertEqual(chorale[0, 64, 2], 1)
        XCTAssertEqual(chorale[0, 60, 2], 0)
        XCTAssertEqual(chorale[0, 48, 3], 1)
        // By index: track i → channel i, surplus dropped.
        let byIndex = try PianoRoll(song: Song(tracks: [bass, soprano, a, b, bass]), layout: .deepComposer,
                                    options: SongToRollOptions(mapping: .byIndex))
        XCTAssertEqual(byIndex[0, 48, 0], 1)
        XCTAssertEqual(byIndex[0, 72, 1], 1)
        XCTAssertEqual(byIndex.activeCount(), 4 * 4 + 2 + 2)
    }

    func testFixedBarCountPadsOrCuts() throws {
        let song = Song(tracks: [track(.melody, [Note(pitch: 60, start: 1440, duration: 960)])])  // steps 12..<20
        let natural = try PianoRoll(song: song, options: byRole)
        XCTAssertEqual(natural.bars, 2)
        let cut = try PianoRoll(song: song, options: SongToRollOptions(mapping: .byTrackRole, bars: 1))
        XCTAssertEqual(cut.bars, 1)
        XCTAssertEqual(cut.activeCount(), 4)
        let padded = try PianoRoll(song: song, options: SongToRollOptions(mapping: .byTrackRole, bars: 4))
        XCTAssertEqual(padded.shape, [4, 16, 84, 5])
        XCTAssertEqual(padded.activeCount(), 8)
        XCTAssertEqual(try PianoRoll(song: Song(), options: byRole).bars, 0)
    }

    func testBadSongsAndShapesAreRefusedWithOneLine() {
        XCTAssertThrowsError(try PianoRoll(song: Song(ticksPerQuarter: 0))) { error in
            XCTAssertEqual("\(error)", "cannot convert song to a piano roll: ticks per quarter must be 1...16777216, got 0")
        }
        XCTAssertThrowsError(try PianoRoll(layout: .standard, bars: 1, values: [0, 1]))
        XCTAssertThrowsError(try PianoRoll(song: Song(), options: SongToRollOptions(bars: -1)))
        // A note at an absurd tick (a corrupt file) is refused, not allocated for.
        let far = Song(tracks: [track(.melody, [Note(pitch: 60, start: Int(Int32.max), duration: 480)])])
        XCTAssertThrowsError(try PianoRoll(song: far, options: byRole)) { error in
            XCTAssertTrue("\(error)".contains("more than a piano roll holds"), "\(error)")
        }
        let huge = Song(tracks: [track(.melody, [Note(pitch: 60, start: Int.max / 2, duration: 480)])])
        XCTAssertThrowsError(try PianoRoll(song: huge, options: byRole))
        XCTAssertThrowsError(try PianoRoll(layout: .standard, bars: 1 << 20))
        XCTAssertEqual(try PianoRoll(song: far, options: SongToRollOptions(mapping: .byTrackRole, bars: 2)).activeCount(), 0,
                       "with a fixed length the far note is simply past the end")
        // Pitch bytes above 127 (a corrupt model) are skipped, not folded into range or crashed on.
        let bad = Song(tracks: [track(.melody, [Note(pitch: 200, start: 0, duration: 120)])])
        XCTAssertEqual(try PianoRoll(song: bad, options: byRole).activeCount(), 0)
    }

    // MARK: Roll → song

    func testConsecutiveStepsBecomeOneNote() throws {
        var roll = try PianoRoll(layout: .standard, bars: 2)
        for step in 2..<22 { roll[step, 40, 3] = 1 }  // across the bar line
        roll[25, 40, 3] = 1
        let song = roll.song()
        let chords = song.tracks[3]
        XCTAssertEqual(shapes(chords.notes), [Shape(Note(pitch: 64, start: 240, duration: 2400)),
                                              Shape(Note(pitch: 64, start: 3000, duration: 120))])
        XCTAssertEqual(song.tracks.map(\.notes.count), [0, 0, 0, 2, 0])
    }

    func testTracksGetRolesChannelsProgramsAndTempo() throws {
        var roll = try PianoRoll(layout: PianoRollLayout(beatsPerBar: 3), bars: 1, bpm: 96)
        roll[0, 12, 1] = 1
        let song = roll.song()
        XCTAssertEqual(song.tracks.map(\.role), [.melody, .drums, .bass, .chords, .pad])
        XCTAssertEqual(song.tracks.map(\.isDrum), [false, true, false, false, false])
        XCTAssertEqual(song.tracks.map(\.channel), [0, 9, 1, 2, 3])
        XCTAssertEqual(song.tracks.map(\.program), [73, 0, 33, 0, 48])
        // The default programs map back to the same roles, so the song converts back the same by program.
        XCTAssertEqual(try PianoRoll(song: song, layout: roll.layout), roll)
        XCTAssertEqual(song.tracks.map(\.name), ["Melody", "Drums", "Bass", "Chords", "Pad"])
        XCTAssertEqual(song.tempos, [TempoChange(tick: 0, bpm: 96)])
        XCTAssertEqual(song.timeSignatures, [TimeSignature(tick: 0, numerator: 3, denominator: 4)])
        // Many pitched channels skip channel 9.
        let wide = try PianoRoll(layout: PianoRollLayout(roles: Array(repeating: .chords, count: 12)), bars: 1).song()
        XCTAssertEqual(wide.tracks.map(\.channel), [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12])
        XCTAssertEqual(wide.tracks[1].name, "Chords 2")
        // Program overrides per channel.
        let custom = roll.song(options: RollToSongOptions(programs: [73, 0, 32, 0, 89]))
        XCTAssertEqual(custom.tracks.map(\.program), [73, 0, 32, 0, 89])
    }

    func testThresholdBinarizesRealValuedOutput() throws {
        // A tanh-like bipolar output: on above 0 by default.
        var values = [Float](repeating: -0.9, count: PianoRollLayout.standard.cellsPerBar)
        let layout = PianoRollLayout.standard
        func at(_ s: Int) -> Int { (s * layout.pitchCount + 36) * layout.trackCount }
        for (s, v) in [(0, 0.3), (1, 0.8), (2, 0.05), (3, -0.2), (4, 0.6), (5, 0.7)] as [(Int, Float)] { values[at(s)] = v }
        let roll = try PianoRoll(layout: layout, bars: 1, values: values, range: .bipolar)
        XCTAssertEqual(shapes(roll.song().tracks[0].notes), [Shape(Note(pitch: 60, start: 0, duration: 360)),
                                                             Shape(Note(pitch: 60, start: 480, duration: 240))])
        let strict = roll.song(options: RollToSongOptions(threshold: 0.5))
        XCTAssertEqual(shapes(strict.tracks[0].notes), [Shape(Note(pitch: 60, start: 120, duration: 120)),
                                                        Shape(Note(pitch: 60, start: 480, duration: 240))])
        let binary = roll.binarized()
        XCTAssertEqual(Set(binary.values), [-1, 1])
        XCTAssertEqual(binary.activeCount(), 5)
        XCTAssertEqual(roll.binarized(threshold: 0.5).activeCount(), 3)
        // Short fragments can be dropped (MuseGAN's qualified notes are 3+ steps).
        let qualified = roll.song(options: RollToSongOptions(minimumSteps: 3))
        XCTAssertEqual(shapes(qualified.tracks[0].notes), [Shape(Note(pitch: 60, start: 0, duration: 360))])
    }

    func testValueMappingBetweenUnipolarAndBipolar() throws {
        var roll = try PianoRoll(layout: .melodyOnly, bars: 1)
        roll[0, 10, 0] = 1
        roll[1, 10, 0] = 0.25
        let bipolar = roll.mapped(to: .bipolar)
        XCTAssertEqual(bipolar.range, .bipolar)
        XCTAssertEqual(bipolar[0, 10, 0], 1)
        XCTAssertEqual(bipolar[1, 10, 0], -0.5)
        XCTAssertEqual(bipolar[2, 10, 0], -1)
        XCTAssertEqual(Set(bipolar.values), [-1, -0.5, 1])
        XCTAssertEqual(bipolar.mapped(to: .unipolar), roll)
        XCTAssertEqual(bipolar.song(), roll.song())
    }

    // MARK: Round trips

    func testRepeatedTouchingNotesSurviveTheRoundTrip() throws {
        // Three C4 quarter notes back to back, then a half note: four notes, not one long one.
        let notes = [0, 480, 960].map { Note(pitch: 60, start: $0, duration: 480) } + [Note(pitch: 60, start: 1440, duration: 960)]
        let song = Song(tracks: [track(.melody, notes)])
        let roll = try PianoRoll(song: song, options: byRole)
        XCTAssertEqual(roll.reattacks.count, 3)
        XCTAssertEqual(shapes(roll.song().tracks[0].notes), shapes(notes))
        // Without the re-strike marks the steps merge into one note: the information really lives there.
        let merged = roll.song(options: RollToSongOptions(useReattacks: false)).tracks[0].notes
        XCTAssertEqual(shapes(merged), [Shape(Note(pitch: 60, start: 0, duration: 2400))])
        let unmarked = try PianoRoll(song: song, options: SongToRollOptions(mapping: .byTrackRole, recordReattacks: false))
        XCTAssertEqual(unmarked.song().tracks[0].notes.count, 1)
    }

    func testRandomGridSongsRoundTripExactly() throws {
        var random = SeededRandom(state: 0x5EED)
        for trial in 0..<60 {
            let threeFour = trial % 3 == 0
            let layout = PianoRollLayout(stepsPerBeat: [4, 4, 12, 2][trial % 4], beatsPerBar: threeFour ? 3 : 4)
            let tpq = [480, 96, 960, 240][trial % 4]
            let ticksPerStep = tpq / layout.stepsPerBeat
            var tracks: [Track] = []
            for role in layout.roles {
                var notes: [Note] = []
                // A few pitches per track; per pitch a monophonic line with gaps of 0 (touching) to 3 steps.
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let pitch = UInt8(Int.random(in: layout.lowestPitch...layout.highestPitch, using: &random))
                    guard !notes.contains(where: { $0.pitch == pitch }) else { continue }
                    var step = Int.random(in: 0...6, using: &random)
                    while step < layout.stepsPerBar * 6 {
                        let length = Int.random(in: 1...9, using: &random)
                        notes.append(Note(pitch: pitch, velocity: UInt8.random(in: 1...127, using: &random),
                                          start: step * ticksPerStep, duration: length * ticksPerStep))
                        step += length + [0, 0, 1, 3][Int.random(in: 0...3, using: &random)]
                    }
                }
                notes.sort { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
                tracks.append(track(role, notes))
            }
            let song = Song(tracks: tracks.shuffled(using: &random), ticksPerQuarter: tpq,
                            timeSignatures: [TimeSignature(numerator: layout.beatsPerBar, denominator: 4)])
            let roll = try PianoRoll(song: song, layout: layout, options: byRole)
            let back = roll.song(options: RollToSongOptions(ticksPerQuarter: tpq))
            XCTAssertEqual(back.timeSignatures.first?.numerator, layout.beatsPerBar)
            for original in song.tracks {
                let restored = back.tracks.first { $0.role == original.role }!
                XCTAssertEqual(shapes(restored.notes), shapes(original.notes), "trial \(trial) role \(original.role)")
                XCTAssertEqual(restored.notes.map(\.start), restored.notes.map(\.start).sorted(), "notes stay sorted")
            }
            // And again through the dense onset mask a generator would produce.
            let viaMask = try PianoRoll(layout: layout, bars: roll.bars, values: roll.values, onsets: roll.onsetMask())
            XCTAssertEqual(viaMask.song(options: RollToSongOptions(ticksPerQuarter: tpq)), back, "trial \(trial)")
            // Bipolar and back changes nothing.
            XCTAssertEqual(roll.mapped(to: .bipolar).song(options: RollToSongOptions(ticksPerQuarter: tpq)), back)
        }
    }

    func testOnsetMaskMarksEveryNoteStart() throws {
        let notes = [Note(pitch: 60, start: 0, duration: 240), Note(pitch: 60, start: 240, duration: 240),
                     Note(pitch: 60, start: 720, duration: 120)]
        let roll = try PianoRoll(song: Song(tracks: [track(.melody, notes)]), layout: .melodyOnly, options: byRole)
        let mask = roll.onsetMask()
        let onsets = (0..<roll.stepCount).filter { mask[roll.index(step: $0, row: 36, track: 0)] == 1 }
        XCTAssertEqual(onsets, [0, 2, 6])
        XCTAssertEqual(mask.reduce(0, +), 3)
    }

    // MARK: Slicing, joining, regrouping

    func testSegmentsAndConcatenationKeepNotesWhole() throws {
        // 10 bars; a long note crosses the bar-4 boundary and repeated notes touch across bar 8.
        var notes = [Note(pitch: 60, start: 3 * 1920 + 960, duration: 1920)]
        notes += [Note(pitch: 67, start: 7 * 1920, duration: 1920), Note(pitch: 67, start: 8 * 1920, duration: 1920 + 960)]
        let song = Song(tracks: [track(.melody, notes)])
        let roll = try PianoRoll(song: song, layout: .melodyOnly, options: byRole)
        XCTAssertEqual(roll.bars, 10)
        let windows = roll.segments(length: 4)
        XCTAssertEqual(windows.map(\.bars), [4, 4, 4])
        XCTAssertEqual(windows[2].activeCount(), 16 + 8, "last window padded with off")
        let joined = try PianoRoll.concatenate(windows)
        XCTAssertEqual(joined.bars, 12)
        XCTAssertEqual(joined.bars(0..<10), roll)
        XCTAssertEqual(shapes(joined.song().tracks[0].notes), shapes(notes))
        XCTAssertEqual(roll.segments(length: 4, hop: 2).count, 4)  // starts 0, 2, 4, 6 (6..<10 reaches the end)
        XCTAssertEqual(roll.segments(length: 4, padLast: false).count, 2)
        XCTAssertEqual(roll.segments(length: 4, hop: 1, padLast: false).count, 7)
        XCTAssertEqual(roll.bars(8..<10).reattacks.count, 1, "the re-strike on bar 8 moves with the slice")
        XCTAssertThrowsError(try PianoRoll.concatenate([roll, try PianoRoll(layout: .standard, bars: 1)]))
        XCTAssertThrowsError(try PianoRoll.concatenate([]))
    }

    func testSelectingStackingAndTheMelodyRoll() throws {
        let melody = [Note(pitch: 72, start: 0, duration: 480), Note(pitch: 72, start: 480, duration: 480)]
        let bass = [Note(pitch: 36, start: 0, duration: 960)]
        let song = Song(tracks: [track(.melody, melody), track(.bass, bass)])
        let roll = try PianoRoll(song: song, options: byRole)
        let conditioning = try XCTUnwrap(roll.melodyRoll())
        XCTAssertEqual(conditioning.shape, [1, 16, 84, 1])
        XCTAssertEqual(shapes(conditioning.song().tracks[0].notes), shapes(melody))
        let accompaniment = try roll.selecting(tracks: [1, 2, 3, 4])
        XCTAssertEqual(accompaniment.layout.roles, [.drums, .bass, .chords, .pad])
        let full = try PianoRoll.stacking([conditioning, accompaniment])
        XCTAssertEqual(full, roll)
        let swapped = try roll.selecting(tracks: [2, 0])
        XCTAssertEqual(swapped.song().tracks.map { shapes($0.notes) }, [shapes(bass), shapes(melody)])
        XCTAssertThrowsError(try roll.selecting(tracks: [5]))
        XCTAssertThrowsError(try PianoRoll.stacking([conditioning, try PianoRoll(layout: .melodyOnly, bars: 2)]))
        XCTAssertNil(try roll.selecting(tracks: [1]).melodyRoll())
    }

    func testMelodyConditioningRollTakesTheSkylineOfTheMelodyTrack() throws {
        let chords = Track(name: "Piano", program: 0, channel: 1, role: .chords, notes: [60, 64, 67].map {
            Note(pitch: $0, start: 0, duration: 1920)
        })
        // The melody part has a two-note chord on beat 2: only the top note is kept.
        let tune = Track(name: "Melody", program: 73, channel: 0, role: .chords, notes: [
            Note(pitch: 76, start: 0, duration: 480), Note(pitch: 79, start: 480, duration: 480),
            Note(pitch: 72, start: 480, duration: 480), Note(pitch: 77, start: 960, duration: 960),
        ])
        let song = Song(tracks: [chords, tune])
        let roll = try PianoRoll(melodyOf: song)
        XCTAssertEqual(roll.layout.roles, [.melody])
        XCTAssertEqual(roll.song().tracks[0].notes.map(\.pitch), [76, 79, 77])
        let explicit = try PianoRoll(melodyOf: song, track: 0, layout: .deepComposer, bars: 2, range: .bipolar)
        XCTAssertEqual(explicit.shape, [2, 16, 128, 1])
        XCTAssertEqual(explicit.song().tracks[0].notes.map(\.pitch), [67])
        XCTAssertThrowsError(try PianoRoll(melodyOf: song, track: 5))
        XCTAssertThrowsError(try PianoRoll(melodyOf: Song()))
    }
}
