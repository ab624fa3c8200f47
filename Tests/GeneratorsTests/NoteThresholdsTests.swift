import XCTest
import MusicCore
import NeuralEngine
@testable import Generators

/// The bass's sustain plane: pitches 48 and 50 near 0.5, 50 ahead by 0.1 on odd beats and behind by 0.1 on even
/// ones; every other cell silent.
final class NeckAndNeckGenerator: Module, AccompanimentGenerator {
    let window: WindowSpec
    init(window: WindowSpec) { self.window = window }
    var noiseShape: [Int] { [1] }
    func callAsFunction(_ condition: Tensor, _ noise: Tensor) -> Tensor {
        let n = condition.shape[0], spec = window, plane = spec.steps * spec.pitchCount
        var one = [Float](repeating: -1, count: spec.tracksCount)
        let sustain = spec.channel(role: 0, .sustain)!
        for t in 0..<spec.steps {
            let odd = (t / StepGrid.stepsPerBeat) % 2 == 1
            one[sustain * plane + t * spec.pitchCount + 48 - spec.lowestPitch] = 0.5
            one[sustain * plane + t * spec.pitchCount + 50 - spec.lowestPitch] = odd ? 0.6 : 0.4
        }
        return Tensor(shape: [n] + spec.tracksShape, data: Array((0..<n).map { _ in one }.joined()))
    }
}

/// Every track plane a ramp over pitch, the same at every step: the higher the pitch, the more "on".
final class RampGenerator: Module, AccompanimentGenerator {
    let window: WindowSpec
    init(window: WindowSpec) { self.window = window }
    var noiseShape: [Int] { [1] }
    func callAsFunction(_ condition: Tensor, _ noise: Tensor) -> Tensor {
        let n = condition.shape[0], spec = window
        var out: [Float] = []
        for _ in 0..<(n * spec.trackChannels * spec.steps) {
            out += (0..<spec.pitchCount).map { -0.8 + 0.05 * Float($0) }
        }
        return Tensor(shape: [n] + spec.tracksShape, data: out)
    }
}

final class NoteThresholdsTests: XCTestCase {
    func testQuantileLeavesTheRequestedShareAbove() {
        let values = (0..<100).map { Float($0) / 100 - 0.5 }
        XCTAssertEqual(NoteThresholds.quantile(values, onShare: 0.25), 0.245, accuracy: 1e-6)
        XCTAssertEqual(values.filter { $0 > NoteThresholds.quantile(values, onShare: 0.25) }.count, 25)
        XCTAssertEqual(values.filter { $0 > NoteThresholds.quantile(values, onShare: 1) }.count, 100)
        XCTAssertEqual(values.filter { $0 > NoteThresholds.quantile(values, onShare: 0) }.count, 0)
        XCTAssertEqual(NoteThresholds.quantile([5, 4, 3], onShare: 0.5), NoteThresholds.limit)
        XCTAssertEqual(NoteThresholds.quantile([], onShare: 0.5), 0)
    }

    /// The toy data's bass is one note at a time and always sounding; its chords hold a triad. Calibrated on a
    /// ramp, the bass becomes monophonic with every step on (its top pitch), the chords hold the ramp's top three.
    func testCalibrationMatchesTheDataAndMonophonicPartsSoundOnePitch() {
        let spec = ToyData.spec
        let thresholds = NoteThresholds.calibrate(RampGenerator(window: spec), on: ToyData.dataset(), windows: 8, keyPrior: 0)
        XCTAssertEqual(thresholds.roles.map(\.role), [.bass, .chords])
        XCTAssertEqual(thresholds.roles.map(\.monophonic), [true, false])
        XCTAssertEqual(thresholds.windows, 8)
        let output = RampGenerator(window: spec)(Tensor(shape: [1] + spec.conditionShape, data: [Float](repeating: -1, count: spec.conditionCount)),
                                                 Tensor(shape: [1, 1], data: [0])).toArray()
        let decoded = WindowEncoding.decode(output, spec: spec, thresholds: thresholds)
        // The ramp is strongest at the window's top; each part keeps to the data's pitches: the bass (the
        // melodies of pieces 0–3 an octave down) up to 58, the chords (triads on 60–63) up to 70.
        XCTAssertEqual(thresholds.roles.map(\.lowest), [48, 60])
        XCTAssertEqual(thresholds.roles.map(\.highest), [58, 70])
        XCTAssertEqual(decoded[0], [StepNote(pitch: 58, start: 0, end: spec.steps)])
        XCTAssertEqual(decoded[1].map(\.pitch), [68, 69, 70])
        // Without thresholds, tanh's midpoint: every pitch above the ramp's zero crossing sounds (re-struck on
        // every step, as its onset plane is above 0 too).
        XCTAssertEqual(Set(WindowEncoding.decode(output, spec: spec)[0].map(\.pitch)).count, 7)
    }

