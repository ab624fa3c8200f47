import XCTest
import MusicCore
import NeuralEngine
import ModelLibrary
@testable import Generators

final class TrainingTests: XCTestCase {
    /// Restoring a checkpoint installs its global random stream; other tests get theirs back.
    private var globalRandom: RandomGenerator?

    override func setUp() {
        globalRandom = RandomGenerator.current
    }

    override func tearDown() {
        if let globalRandom { RandomGenerator.installGlobal(globalRandom) }
    }

    // MARK: - Training

    func testShortRunLowersTheCriticLoss() {
        let session = ToyData.session(iterations: 16, batchSize: 8, updateRatio: 5)
        while !session.isFinished { session.step() }
        let critic = session.history.critic
        let first = critic.prefix(2).reduce(0, +) / 2, last = critic.suffix(3).reduce(0, +) / 3
        XCTAssertTrue(critic.allSatisfy(\.isFinite))
        XCTAssertLessThan(last, first - 0.5, "critic losses \(critic)")
        XCTAssertEqual(session.trainer.criticOptimizer.stepCount, 16 * 5)
        XCTAssertEqual(session.trainer.generatorOptimizer.stepCount, 16)
        XCTAssertEqual(session.history.records.map(\.iteration), Array(1...16))
        XCTAssertEqual(session.batcher.cursor, WindowBatcher.Cursor(epoch: 53, index: 4), "16 × 5 × 8 draws over 12 windows")
    }

    func testResumeContinuesBitForBit() throws {
        let n = 3
        let straight = ToyData.session(iterations: 2 * n)
        for _ in 0..<(2 * n) { straight.step() }

        let first = ToyData.session(iterations: 2 * n)
        for _ in 0..<n { first.step() }
        let bytes = TrainingCheckpointFile.encode(first.checkpoint(run: ToyData.run))
        // A different initialisation proves every weight comes from the checkpoint.
        let resumed = ToyData.session(initSeed: 99, iterations: 2 * n)
        try resumed.restore(TrainingCheckpointFile.decode(bytes))
        XCTAssertEqual(resumed.iteration, n)
        while !resumed.isFinished { resumed.step() }

        XCTAssertEqual(resumed.history.records.map(\.losses), straight.history.records.map(\.losses))
        XCTAssertEqual(resumed.history.records.map(\.learningRate), straight.history.records.map(\.learningRate))
        for (a, b) in [(resumed.generator.stateDict(), straight.generator.stateDict()),
                       (resumed.critic.stateDict(), straight.critic.stateDict())] {
            XCTAssertEqual(a.map(\.0), b.map(\.0))
            for ((name, x), (_, y)) in zip(a, b) { XCTAssertEqual(x.toArray(), y.toArray(), name) }
        }
        for (a, b) in [(resumed.trainer.criticOptimizer, straight.trainer.criticOptimizer),
                       (resumed.trainer.generatorOptimizer, straight.trainer.generatorOptimizer)] {
            XCTAssertEqual(a.stepCount, b.stepCount)
            XCTAssertEqual(a.stateDict().map { $0.1.toArray() }, b.stateDict().map { $0.1.toArray() })
        }
        XCTAssertEqual(resumed.batcher.cursor, straight.batcher.cursor)
        XCTAssertEqual(resumed.trainer.random.state, straight.trainer.random.state)
        XCTAssertEqual(RandomGenerator.current.state, first.checkpoint(run: ToyData.run).progress.globalRandom,
                       "the global stream continues from the checkpoint's")
        XCTAssertGreaterThan(resumed.seconds, 0)
    }

    func testCheckpointCarriesRunAndProgress() throws {
        let session = ToyData.session(iterations: 4)
        session.step()
        var run = ToyData.run
        run.dataPath = "/data/toy.ensds"
        run.fineTunedFrom = "rock-unet"
        let decoded = try TrainingCheckpointFile.decode(TrainingCheckpointFile.encode(session.checkpoint(run: run)))
        XCTAssertEqual(decoded.run, run)
        XCTAssertEqual(decoded.progress.iteration, 1)
        XCTAssertEqual(decoded.progress.hyperparameters, session.hyperparameters)
        XCTAssertEqual(decoded.progress.trainerRandom, session.trainer.random.state)
        XCTAssertEqual(try decoded.history().records.map(\.losses), session.history.records.map(\.losses))
        XCTAssertEqual(decoded.tensors(under: TrainingCheckpoint.generatorPrefix).names,
                       session.generator.stateDict().map(\.0), "weights and BatchNorm buffers")
        XCTAssertTrue(decoded.tensors.names.contains("generator.norm.running_mean"))
        XCTAssertTrue(decoded.tensors.names.contains("critic_optimizer.state.0.exp_avg_sq"))
    }

