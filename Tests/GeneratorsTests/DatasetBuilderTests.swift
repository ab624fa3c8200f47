import XCTest
import MusicCore
@testable import Generators

final class DatasetBuilderTests: XCTestCase {
    func build(_ files: [(path: String, bytes: [UInt8])] = DatasetFixtures.folder(),
               _ configure: (inout DatasetBuildOptions) -> Void = { _ in }) -> DatasetFile {
        var options = DatasetBuildOptions()
        configure(&options)
        return DatasetBuilder.build(name: "test", files: files, options: options)
    }

    func testSkipsFilesWithTheirReasons() {
        let file = build()
        let reasons = Dictionary(uniqueKeysWithValues: file.summary.skipped.map { ($0.path, $0.reason) })
        XCTAssertEqual(reasons, ["solo.mid": .noAccompaniment, "broken.mid": .corrupt, "odd/five.mid": .meter,
                                 "short.mid": .tooShort])
        let broken = file.summary.skipped.first { $0.path == "broken.mid" }!
        XCTAssertFalse(broken.detail.isEmpty, "the MIDI reader's message is kept")
        XCTAssertTrue(file.summary.skipped.first { $0.path == "odd/five.mid" }!.detail.hasPrefix("5/4"))
        XCTAssertEqual(file.summary.filesSeen, 9)
        XCTAssertEqual(file.summary.filesUsed, 5)
        XCTAssertEqual(file.dataset.pieces.map(\.name), ["jig/e.mid", "rock/a.mid", "rock/b.mid", "rock/c.mid", "waltz/d.mid"])
    }

    func testMetersAreCountedAndFilterable() {
        let file = build()
        XCTAssertEqual(Set(file.summary.meters.map(\.meter)), [Meter(4, 4), Meter(3, 4), Meter(6, 8)])
        let onlyFourFour = build { $0.meters = [Meter(4, 4)] }
        XCTAssertEqual(onlyFourFour.dataset.pieces.count, 3)
        XCTAssertEqual(onlyFourFour.summary.skipped.filter { $0.reason == .meter }.count, 3)
        let fiveFour = build { $0.meters.append(Meter(5, 4)) }
        XCTAssertTrue(fiveFour.dataset.pieces.contains { $0.name == "odd/five.mid" })
    }

    func testTwelveEightAndTwoFourWindowsFollowTheirBars() {
        let file = build([("slow.mid", DatasetFixtures.band(bars: 6, numerator: 12, denominator: 8).midiFileBytes()),
                          ("march.mid", DatasetFixtures.band(bars: 8, numerator: 2, denominator: 4).midiFileBytes())]) {
            $0.validationShare = 0
        }
        let windows = Dictionary(grouping: file.dataset.trainWindows) { file.dataset.pieces[$0.piece].name }
        XCTAssertEqual(windows["slow.mid"]?.map(\.start), [0, 24, 48, 72, 96], "12/8 bars are 24 steps")
        XCTAssertEqual(windows["march.mid"]?.map(\.start), [0], "2/4: 8 bars fill exactly one window")
    }

    func testMeterChangesNeedEveryMeterAllowed() {
        let changing = DatasetFixtures.band(bars: 8, meterChangeAt: (4, Meter(3, 4))).midiFileBytes()
        let toFive = DatasetFixtures.band(bars: 8, meterChangeAt: (4, Meter(5, 4))).midiFileBytes()
        let file = build([("change.mid", changing), ("five.mid", toFive), ("a.mid", DatasetFixtures.band(bars: 8).midiFileBytes())])
        XCTAssertEqual(file.dataset.pieces.map(\.name), ["a.mid", "change.mid"])
        XCTAssertEqual(file.summary.skipped.map(\.path), ["five.mid"])
        XCTAssertEqual(file.summary.meterChangePieces, 1)
        XCTAssertEqual(file.pieces[1].meters, [Meter(4, 4), Meter(3, 4)])
    }