    func testManifestKeepsThresholdsAndReadsOlderOnes() throws {
        let roles = [NoteThresholds.Role(role: .bass, sustain: -0.5, onset: -0.25, monophonic: true)]
        let thresholds = NoteThresholds(roles: roles, windows: 3)
        let decoded = try JSONDecoder().decode(NoteThresholds.self, from: JSONEncoder().encode(thresholds))
        XCTAssertEqual(decoded, thresholds)
        let older = #"{"roles": [{"role": "bass", "sustain": 0.1, "onset": 0.2}], "windows": 1}"#
        let read = try JSONDecoder().decode(NoteThresholds.self, from: Data(older.utf8))
        XCTAssertEqual(read.thresholds(for: .bass).monophonic, false)
        XCTAssertEqual(read.thresholds(for: .bass).shortest, 1)
        XCTAssertEqual(read.thresholds(for: .bass).barRelative, false)
        XCTAssertNil(read.thresholds(for: .bass).gate)
        XCTAssertEqual(read.keyPrior, 0)
        XCTAssertEqual(read.thresholds(for: .drums).sustain, 0)
    }

    func testMelodyKeyReadsTheTuneAroundTheWindow() {
        // C, E, G held; the scale between them passing: C major. The window (bar 1) alone holds only D and F.
        let tune = [(60, 0, 8), (64, 8, 12), (67, 12, 16), (62, 16, 18), (65, 18, 20), (67, 20, 28), (71, 28, 30),
                    (72, 30, 48)].map { StepNote(pitch: UInt8($0.0), start: $0.1, end: $0.2) }
        let piece = StepPiece(name: "c", stepCount: 48, barStarts: [0, 16, 32], beatStarts: Array(stride(from: 0, to: 48, by: 4)),
                              melody: tune, parts: [])
        XCTAssertEqual(MelodyKey.scale(of: piece, around: 16..<32), Key(tonic: 0, mode: .major).scaleMask)
        let silent = StepPiece(name: "rest", stepCount: 32, barStarts: [0, 16], beatStarts: [0, 4, 8, 12], melody: [], parts: [])
        XCTAssertNil(MelodyKey.scale(of: silent, around: 0..<16))
    }

    /// The ramp's strongest pitch is the window's top one (B4 = 71). In C major it stays; in C♯ major (B♯ = C,
    /// not B) the key prior moves the bass line to the strongest pitch in the key, A♯ (70).
    func testKeyPriorKeepsNotesInTheMelodysKey() {
        let spec = ToyData.spec
        let output = RampGenerator(window: spec)(Tensor(shape: [1] + spec.conditionShape, data: [Float](repeating: -1, count: spec.conditionCount)),
                                                 Tensor(shape: [1, 1], data: [0])).toArray()
        let thresholds = NoteThresholds(roles: [.init(role: .bass, sustain: -0.5, onset: 0.9, monophonic: true),
                                                .init(role: .chords, sustain: 0.2, onset: 0.9)], windows: 1, keyPrior: 2)
        let cMajor = Key(tonic: 0, mode: .major).scaleMask, cSharp = Key(tonic: 1, mode: .major).scaleMask
        XCTAssertEqual(WindowEncoding.decode(output, spec: spec, thresholds: thresholds, scale: cMajor)[0].map(\.pitch), [71])
        XCTAssertEqual(WindowEncoding.decode(output, spec: spec, thresholds: thresholds, scale: cSharp)[0].map(\.pitch), [70])
        let chords = WindowEncoding.decode(output, spec: spec, thresholds: thresholds, scale: cSharp)[1].map { Int($0.pitch) % 12 }
        XCTAssertFalse(chords.isEmpty)
        XCTAssertTrue(chords.allSatisfy { cSharp[$0] }, "\(chords)")
        // Without a scale (a melody with no notes) nothing is lowered.
        XCTAssertEqual(WindowEncoding.decode(output, spec: spec, thresholds: thresholds)[0].map(\.pitch), [71])
    }