    func testExtendingARunKeepsItsState() throws {
        let session = ToyData.session(iterations: 2)
        while !session.isFinished { session.step() }
        let checkpoint = session.checkpoint(run: ToyData.run)
        let longer = ToyData.session(iterations: 5)
        try longer.restore(checkpoint)
        XCTAssertEqual(longer.hyperparameters.iterations, 5)
        XCTAssertFalse(longer.isFinished)
        while !longer.isFinished { longer.step() }
        XCTAssertEqual(longer.iteration, 5)
    }

    // MARK: - Refusals

    func testCorruptCheckpointsAreRefusedWithOneLine() throws {
        let session = ToyData.session(iterations: 2)
        session.step()
        let bytes = TrainingCheckpointFile.encode(session.checkpoint(run: ToyData.run))
        func problem(_ bytes: [UInt8]) -> String? {
            do { _ = try TrainingCheckpointFile.decode(bytes); return nil } catch { return error.problem }
        }
        let truncated = problem(Array(bytes.prefix(bytes.count - 100)))
        XCTAssertNotNil(truncated)
        XCTAssertTrue(truncated!.hasPrefix("not a checkpoint"), truncated!)
        XCTAssertNotNil(problem(Array("hello, I am a text file".utf8)))
        XCTAssertNotNil(problem([]))
        var plain = SafeTensorsFile()
        plain["w"] = SafeTensor(floats: [1], shape: [1])
        XCTAssertEqual(problem(plain.encoded()), "a safetensors file without training state (no 'ensemble.checkpoint' metadata)")

        var file = try SafeTensorsFile(decoding: bytes)
        let json = file.metadata[TrainingCheckpointFile.metadataKey]!
        file.metadata[TrainingCheckpointFile.metadataKey] = json.replacingOccurrences(of: "\"format\":1", with: "\"format\":7")
        XCTAssertEqual(problem(file.encoded()), "checkpoint format 7 is newer than this program reads (1)")
        file.metadata[TrainingCheckpointFile.metadataKey] = String(json.prefix(40))
        XCTAssertTrue(problem(file.encoded())!.hasPrefix("damaged training state"))
        file.metadata[TrainingCheckpointFile.metadataKey] = json
        file[TrainingCheckpoint.historyName] = SafeTensor(floats: [1, 2, 3], shape: [3])
        XCTAssertNotNil(problem(file.encoded()))
        for p in [truncated!, problem(file.encoded())!] { XCTAssertFalse(p.contains("\n")) }
    }

    func testCheckpointOfAnotherModelOrDatasetIsRefused() throws {
        let session = ToyData.session(iterations: 2)
        session.step()
        let checkpoint = session.checkpoint(run: ToyData.run)

        let wider = TrainingSession(generator: TinyGenerator(window: ToyData.spec, random: RandomGenerator(seed: 1), hidden: 4),
                                    critic: TinyCritic(window: ToyData.spec, random: RandomGenerator(seed: 1)),
                                    dataset: ToyData.dataset(), spec: ToyData.spec, hyperparameters: session.hyperparameters)
        let before = wider.generator.stateDict().map { $0.1.toArray() }
        XCTAssertThrowsError(try wider.restore(checkpoint)) { error in
            XCTAssertEqual("\(error)", "generator tensor 'conv1.weight' has shape [8, 4, 3, 3], the model needs [4, 4, 3, 3]")
        }
        XCTAssertEqual(wider.generator.stateDict().map { $0.1.toArray() }, before, "a refused checkpoint changes nothing")
        XCTAssertEqual(wider.iteration, 0)

        let otherBatch = ToyData.session(iterations: 2, batchSize: 3)
        XCTAssertThrowsError(try otherBatch.restore(checkpoint)) { error in
            XCTAssertEqual("\(error)", "its hyperparameters differ from this session's")
        }

        var otherData = ToyData.run
        otherData.dataset = .init(name: "jazz", hash: "ffffffffffffffff", trainingWindows: 3)
        XCTAssertEqual(checkpoint.mismatches(with: otherData),
                       ["it was trained on dataset 'toy' (hash 0123456789ab), this data is 'jazz' (hash ffffffffffff)"])
        var otherModel = ToyData.run
        otherModel.config.architecture = .musegan
        XCTAssertEqual(checkpoint.mismatches(with: otherModel), ["it trains --model unet, not musegan"])
        XCTAssertEqual(checkpoint.mismatches(with: otherModel, compareConfig: false), [])
        XCTAssertEqual(checkpoint.mismatches(with: ToyData.run), [])
    }

