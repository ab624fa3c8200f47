import MusicCore
import NeuralEngine
@testable import Generators

/// A generator small enough for CI: condition and a noise plane through two 3×3 convolutions with BatchNorm
/// between (so checkpoints must carry running statistics).
final class TinyGenerator: Module, AccompanimentGenerator {
    let window: WindowSpec
    let conv1: Conv2d
    let norm: BatchNorm
    let conv2: Conv2d

    init(window: WindowSpec, random: RandomGenerator, hidden: Int = 8) {
        self.window = window
        conv1 = Conv2d(window.conditionPlanes.count + 1, hidden, kernelSize: 3, padding: .same, generator: random)
        norm = BatchNorm(hidden)
        conv2 = Conv2d(hidden, window.trackChannels, kernelSize: 3, padding: .same, generator: random)
    }

    var noiseShape: [Int] { [1, window.steps, window.pitchCount] }

    func callAsFunction(_ condition: Tensor, _ noise: Tensor) -> Tensor {
        conv2(norm(conv1(Tensor.cat([condition, noise], axis: 1))).relu()).tanh()
    }
}

/// Two strided convolutions and a dense score.
final class TinyCritic: Module, AccompanimentCritic {
    let conv1: Conv2d
    let conv2: Conv2d
    let dense: Linear

    init(window: WindowSpec, random: RandomGenerator, hidden: Int = 8) {
        conv1 = Conv2d(window.trackChannels + window.conditionPlanes.count, hidden, kernelSize: 4, stride: 2,
                       padding: .symmetric(1), generator: random)
        conv2 = Conv2d(hidden, hidden, kernelSize: 4, stride: 2, padding: .symmetric(1), generator: random)
        dense = Linear(hidden * (window.steps / 4) * (window.pitchCount / 4), 1, generator: random)
    }

    func callAsFunction(_ tracks: Tensor, _ condition: Tensor) -> Tensor {
        let x = conv1(Tensor.cat([tracks, condition], axis: 1)).leakyRelu(0.2)
        return dense(conv2(x).leakyRelu(0.2).flatten(from: 1))
    }
}

enum ToyData {
    /// 16 steps × 24 pitches, bass and chords.
    static let spec = WindowSpec(steps: 16, lowestPitch: 48, pitchCount: 24, roles: [.bass, .chords])

    /// Pieces whose bass doubles the melody an octave down and whose chords hold a triad on the melody's first
    /// note: structure a critic can learn quickly. Piece k starts its scale on 60 + k.
    static func piece(_ k: Int, bars: Int = 3) -> StepPiece {
        let steps = bars * 16
        let melody = (0..<(steps / 4)).map { i in
            StepNote(pitch: UInt8(60 + (k + [0, 2, 4, 5, 7, 5, 4, 2][i % 8]) % 12), start: i * 4, end: i * 4 + 4)
        }
        let bass = melody.map { StepNote(pitch: $0.pitch - 12, start: $0.start, end: $0.end) }
        let chords = stride(from: 0, to: steps, by: 16).flatMap { s in
            [0, 4, 7].map { StepNote(pitch: UInt8(60 + k % 12 + $0), start: s, end: s + 16) }
        }
        return StepPiece(name: "toy-\(k)", stepCount: steps, barStarts: Array(stride(from: 0, to: steps, by: 16)),
                         beatStarts: Array(stride(from: 0, to: steps, by: 4)), melody: melody,
                         parts: [StepPart(role: .bass, program: 33, notes: bass), StepPart(role: .chords, program: 0, notes: chords)])
    }

    /// `count` pieces, the last one held out; windows on every bar.
    static func dataset(count: Int = 5, bars: Int = 3) -> TrainingDataset {
        let pieces = (0..<count).map { piece($0, bars: bars) }
        let isValidation = pieces.indices.map { $0 == count - 1 }
        var train: [WindowRef] = [], validation: [WindowRef] = []
        for (i, p) in pieces.enumerated() {
            for start in p.barStarts {
                if isValidation[i] { validation.append(WindowRef(piece: i, start: start)) } else { train.append(WindowRef(piece: i, start: start)) }
            }
        }
        return TrainingDataset(name: "toy", settings: .init(roles: [.bass, .chords], windowSteps: 16, transposeLow: -2, transposeHigh: 2),
                               pieces: pieces, isValidation: isValidation, trainWindows: train, validationWindows: validation)
    }

    static func session(seed: UInt64 = 1, initSeed: UInt64 = 7, iterations: Int = 10, batchSize: Int = 4,
                        updateRatio: Int = 2, dataset: TrainingDataset = dataset())
        -> TrainingSession<TinyGenerator, TinyCritic>
    {
        let random = RandomGenerator(seed: initSeed)
        let h = TrainingHyperparameters(iterations: iterations, batchSize: batchSize, updateRatio: updateRatio, seed: seed)
        return TrainingSession(generator: TinyGenerator(window: spec, random: random), critic: TinyCritic(window: spec, random: random),
                               dataset: dataset, spec: spec, hyperparameters: h)
    }

    static let run = TrainingRun(name: "toy-unet", genre: "toy", config: ModelConfig(architecture: .unet, window: spec),
                                 dataset: .init(name: "toy", hash: "0123456789abcdef", trainingWindows: 12))
}