    /// Bar 1 of the window is soft (values 0.6 lower): read per bar it plays like bar 0; gated, it is silent.
    func testBarsAreReadRelativeToTheirLevelOrGated() {
        let spec = WindowSpec(steps: 32, lowestPitch: 48, pitchCount: 12, roles: [.bass], trackPlanes: [.sustain])
        var values = [Float](repeating: -1, count: spec.tracksCount)
        for t in 0..<32 { values[t * 12 + 5] = t < 16 ? 0.5 : -0.1 }
        let plain = NoteThresholds(roles: [.init(role: .bass, sustain: 0, onset: 0, monophonic: true)], windows: 1)
        XCTAssertEqual(WindowEncoding.decode(values, spec: spec, thresholds: plain)[0], [StepNote(pitch: 53, start: 0, end: 16)])
        var relative = plain
        relative.roles[0].barRelative = true
        relative.roles[0].sustain = -0.1
        XCTAssertEqual(WindowEncoding.decode(values, spec: spec, thresholds: relative, bars: [0, 16])[0],
                       [StepNote(pitch: 53, start: 0, end: 32)])
        var gated = plain
        gated.roles[0].sustain = -0.5
        gated.roles[0].gate = 0.2
        XCTAssertEqual(WindowEncoding.decode(values, spec: spec, thresholds: gated, bars: [0, 16])[0],
                       [StepNote(pitch: 53, start: 0, end: 16)])
    }

    /// A held line whose value dips under the threshold for a step is one note with a hold that covers the dip,
    /// two notes without; a new note still needs the full threshold.
    func testHoldKeepsAMonophonicNoteThroughADip() {
        let spec = WindowSpec(steps: 16, lowestPitch: 48, pitchCount: 12, roles: [.bass], trackPlanes: [.sustain])
        var values = [Float](repeating: -1, count: spec.tracksCount)
        for t in 0..<12 { values[t * 12 + 5] = t == 5 ? -0.1 : 0.4 }
        values[13 * 12 + 7] = -0.1  // below the threshold: never starts a note, hold or not
        let plain = NoteThresholds(roles: [.init(role: .bass, sustain: 0, onset: 0, monophonic: true)], windows: 1)
        XCTAssertEqual(WindowEncoding.decode(values, spec: spec, thresholds: plain)[0],
                       [StepNote(pitch: 53, start: 0, end: 5), StepNote(pitch: 53, start: 6, end: 12)])
        var held = plain
        held.roles[0].hold = 0.2
        XCTAssertEqual(WindowEncoding.decode(values, spec: spec, thresholds: held)[0], [StepNote(pitch: 53, start: 0, end: 12)])
    }

    /// A neighbour a little stronger than the sounding pitch takes over only when the margin is smaller than its lead.
    func testMarginDecidesWhenAnotherPitchTakesOver() {
        let spec = WindowSpec(steps: 16, lowestPitch: 48, pitchCount: 12, roles: [.bass], trackPlanes: [.sustain])
        var values = [Float](repeating: -1, count: spec.tracksCount)
        for t in 0..<16 { values[t * 12 + 5] = 0.5 }
        for t in 8..<16 { values[t * 12 + 7] = 0.6 }
        var line = NoteThresholds(roles: [.init(role: .bass, sustain: 0, onset: 0, monophonic: true)], windows: 1)
        XCTAssertEqual(WindowEncoding.decode(values, spec: spec, thresholds: line)[0], [StepNote(pitch: 53, start: 0, end: 16)])
        line.roles[0].margin = 0.05
        XCTAssertEqual(WindowEncoding.decode(values, spec: spec, thresholds: line)[0],
                       [StepNote(pitch: 53, start: 0, end: 8), StepNote(pitch: 55, start: 8, end: 16)])
    }