    // MARK: - Batcher

    func testBatcherIsDeterministicAndVisitsEveryWindowOncePerEpoch() {
        let data = ToyData.dataset()
        var a = WindowBatcher(dataset: data, spec: ToyData.spec, batchSize: 4, seed: 5)
        var b = WindowBatcher(dataset: data, spec: ToyData.spec, batchSize: 4, seed: 5)
        var c = WindowBatcher(dataset: data, spec: ToyData.spec, batchSize: 4, seed: 6)
        let drawsA = (0..<3).flatMap { _ in a.nextDraws() }, drawsB = (0..<3).flatMap { _ in b.nextDraws() }
        let drawsC = (0..<3).flatMap { _ in c.nextDraws() }
        XCTAssertEqual(drawsA, drawsB)
        XCTAssertNotEqual(drawsA.map(\.window), drawsC.map(\.window), "another seed, another order")
        XCTAssertEqual(data.trainWindows.count, 12)
        XCTAssertEqual(Set(drawsA.map(\.window)), Set(data.trainWindows), "one epoch visits every window")
        XCTAssertEqual(drawsA.count, Set(drawsA.map(\.window)).count, "… once")
        XCTAssertEqual(a.cursor, WindowBatcher.Cursor(epoch: 1, index: 0))
        let nextEpoch = a.nextDraws().map(\.window)
        XCTAssertNotEqual(nextEpoch, Array(drawsA.prefix(4).map(\.window)), "each epoch is shuffled anew")
    }

    func testBatcherResumesFromItsCursor() {
        let data = ToyData.dataset()
        var straight = WindowBatcher(dataset: data, spec: ToyData.spec, batchSize: 5, seed: 3)
        for _ in 0..<4 { _ = straight.nextDraws() }
        let cursor = straight.cursor
        let expected = (0..<3).flatMap { _ in straight.nextDraws() }
        var resumed = WindowBatcher(dataset: data, spec: ToyData.spec, batchSize: 5, seed: 3, cursor: cursor)
        XCTAssertEqual((0..<3).flatMap { _ in resumed.nextDraws() }, expected)
    }

    func testBatcherTransposesWithinTheDatasetRangeAndRendersEncodings() {
        let data = ToyData.dataset()
        var batcher = WindowBatcher(dataset: data, spec: ToyData.spec, batchSize: 6, seed: 11)
        let draws = (0..<40).flatMap { _ in batcher.nextDraws() }
        XCTAssertEqual(Set(draws.map(\.transpose)), Set(-2...2), "every transposition of the range, nothing outside")
        let some = Array(draws.prefix(6))
        let (condition, tracks) = batcher.render(some)
        for (i, draw) in some.enumerated() {
            let expected = WindowEncoding.encode(data.pieces[draw.window.piece], start: draw.window.start,
                                                 transpose: draw.transpose, spec: ToyData.spec)
            let c = ToyData.spec.conditionCount, t = ToyData.spec.tracksCount
            XCTAssertEqual(Array(condition[i * c..<(i + 1) * c]), expected.condition)
            XCTAssertEqual(Array(tracks[i * t..<(i + 1) * t]), expected.tracks)
        }
        var again = WindowBatcher(dataset: data, spec: ToyData.spec, batchSize: 6, seed: 11)
        let batch = again.next()
        XCTAssertEqual(batch.real.shape, [6] + ToyData.spec.tracksShape)
        XCTAssertEqual(batch.condition.shape, [6] + ToyData.spec.conditionShape)
        XCTAssertEqual(batch.real.toArray(), tracks)
    }

