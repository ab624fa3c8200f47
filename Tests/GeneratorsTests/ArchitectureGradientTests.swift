import XCTest
import NeuralEngine
@testable import Generators

/// Every parameter learns: the generator's loss reaches all generator parameters, the critic's WGAN-GP loss all
/// critic parameters, and the gradient penalty (a double backward) every critic weight.
final class ArchitectureGradientTests: XCTestCase {
    private func assertNonZero(_ grads: [Tensor], _ names: [String], _ what: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        for (g, name) in zip(grads, names) {
            let values = g.toArray()
            XCTAssertTrue(values.allSatisfy(\.isFinite), "\(what): \(name) has non-finite gradients", file: file, line: line)
            XCTAssertTrue(values.contains { $0 != 0 }, "\(what): no gradient reaches \(name)", file: file, line: line)
        }
    }

    func testGradientsReachEveryParameterIncludingThroughThePenalty() throws {
        for architecture in Architecture.allCases {
            let config = ArchitectureFixtures.tiny(architecture, roleCount: 2)
            let (g, d) = try ModelFactory.make(config, random: RandomGenerator(seed: 7))
            let n = 3
            let c = ArchitectureFixtures.condition(config, batch: n, seed: 8)
            let real = ArchitectureFixtures.tracks(config, batch: n, seed: 9)
            let gNames = g.namedParameters().map(\.0), dNames = d.namedParameters().map(\.0)

            // Generator: −mean D(G(z | c) | c).
            let fake = g(c, g.sampleNoise(batch: n, generator: RandomGenerator(seed: 10)))
            assertNonZero(grad(of: [-d(fake, c).mean()], wrt: g.parameters()), gNames, "\(architecture) generator")

            // Critic: mean D(fake) − mean D(real) + 10 · penalty, the penalty at interpolates (double backward).
            let epsilon = Tensor.rand([n, 1, 1, 1], generator: RandomGenerator(seed: 11))
            let mixed = (epsilon * real + (1 - epsilon) * fake.detach()).detach().requiringGrad()
            let gx = grad(of: [d(mixed, c).sum()], wrt: [mixed], createGraph: true)[0]
            XCTAssertEqual(gx.shape, mixed.shape)
            let penalty = ((gx.pow(2).sum(axes: [1, 2, 3]) + 1e-8).sqrt() - 1).pow(2).mean()
            let loss = d(fake.detach(), c).mean() - d(real, c).mean() + 10 * penalty
            // The dense bias cancels in mean D(fake) − mean D(real): its gradient is exactly zero in WGAN training.
            let trained = d.namedParameters().filter { $0.0 != "dense.bias" }
            XCTAssertEqual(trained.count, dNames.count - 1)
            assertNonZero(grad(of: [loss], wrt: trained.map(\.1)), trained.map(\.0), "\(architecture) critic")
            assertNonZero(grad(of: [d(real, c).mean()], wrt: d.parameters()), dNames, "\(architecture) critic score")
            // The penalty alone reaches every weight (biases only move LeakyReLU masks: no gradient there).
            let weights = d.namedParameters().filter { $0.0.hasSuffix("weight") }
            assertNonZero(grad(of: [penalty], wrt: weights.map(\.1)), weights.map(\.0), "\(architecture) penalty")
        }
    }
}