    /// The data's bass walks (four pitches a bar); the generator's two strongest bass pitches run neck and neck,
    /// trading the lead by 0.1 each beat. The fixed margin would read one long note a bar; calibration chooses a
    /// margin under the lead, so the line changes pitch each beat.
    func testCalibratedMarginFollowsTheDatasPitchChanges() {
        let spec = ToyData.spec
        let thresholds = NoteThresholds.calibrate(NeckAndNeckGenerator(window: spec), on: ToyData.dataset(), windows: 8, keyPrior: 0)
        let bass = thresholds.thresholds(for: .bass)
        XCTAssertLessThanOrEqual(bass.margin ?? NoteThresholds.switchMargin, 0.1)
        let output = NeckAndNeckGenerator(window: spec).generate(condition: Tensor.zeros([1] + spec.conditionShape),
                                                                 noise: Tensor.zeros([1, 1])).toArray()
        let line = WindowEncoding.decode(output, spec: spec, thresholds: thresholds)[0]
        XCTAssertEqual(line.map(\.pitch), [48, 50, 48, 50])
    }

    /// A bass the data rests in one bar of 24 gets a gate; on a generator whose bars are all alike (tied at the
    /// gate) every bar still plays.
    func testAPartWithAFewRestsIsGatedAndTiedBarsPlay() {
        var data = ToyData.dataset(count: 9, bars: 3)
        data.pieces[0].parts[0].notes.removeAll { $0.start >= 32 }
        let thresholds = NoteThresholds.calibrate(RampGenerator(window: ToyData.spec), on: data, windows: 64, keyPrior: 0)
        let bass = thresholds.thresholds(for: .bass)
        XCTAssertNotNil(bass.gate)
        XCTAssertTrue(bass.barRelative)
        let output = RampGenerator(window: ToyData.spec).generate(condition: Tensor.zeros([1] + ToyData.spec.conditionShape),
                                                                  noise: Tensor.zeros([1, 1])).toArray()
        let reading = NoteThresholds.read(output, base: 0, spec: ToyData.spec, role: 0, levels: bass, penalties: nil, bars: [0])
        let top = bass.highest! - ToyData.spec.lowestPitch
        XCTAssertTrue((0..<ToyData.spec.steps).allSatisfy { reading.sustain[$0 * ToyData.spec.pitchCount + top].isFinite })
        // Above the data's range: never.
        XCTAssertFalse(reading.sustain[ToyData.spec.pitchCount - 1].isFinite)
    }

    /// A bar of C, E and G outlines C major; a silent bar has no chord.
    func testMelodyHarmonyReadsEachBarsChord() {
        let melody = [60, 64, 67].enumerated().map { StepNote(pitch: UInt8($1), start: $0 * 4, end: $0 * 4 + 4) }
        let piece = StepPiece(name: "c", stepCount: 32, barStarts: [0, 16], beatStarts: Array(stride(from: 0, to: 32, by: 4)),
                              melody: melody, parts: [])
        let chords = MelodyHarmony.chords(of: piece, window: 0, steps: 32, bars: [0, 16])
        XCTAssertEqual(chords.count, 2)
        XCTAssertEqual(chords[0].map { mask in (0..<12).filter { mask[$0] } }, [0, 4, 7])
        XCTAssertNil(chords[1])
    }