    // MARK: - Hyperparameters, history

    func testDeepComposerDefaultsAndScheduleFollowTheIterations() {
        let h = TrainingHyperparameters()
        XCTAssertEqual([h.iterations, h.batchSize, h.updateRatio], [1000, 64, 5])
        XCTAssertEqual(h.learningRate, 1e-3)
        XCTAssertEqual([h.beta1, h.beta2, h.penaltyWeight], [0.5, 0.9, 10])
        XCTAssertEqual(h.schedules.generator, .constant(1e-3))
        var decaying = TrainingHyperparameters(iterations: 100, updateRatio: 5, decayFrom: 0.9)
        XCTAssertEqual(decaying.schedules.generator, .linearDecay(initial: 1e-3, from: 90, to: 100))
        XCTAssertEqual(decaying.schedules.critic, .linearDecay(initial: 1e-3, from: 450, to: 500))
        decaying.batchSize = 0
        XCTAssertEqual(decaying.problem, "--batch-size must be 1...4096, got 0")
        XCTAssertEqual(TrainingHyperparameters(learningRate: -1).problem, "--lr must be above 0 and at most 1, got -1.0")
    }

    func testLossHistoryTableRoundTripsAndWritesCSV() {
        var history = LossHistory()
        history.append(LossRecord(iteration: 1, seconds: 1.5, losses: .init(critic: -1.25, gradientPenalty: 0.5, wasserstein: 3, generator: 0.1), learningRate: 1e-3))
        history.append(LossRecord(iteration: 2, seconds: 3.0004, losses: .init(critic: 0.3, gradientPenalty: 0, wasserstein: -2, generator: 7), learningRate: 5e-4))
        XCTAssertEqual(LossHistory(table: history.table)?.records.map(\.losses), history.records.map(\.losses))
        XCTAssertNil(LossHistory(table: [1, 2, 3]))
        XCTAssertEqual(LossRecord.csvHeader, "iteration,seconds,critic,generator,penalty,wasserstein,lr")
        XCTAssertEqual(history.records.map(\.csvLine), ["1,1.500,-1.25,0.1,0.5,3.0,0.001", "2,3.000,0.3,7.0,0.0,-2.0,0.0005"])
    }

    // MARK: - Chart

    func testChartDrawsARisingLineCornerToCorner() {
        // 2 cells = 4 dot columns, one per value; 2 rows = 8 dot levels: values 0, 1, 2, 3 at levels 0, 2, 5, 7,
        // joined by vertical runs.
        let lines = LossChart.render([.init("critic", [0, 1, 2, 3])], width: 13, height: 5, iterations: nil)
        XCTAssertEqual(lines, [
            "critic  3.000",
            "    3.000 ┤ ⡜",
            "    0.000 ┤⡰⠁",
            "          └──",
            "           1 4",
        ])
    }

    func testChartPanelsShareTheAxisAndGrowTowardsTheEnd() {
        let critic: [Float] = (0..<50).map { 5 - Float($0) * 0.1 }
        let generator: [Float] = (0..<50).map { _ in 0.25 }
        let lines = LossChart.render([.init("critic", critic), .init("generator", generator)], width: 40, height: 12,
                                     iterations: 1...100)
        XCTAssertEqual(lines.count, 12)
        XCTAssertEqual(lines[0], "critic  0.100")
        XCTAssertTrue(lines[1].hasPrefix("    5.000 ┤"))
        XCTAssertTrue(lines[4].hasPrefix("    0.150 ┤"), "the range of the plotted means (the last dot column averages two)")
        XCTAssertEqual(lines[5], "generator  0.250")
        XCTAssertEqual(lines[10], "          └" + String(repeating: "─", count: 29))
        XCTAssertEqual(lines[11], "           1        iteration        100")
        for line in lines { XCTAssertLessThanOrEqual(line.count, 40, line) }
        // Half the run is done: the right half of every plot row is empty, the left half is not.
        let plotRows = [1, 2, 3, 4, 6, 7, 8, 9].map { Array(lines[$0].dropFirst(11)) }
        for row in plotRows { XCTAssertTrue(row[16...].allSatisfy { $0 == " " }, String(row)) }
        XCTAssertTrue(plotRows.contains { $0[..<14].contains { $0 != " " } })
        // A constant series is one flat run of dots in a single row.
        let flat = [6, 7, 8, 9].filter { lines[$0].dropFirst(11).contains { $0 != " " } }
        XCTAssertEqual(flat.count, 1)
    }

