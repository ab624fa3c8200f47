import Foundation
import MusicCore
import NeuralEngine
import XCTest
@testable import Generators

/// Parity with the PyTorch twin of the generators (training/ensemble_training/models.py), from the fixtures that
/// `python -m ensemble_training.parity` writes to Fixtures/Parity/<architecture>.safetensors: a tiny config per
/// architecture (its JSON in the metadata key "config"), the twin's generator and critic weights, inputs at batch
/// 2, and float64 references stored as float32: generator outputs in eval and train mode, the running statistics
/// after the train-mode call, the critic's scores and the gradients of their sum with respect to every critic
/// parameter and to the input tracks. The weights load strictly, so the names and shapes are checked too.
///
/// Each tensor must agree within 1e-4 relative: max |ours − ref| ≤ 1e-4 · max(max |ref|, 1e-3).
/// `PARITY_VERBOSE=1` prints every tensor's figure.
final class TwinParityTests: XCTestCase {
    static let tolerance = 1e-4

    func testUNetMatchesThePyTorchTwin() throws { try checkParity("unet") }
    func testUNetDCMatchesThePyTorchTwin() throws { try checkParity("unet-dc") }
    func testMuseGANMatchesThePyTorchTwin() throws { try checkParity("musegan") }

    private func fixture(_ architecture: String) throws -> SafeTensorsFile {
        guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw SafeTensorsError("the test bundle has no Fixtures directory")
        }
        let url = dir.appendingPathComponent("Parity").appendingPathComponent(architecture + ".safetensors")
        return try SafeTensorsFile(decoding: [UInt8](Data(contentsOf: url)))
    }

    /// The tensors under `prefix`, with the prefix removed.
    private func part(_ file: SafeTensorsFile, _ prefix: String) -> SafeTensorsFile {
        var out = SafeTensorsFile()
        for (name, tensor) in file.tensors where name.hasPrefix(prefix) { out[String(name.dropFirst(prefix.count))] = tensor }
        return out
    }

    private func tensor(_ file: SafeTensorsFile, _ name: String) throws -> Tensor {
        guard let t = file[name] else { throw SafeTensorsError(tensor: name, "missing from the parity fixture") }
        return t.tensor()
    }

    /// Asserts `ours` equals the fixture's `name` within the tolerance; returns the relative error.
    @discardableResult
    private func compare(_ ours: Tensor, _ file: SafeTensorsFile, _ name: String, _ architecture: String,
                         file source: StaticString = #filePath, line: UInt = #line) -> Double {
        guard let reference = file[name] else {
            XCTFail("\(architecture): the fixture lacks \(name)", file: source, line: line)
            return .infinity
        }
        guard ours.shape == reference.shape else {
            XCTFail("\(architecture): \(name) has shape \(ours.shape), the fixture \(reference.shape)", file: source, line: line)
            return .infinity
        }
        var maxDiff = 0.0, maxRef = 0.0
        for (a, b) in zip(ours.toArray(), reference.floats()) {
            maxDiff = max(maxDiff, abs(Double(a) - Double(b)))
            maxRef = max(maxRef, abs(Double(b)))
        }
        let relative = maxDiff / max(maxRef, 1e-3)
        if ProcessInfo.processInfo.environment["PARITY_VERBOSE"] != nil {
            print(String(format: "twin parity %@ %@: %.2e (max |diff| %.2e, max |ref| %.2e)",
                         architecture, name, relative, maxDiff, maxRef))
        }
        XCTAssertFalse(relative.isNaN, "\(architecture): \(name) is not a number", file: source, line: line)
        XCTAssertLessThanOrEqual(relative, Self.tolerance,
                                 String(format: "%@: %@ differs from PyTorch by %.2e relative (max |diff| %.2e, max |ref| %.2e)",
                                        architecture, name, relative, maxDiff, maxRef),
                                 file: source, line: line)
        return relative
    }

    private func checkParity(_ architecture: String) throws {
        let f = try fixture(architecture)
        guard let json = f.metadata["config"] else { return XCTFail("\(architecture): the fixture has no config metadata") }
        let config = try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8))
        XCTAssertEqual(config.architecture.rawValue, architecture)
        let (g, d) = try ModelFactory.make(config, random: RandomGenerator(seed: 1))
        try g.loadStateDict(part(f, "generator."), strict: true)
        try d.loadStateDict(part(f, "critic."), strict: true)
        let condition = try tensor(f, "input.condition"), noise = try tensor(f, "input.noise")
        let tracks = try tensor(f, "input.tracks")
        XCTAssertEqual(noise.shape, [condition.shape[0]] + g.noiseShape, "\(architecture): noise shape")

        // Generator: eval (running statistics), then train mode (batch statistics; updates them).
        compare(g.generate(condition: condition, noise: noise), f, "output.generator.eval", architecture)
        g.train()
        compare(withNoGrad { g(condition, noise) }, f, "output.generator.train", architecture)
        for (name, buffer) in g.namedBuffers() {
            compare(buffer, f, "after_train.generator." + name, architecture)
        }

        // Critic: scores, and the gradients of their sum w.r.t. every parameter and the input tracks.
        let x = tracks.requiringGrad()
        let score = d(x, condition)
        compare(score, f, "output.critic", architecture)
        let named = d.namedParameters()
        let grads = grad(of: [score.sum()], wrt: named.map(\.1) + [x])
        for ((name, _), g) in zip(named, grads) { compare(g, f, "grad.critic." + name, architecture) }
        compare(grads[named.count], f, "grad.critic.input", architecture)
        // Every critic parameter has its reference (no fixture gradient is left unchecked).
        let expected = Set(named.map { "grad.critic." + $0.0 } + ["grad.critic.input"])
        XCTAssertEqual(Set(f.names.filter { $0.hasPrefix("grad.critic.") }), expected, "\(architecture): gradient names")
    }
}
