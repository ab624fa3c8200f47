import XCTest
@testable import MusicCore

/// Notes played one after another, each `beats` quarter notes long (480 ticks per quarter).
private func line(_ pitches: [Int], beats: [Int]? = nil, from start: Int = 0) -> [Note] {
    var tick = start
    return pitches.enumerated().map { i, p in
        let length = 480 * (beats?[i] ?? 1)
        defer { tick += length }
        return Note(pitch: UInt8(p), start: tick, duration: length)
    }
}

/// Block chords, one per bar (4 beats), each given as pitches.
private func blocks(_ chords: [[Int]], from start: Int) -> [Note] {
    chords.enumerated().flatMap { i, chord in chord.map { Note(pitch: UInt8($0), start: start + i * 1920, duration: 1920) } }
}

private func song(_ notes: [Note], drums: [Note] = []) -> Song {
    var tracks = [Track(name: "piano", role: .chords, notes: notes.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) })]
    if !drums.isEmpty { tracks.append(Track(name: "kit", isDrum: true, channel: 9, role: .drums, notes: drums)) }
    return Song(tracks: tracks)
}

/// A major key's material: the scale up and down ending on a long tonic, then I–IV–V7–I.
private func majorPiece(_ tonic: Int) -> [Note] {
    let t = 48 + tonic
    let scale = [0, 2, 4, 5, 7, 9, 11, 12, 11, 9, 7, 5, 4, 2, 0].map { t + 12 + $0 }
    let melody = line(scale, beats: Array(repeating: 1, count: 14) + [4])
    let cadence = blocks([[t, t + 4, t + 7], [t + 5, t + 9, t + 12], [t + 7, t + 11, t + 14, t + 17], [t, t + 4, t + 7]],
                         from: 18 * 480)
    return melody + cadence
}

/// A minor key's material: the harmonic minor scale up and down ending on a long tonic, then i–iv–V7–i.
private func minorPiece(_ tonic: Int) -> [Note] {
    let t = 48 + tonic
    let scale = [0, 2, 3, 5, 7, 8, 11, 12, 11, 8, 7, 5, 3, 2, 0].map { t + 12 + $0 }
    let melody = line(scale, beats: Array(repeating: 1, count: 14) + [4])
    let cadence = blocks([[t, t + 3, t + 7], [t + 5, t + 8, t + 12], [t + 7, t + 11, t + 14, t + 17], [t, t + 3, t + 7]],
                         from: 18 * 480)
    return melody + cadence
}

final class KeyFinderTests: XCTestCase {
    func testScalesAndCadencesInAll24Keys() throws {
        for tonic in 0..<12 {
            let major = try XCTUnwrap(KeyFinder.estimate(song(majorPiece(tonic))))
            XCTAssertEqual(major.key, Key(tonic: tonic, mode: .major), "\(Key(tonic: tonic, mode: .major)) found \(major.key)")
            XCTAssertGreaterThan(major.correlation, 0.8)
            let minor = try XCTUnwrap(KeyFinder.estimate(song(minorPiece(tonic))))
            XCTAssertEqual(minor.key, Key(tonic: tonic, mode: .minor), "\(Key(tonic: tonic, mode: .minor)) found \(minor.key)")
            XCTAssertGreaterThan(minor.correlation, 0.8)
        }
    }

    func testTwinkleIsInCAndGreensleevesStyleLineIsInAMinor() throws {
        // Twinkle, Twinkle: C C G G A A G(2) F F E E D D C(2).
        let twinkle = line([60, 60, 67, 67, 69, 69, 67, 65, 65, 64, 64, 62, 62, 60], beats: [1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 2])
        XCTAssertEqual(KeyFinder.estimate(song(twinkle))?.key.description, "C major")
        // A minor line stressing A, C, E and the raised G#.
        let aMinor = line([57, 60, 64, 69, 68, 69, 64, 60, 59, 57], beats: [2, 1, 1, 2, 1, 2, 1, 1, 1, 4])
        XCTAssertEqual(KeyFinder.estimate(song(aMinor))?.key.description, "A minor")
    }