    /// C♯ leads C by 0.1; with a harmony prior of 0.2 and the melody outlining C major, the line plays C.
    func testHarmonyPriorLeansALineToTheMelodysChord() {
        let spec = WindowSpec(steps: 16, lowestPitch: 48, pitchCount: 12, roles: [.bass], trackPlanes: [.sustain])
        var values = [Float](repeating: -1, count: spec.tracksCount)
        for t in 0..<16 { values[t * 12] = 0.5; values[t * 12 + 1] = 0.6 }
        let cMajor: [[Bool]?] = [(0..<12).map { [0, 4, 7].contains($0) }]
        var line = NoteThresholds(roles: [.init(role: .bass, sustain: 0, onset: 0, monophonic: true)], windows: 1)
        XCTAssertEqual(WindowEncoding.decode(values, spec: spec, thresholds: line, bars: [0], chords: cMajor)[0].map(\.pitch), [49])
        line.roles[0].harmony = 0.2
        XCTAssertEqual(WindowEncoding.decode(values, spec: spec, thresholds: line, bars: [0], chords: cMajor)[0].map(\.pitch), [48])
        // Where the melody is silent (no chord) nothing is lowered.
        XCTAssertEqual(WindowEncoding.decode(values, spec: spec, thresholds: line, bars: [0], chords: [nil])[0].map(\.pitch), [49])
    }

    /// Chords the data plays in one bar of three are gated to the generator's strongest third of bars; the bass,
    /// played in every bar one pitch at a time, is read per bar; both parts' notes are at least a beat long.
    func testCalibrationGatesSparsePartsAndReadsLinesPerBar() {
        var data = ToyData.dataset(count: 8, bars: 3)
        for i in data.pieces.indices {
            data.pieces[i].parts[1].notes.removeAll { $0.start >= 16 }
        }
        let thresholds = NoteThresholds.calibrate(RampGenerator(window: ToyData.spec), on: data, windows: 64)
        XCTAssertEqual(thresholds.keyPrior, NoteThresholds.defaultKeyPrior)
        let bass = thresholds.thresholds(for: .bass), chords = thresholds.thresholds(for: .chords)
        XCTAssertTrue(bass.barRelative)
        XCTAssertNil(bass.gate)
        XCTAssertFalse(chords.barRelative)
        XCTAssertNotNil(chords.gate)
        XCTAssertEqual(bass.shortest, 4)
        XCTAssertEqual(chords.shortest, 4)
    }

    func testLengthenGivesNotesTheDatasShortestLength() {
        let cleanup = NoteCleanup()
        func n(_ p: UInt8, _ s: Int, _ e: Int) -> StepNote { StepNote(pitch: p, start: s, end: e) }
        // Re-struck at once on its pitch: joins the next note.
        XCTAssertEqual(cleanup.lengthen([n(40, 0, 1), n(40, 1, 6)], shortest: 2, monophonic: true), [n(40, 0, 6)])
        // Silence after it: grows into it, up to the next note.
        XCTAssertEqual(cleanup.lengthen([n(40, 0, 1), n(43, 3, 8)], shortest: 4, monophonic: true), [n(40, 0, 3), n(43, 3, 8)])
        XCTAssertEqual(cleanup.lengthen([n(40, 0, 1), n(43, 9, 12)], shortest: 4, monophonic: true), [n(40, 0, 4), n(43, 9, 13)])
        // Not past the end of the music.
        XCTAssertEqual(cleanup.lengthen([n(40, 0, 1), n(43, 9, 10)], shortest: 4, monophonic: true, limit: 11),
                       [n(40, 0, 4), n(43, 9, 11)])
        // No room and nothing before it: dropped.
        XCTAssertEqual(cleanup.lengthen([n(40, 0, 1), n(43, 1, 8)], shortest: 4, monophonic: true), [n(43, 1, 8)])
        // No room in a line: its steps go to the note before it.
        XCTAssertEqual(cleanup.lengthen([n(40, 0, 4), n(45, 4, 5), n(43, 5, 9)], shortest: 2, monophonic: true),
                       [n(40, 0, 5), n(43, 5, 9)])
        // Polyphonic: only notes of its own pitch bound it.
        XCTAssertEqual(cleanup.lengthen([n(60, 0, 1), n(64, 1, 4)], shortest: 3, monophonic: false), [n(60, 0, 3), n(64, 1, 4)])
        XCTAssertEqual(cleanup.lengthen([n(60, 0, 1), n(64, 1, 4)], shortest: 1, monophonic: false), [n(60, 0, 1), n(64, 1, 4)])
    }
}
