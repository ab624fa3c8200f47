import XCTest
@testable import NeuralEngine

final class RandomTests: XCTestCase {
    func testPhiloxKnownAnswers() {
        // Random123's known-answer vectors for Philox4x32-10.
        let zero = RandomGenerator.philox(counter: (0, 0, 0, 0), key: (0, 0))
        XCTAssertEqual([zero.0, zero.1, zero.2, zero.3], [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8])
        let ones = RandomGenerator.philox(counter: (.max, .max, .max, .max), key: (.max, .max))
        XCTAssertEqual([ones.0, ones.1, ones.2, ones.3], [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd])
        let pi = RandomGenerator.philox(counter: (0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), key: (0xa409_3822, 0x299f_31d0))
        XCTAssertEqual([pi.0, pi.1, pi.2, pi.3], [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1])
    }

    func testSeedReproducibleAndThreadIndependent() {
        let saved = Engine.threads
        defer { Engine.threads = saved }
        Engine.threads = 1
        let a = RandomGenerator(seed: 42).normal(count: 100_003)
        Engine.threads = 2
        let b = RandomGenerator(seed: 42).normal(count: 100_003)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, RandomGenerator(seed: 43).normal(count: 100_003))
        let gen = RandomGenerator(seed: 1)
        XCTAssertNotEqual(gen.uniform(count: 8), gen.uniform(count: 8), "successive draws continue the stream")
    }

    func testDistributions() {
        let n = 200_000
        func moments(_ v: [Float]) -> (Double, Double) {
            let m = v.reduce(0.0) { $0 + Double($1) } / Double(v.count)
            let s = v.reduce(0.0) { $0 + (Double($1) - m) * (Double($1) - m) } / Double(v.count)
            return (m, s.squareRoot())
        }
        let normal = RandomGenerator(seed: 7).normal(count: n, mean: 1, std: 2)
        let (nm, ns) = moments(normal)
        XCTAssertEqual(nm, 1, accuracy: 0.02)
        XCTAssertEqual(ns, 2, accuracy: 0.02)
        let uniform = RandomGenerator(seed: 8).uniform(count: n, low: -1, high: 3)
        XCTAssertTrue(uniform.allSatisfy { $0 >= -1 && $0 < 3 })
        XCTAssertEqual(moments(uniform).0, 1, accuracy: 0.02)
        let truncated = RandomGenerator(seed: 9).truncatedNormal(count: n)
        XCTAssertTrue(truncated.allSatisfy { abs($0) <= 2 })
        // Standard deviation of N(0,1) truncated to ±2: 0.8796.
        XCTAssertEqual(moments(truncated).1, 0.8796, accuracy: 0.01)
        XCTAssertEqual(NormalDistribution.quantile(0.975), 1.959963984540054, accuracy: 1e-12)
    }
}