    func testRankingCoversAll24KeysBestFirst() throws {
        let estimate = try XCTUnwrap(KeyFinder.estimate(song(majorPiece(7))))
        XCTAssertEqual(estimate.ranking.count, 24)
        XCTAssertEqual(Set(estimate.ranking.map(\.key)).count, 24)
        XCTAssertEqual(estimate.ranking.first?.key, estimate.key)
        XCTAssertEqual(estimate.ranking.first?.correlation, estimate.correlation)
        let scores = estimate.ranking.map(\.correlation)
        XCTAssertEqual(scores, scores.sorted(by: >))
        XCTAssertTrue(scores.allSatisfy { (-1.0...1.0).contains($0) })
        XCTAssertGreaterThan(estimate.margin, 0)
    }

    func testDurationWeightsTheProfile() {
        let notes = [Note(pitch: 60, start: 0, duration: 100), Note(pitch: 72, start: 0, duration: 50),
                     Note(pitch: 64, start: 100, duration: 25)]
        let profile = KeyFinder.pitchClassProfile(notes)
        XCTAssertEqual(profile[0], 150)
        XCTAssertEqual(profile[4], 25)
        XCTAssertEqual(profile.reduce(0, +), 175)
    }

    func testDrumsAreIgnoredAndSilenceGivesNoKey() {
        // Loud F# "drums" (bass-drum keys) would pull a pitch profile away from C major if counted.
        let drums = (0..<64).map { Note(pitch: 42, start: $0 * 240, duration: 240) }
        XCTAssertEqual(KeyFinder.estimate(song(majorPiece(0), drums: drums))?.key, Key(tonic: 0, mode: .major))
        XCTAssertNil(KeyFinder.estimate(Song()))
        XCTAssertNil(KeyFinder.estimate(Song(tracks: [Track(name: "kit", isDrum: true, channel: 9, role: .drums, notes: drums)])))
        // All twelve pitch classes equally long: no tonal centre.
        XCTAssertNil(KeyFinder.estimate(song(line(Array(60..<72)))))
        XCTAssertNil(KeyFinder.estimate(pitchClassWeights: [1, 2, 3]))
    }

    func testTranspositionMovesTheKeyBySameInterval() throws {
        let base = try XCTUnwrap(KeyFinder.estimate(song(minorPiece(2))))
        for shift in 1..<12 {
            let moved = minorPiece(2).map { Note(pitch: $0.pitch + UInt8(shift), start: $0.start, duration: $0.duration) }
            let estimate = try XCTUnwrap(KeyFinder.estimate(song(moved)))
            XCTAssertEqual(estimate.key, Key(tonic: base.key.tonic + shift, mode: base.key.mode))
            XCTAssertEqual(estimate.correlation, base.correlation, accuracy: 1e-9)
        }
    }

    func testKeyNamesAreSpelledPerKey() {
        let majors = (0..<12).map { Key(tonic: $0, mode: .major).description }
        XCTAssertEqual(majors, ["C major", "Db major", "D major", "Eb major", "E major", "F major", "F# major", "G major",
                                "Ab major", "A major", "Bb major", "B major"])
        let minors = (0..<12).map { Key(tonic: $0, mode: .minor).description }
        XCTAssertEqual(minors, ["C minor", "C# minor", "D minor", "Eb minor", "E minor", "F minor", "F# minor", "G minor",
                                "G# minor", "A minor", "Bb minor", "B minor"])
        XCTAssertEqual(Key(tonic: 11, mode: .major).spell(pitchClass: 10), "A#")
        XCTAssertEqual(Key(tonic: 5, mode: .major).spell(pitchClass: 10), "Bb")
        XCTAssertEqual(Key(tonic: 2, mode: .minor).spell(pitchClass: 10), "Bb")
        XCTAssertEqual(Key(tonic: 4, mode: .minor).spell(pitchClass: 6), "F#")
        XCTAssertEqual(Key(tonic: 3, mode: .minor).spell(pitchClass: 6), "Gb")
        XCTAssertEqual(Key(tonic: 0, mode: .major).spell(pitchClass: 10), "Bb")
        XCTAssertEqual(Key(tonic: 9, mode: .minor).spell(pitchClass: 8), "G#", "leading tone of A minor")
        XCTAssertEqual(Key(tonic: 2, mode: .minor).spell(pitchClass: 1), "C#", "leading tone of D minor")
        XCTAssertEqual(Key(tonic: 3, mode: .minor).spell(pitchClass: 2), "D")
        XCTAssertEqual(Key(tonic: 0, mode: .major).spell(pitchClass: 8), "Ab")
        XCTAssertEqual(Key(tonic: -1, mode: .major).description, "B major")
    }
}