    func testWindowsStartOnBarLinesAndNeverRunAFullBarPastTheEnd() {
        let file = build()
        let all = file.dataset.trainWindows + file.dataset.validationWindows
        XCTAssertFalse(all.isEmpty)
        for w in all {
            let piece = file.dataset.pieces[w.piece]
            XCTAssertTrue(piece.barStarts.contains(w.start), "\(piece.name) window at \(w.start)")
            let lastBar = piece.stepCount - piece.barStarts.last!
            XCTAssertLessThan(w.start + 64 - piece.stepCount, lastBar)
        }
        // 8 bars of 4/4 (128 steps): windows at bars 0...4; the 3/4 piece (96 steps, bars of 12): 64-step windows
        // may start at 0, 12, 24 and 36 (ending at 100, 4 steps past the end).
        let a = file.dataset.pieces.firstIndex { $0.name == "rock/a.mid" }!
        let d = file.dataset.pieces.firstIndex { $0.name == "waltz/d.mid" }!
        XCTAssertEqual(all.filter { $0.piece == a }.map(\.start), [0, 16, 32, 48, 64])
        XCTAssertEqual(all.filter { $0.piece == d }.map(\.start), [0, 12, 24, 36])
        let hopTwo = build { $0.hopBars = 2 }
        let aHop = hopTwo.dataset.trainWindows + hopTwo.dataset.validationWindows
        XCTAssertEqual(aHop.filter { hopTwo.dataset.pieces[$0.piece].name == "rock/a.mid" }.map(\.start), [0, 32, 64])
    }

    func testWindowsWithoutAccompanimentAreDropped() {
        // Bars 0-3 melody only, then a band in bars 4-7: only windows reaching bar 4 are kept.
        var song = DatasetFixtures.band(bars: 8)
        for i in 1..<song.tracks.count { song.tracks[i].notes.removeAll { $0.start < 4 * 1920 } }
        let file = build([("late.mid", song.midiFileBytes())])
        XCTAssertEqual(file.dataset.trainWindows.map(\.start), [16, 32, 48, 64])
    }

    func testSplitIsByFileDeterministicAndSeeded() {
        let files = (0..<20).map { ("song\($0).mid", DatasetFixtures.band(bars: 5, seed: $0).midiFileBytes()) }
        let file = build(files)
        XCTAssertEqual(file.summary.validationPieces, 2)
        XCTAssertEqual(file.summary.trainPieces, 18)
        let trainPieces = Set(file.dataset.trainWindows.map(\.piece)), validationPieces = Set(file.dataset.validationWindows.map(\.piece))
        XCTAssertTrue(trainPieces.isDisjoint(with: validationPieces), "no piece on both sides")
        for p in validationPieces { XCTAssertTrue(file.dataset.isValidation[p]) }
        for p in trainPieces { XCTAssertFalse(file.dataset.isValidation[p]) }
        // Same input in another order: same bytes. Another seed: another split.
        XCTAssertEqual(build(files.reversed()).encoded(), file.encoded())
        let other = build(files) { $0.seed = 99 }
        XCTAssertNotEqual(other.dataset.isValidation, file.dataset.isValidation)
        // Two files: one held out. One file: none. Share 0: none.
        XCTAssertEqual(build(Array(files.prefix(2))).summary.validationPieces, 1)
        XCTAssertEqual(build(Array(files.prefix(1))).summary.validationPieces, 0)
        XCTAssertEqual(build(files) { $0.validationShare = 0 }.summary.validationPieces, 0)
    }

    func testRareRolesAreDroppedAndFolded() {
        // Pad in one file of six (17% < 20%): dropped, its notes fold into chords.
        var files = (0..<5).map { ("plain\($0).mid", DatasetFixtures.band(bars: 4, seed: $0).midiFileBytes()) }
        files.append(("strings.mid", DatasetFixtures.band(bars: 4, pad: true).midiFileBytes()))
        let file = build(files)
        XCTAssertEqual(file.dataset.settings.roles, [.drums, .bass, .chords])
        let strings = file.dataset.pieces.first { $0.name == "strings.mid" }!
        XCTAssertEqual(strings.part(.chords)?.notes.count, 4 * 3 + 4, "piano chords plus the folded pad notes")
        let pad = file.summary.roles.first { $0.role == .pad }!
        XCTAssertEqual(pad.pieces, 1)
        XCTAssertFalse(pad.kept)
        // With a lower threshold the pad stays.
        XCTAssertEqual(build(files) { $0.roleShare = 0.1 }.dataset.settings.roles, [.drums, .bass, .chords, .pad])
    }

