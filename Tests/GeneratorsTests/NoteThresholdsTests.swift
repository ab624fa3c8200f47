import XCTest
import MusicCore
import NeuralEngine
@testable import Generators

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
        let thresholds = NoteThresholds.calibrate(RampGenerator(window: spec), on: ToyData.dataset(), windows: 8)
        XCTAssertEqual(thresholds.roles.map(\.role), [.bass, .chords])
        XCTAssertEqual(thresholds.roles.map(\.monophonic), [true, false])
        XCTAssertEqual(thresholds.windows, 8)
        let output = RampGenerator(window: spec)(Tensor(shape: [1] + spec.conditionShape, data: [Float](repeating: -1, count: spec.conditionCount)),
                                                 Tensor(shape: [1, 1], data: [0])).toArray()
        let decoded = WindowEncoding.decode(output, spec: spec, thresholds: thresholds)
        let top = UInt8(spec.highestPitch)
        XCTAssertEqual(decoded[0], [StepNote(pitch: top, start: 0, end: spec.steps)])
        XCTAssertEqual(decoded[1].map(\.pitch), [top - 2, top - 1, top])
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
        XCTAssertEqual(read.thresholds(for: .drums).sustain, 0)
    }
}