    func testChartLabelsFormat() {
        XCTAssertEqual(LossChart.format(-1.23456), "-1.235")
        XCTAssertEqual(LossChart.format(123.44), "123.4")
        XCTAssertEqual(LossChart.format(0.00012), "1.20e-4")
        XCTAssertEqual(LossChart.format(250_000), "2.50e5")
        XCTAssertEqual(LossChart.format(0), "0.000")
    }

    func testTrainedInstrumentsComeFromTheDataThenThePreviousModel() {
        let previous = [ModelManifest.Instrument(role: .pad, program: 89, velocity: 50)]
        let instruments = TrainedInstruments.instruments(roles: [.drums, .bass, .chords, .pad],
                                                         programs: ToyData.dataset().programs(), previous: previous)
        XCTAssertEqual(instruments.map(\.role), [.drums, .bass, .chords, .pad])
        XCTAssertEqual(instruments.map(\.program), [0, 33, 0, 89], "bass and chords from the data, pad from the model")
        XCTAssertEqual(instruments.map(\.velocity), [96, 92, 76, 64])
        XCTAssertEqual(TrainedInstruments.instruments(roles: [.guitar], programs: [:]).first?.program, 25)
    }

    // MARK: - Samples

    func testTrainingSampleIsASongWithTheMelodyAndEveryRole() {
        let data = ToyData.dataset()
        let generator = TinyGenerator(window: ToyData.spec, random: RandomGenerator(seed: 3))
        let instruments = [ModelManifest.Instrument(role: .bass, program: 33, velocity: 90),
                           ModelManifest.Instrument(role: .chords, program: 4, velocity: 70)]
        let window = data.validationWindows[1]
        let song = TrainingSample.song(generator: generator, piece: data.pieces[window.piece], start: window.start,
                                       spec: ToyData.spec, instruments: instruments,
                                       noise: generator.sampleNoise(batch: 1, generator: RandomGenerator(seed: 4)))
        XCTAssertEqual(song.tracks.map(\.role), [.melody, .bass, .chords])
        XCTAssertEqual(song.tracks.map(\.program), [0, 33, 4])
        XCTAssertEqual(song.tracks.map(\.channel), [0, 1, 2])
        XCTAssertEqual(song.tracks[0].notes.map(\.start), [0, 480, 960, 1440], "the window's melody, from its start")
        XCTAssertTrue(song.tracks[1...].allSatisfy { $0.notes.allSatisfy { $0.end <= 16 * 120 } })
        XCTAssertEqual(song.timeSignatures, [TimeSignature(numerator: 4, denominator: 4)])
        let drums = TrainingSample.song(melody: [], tracks: [[StepNote(pitch: 36, start: 0, end: 1)]],
                                        spec: WindowSpec(roles: [.drums]), instruments: [], meter: TimeSignature())
        XCTAssertEqual(drums.tracks[1].channel, 9)
        XCTAssertTrue(drums.tracks[1].isDrum)
        let waltz = StepPiece(name: "w", stepCount: 48, barStarts: [0, 12, 24, 36], beatStarts: Array(stride(from: 0, to: 48, by: 4)),
                              melody: [], parts: [])
        XCTAssertEqual(TrainingSample.meter(waltz, start: 12), TimeSignature(numerator: 3, denominator: 4))
        let jig = StepPiece(name: "j", stepCount: 48, barStarts: [0, 12, 24, 36], beatStarts: Array(stride(from: 0, to: 48, by: 6)),
                            melody: [], parts: [])
        XCTAssertEqual(TrainingSample.meter(jig, start: 0), TimeSignature(numerator: 6, denominator: 8))
    }
}