    func testThinPartsAndShortMelodiesAreFiltered() {
        var song = DatasetFixtures.band(bars: 4, drums: false)
        song.tracks[1].notes = Array(song.tracks[1].notes.prefix(2))  // bass: 2 notes
        let file = build([("thin.mid", song.midiFileBytes())])
        XCTAssertNil(file.dataset.pieces.first?.part(.bass), "a 2-note bass is left out (min 4)")
        XCTAssertNotNil(file.dataset.pieces.first?.part(.chords))
        let strict = build([("thin.mid", song.midiFileBytes())]) { $0.minMelodyNotes = 100 }
        XCTAssertEqual(strict.summary.skipped.first?.reason, .noMelody)
    }

    func testNoteDensityPerRole() {
        let file = build([("a.mid", DatasetFixtures.band(bars: 8).midiFileBytes())])
        let roles = Dictionary(uniqueKeysWithValues: file.summary.roles.map { ($0.role, $0) })
        XCTAssertEqual(roles[.bass]?.notesPerBar, 1)
        XCTAssertEqual(roles[.chords]?.notesPerBar, 3)
        XCTAssertEqual(roles[.drums]?.notesPerBar, 8)
        XCTAssertEqual(file.summary.melodyNotesPerBar, 8)
        XCTAssertEqual(file.summary.bars, 8)
    }

    func testAbsurdlyLongFilesAreSkippedQuickly() {
        var song = DatasetFixtures.band(bars: 4)
        song.tracks[1].notes.append(Note(pitch: 40, start: 200_000_000, duration: 10))
        let file = build([("long.mid", song.midiFileBytes())])
        XCTAssertEqual(file.summary.skipped.map(\.reason), [.tooLong])
    }

    func testProgressReportsEveryFile() {
        var calls: [(Int, Int)] = []
        _ = DatasetBuilder.build(name: "p", files: DatasetFixtures.folder()) { calls.append(($0, $1)) }
        XCTAssertEqual(calls.map(\.0), Array(1...9))
        XCTAssertTrue(calls.allSatisfy { $0.1 == 9 })
    }

    func testUnreadableFilesAreSkippedWithTheReadersMessage() {
        let file = DatasetBuilder.build(name: "r", paths: ["x.mid", "y.mid"]) { path in
            path == "x.mid" ? .failure(DatasetError("Permission denied")) : .success(DatasetFixtures.band(bars: 4).midiFileBytes())
        }
        XCTAssertEqual(file.summary.skipped, [.init(path: "x.mid", reason: .unreadable, detail: "Permission denied")])
        XCTAssertEqual(file.dataset.pieces.count, 1)
    }

    func testReportNamesSkippedReasonsRolesAndMeters() {
        let text = DatasetReport.text(build(), contentHash: "0123456789abcdef")
        for expected in ["9 MIDI files: 5 used, 4 skipped", "not a readable MIDI file: broken.mid", "meter not allowed: odd/five.mid",
                         "no accompaniment: solo.mid (only a melody track)", "too short: short.mid", "hash 0123456789abcdef",
                         "bass", "notes per bar", "4/4 3", "3/4 1", "6/8 1"] {
            XCTAssertTrue(text.contains(expected), "missing '\(expected)' in\n\(text)")
        }
    }

    func testOptionProblemsNameTheFlagAndRange() {
        var options = DatasetBuildOptions()
        XCTAssertNil(options.problem)
        options.windowBars = 0
        XCTAssertEqual(options.problem, "--bars must be 1...16 (got 0)")
        options = .init()
        options.transpose = -1
        XCTAssertEqual(options.problem, "--transpose must be 0...12 semitones (got -1)")
        XCTAssertNil(Meter(parsing: "7/3"))
        XCTAssertEqual(Meter(parsing: "6/8"), Meter(6, 8))
    }
}
