import Foundation
import Generators
import ModelLibrary
import MusicCore
import NeuralEngine

/// Weights, datasets, manifests and checkpoints.
enum ModelInputs {
    static func safeTensors(_ bytes: [UInt8]) -> Bool {
        guard let file = try? SafeTensorsFile(decoding: bytes) else { return false }
        for (_, tensor) in file.tensors where tensor.dtype.isFloatStorage { _ = tensor.floats() }
        _ = file.encoded()
        return true
    }

    /// Loaded strictly into each tiny network, as `ModelStore.load` loads a stored model's weights; a network
    /// that takes them then generates a window and it is read into notes.
    static func weights(_ bytes: [UInt8]) -> Bool {
        guard let file = try? SafeTensorsFile(decoding: bytes) else { return false }
        var loaded = false
        for network in TinyNetworks.generators {
            guard (try? network.loadStateDict(file, strict: true)) != nil else { continue }
            loaded = true
            let spec = network.window
            let condition = Tensor.zeros([1] + spec.conditionShape)
            let noise = Tensor.zeros([1] + network.noiseShape)
            _ = WindowEncoding.decode(network(condition, noise).toArray(), spec: spec)
        }
        return loaded
    }

    /// As `ensemble train` and `dataset info` read it. A mutated file's checksum is repaired (unless its length
    /// is a multiple of 7, which keeps the checksum path fuzzed too) so mutations reach the header and body.
    static func dataset(_ bytes: [UInt8]) -> Bool {
        var bytes = bytes
        if bytes.count >= 16, bytes.count % 7 != 0 {
            let sum = FNV1a.hash(bytes[0..<bytes.count - 8])
            for i in 0..<8 { bytes[bytes.count - 8 + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
        }
        guard let file = try? DatasetFile(decoding: bytes) else { return false }
        _ = DatasetReport.text(file, contentHash: nil)
        let dataset = file.dataset
        guard !dataset.trainWindows.isEmpty else { return true }
        let spec = WindowSpec(steps: dataset.settings.windowSteps, roles: dataset.settings.roles)
        guard spec.problem == nil, spec.tracksCount <= 1 << 22 else { return true }
        var batcher = WindowBatcher(dataset: dataset, spec: spec, batchSize: 2, seed: 1)
        _ = batcher.render(batcher.nextDraws())
        return true
    }

    /// As `ensemble models` reads it, then its calibrated reading applied to a made-up window of output.
    static func manifest(_ bytes: [UInt8]) -> Bool {
        guard let manifest = try? ModelStore.manifest(decoding: Data(bytes), path: "manifest.json"),
              (try? ModelFactory.check(manifest.config)) != nil else { return false }
        let spec = manifest.config.window
        guard let thresholds = manifest.thresholds, spec.tracksCount <= 1 << 20 else { return true }
        var state = FNV1a.hash(bytes)
        let values = (0..<spec.tracksCount).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int(state >> 40) % 2001 - 1000) / 1000
        }
        let scale = (0..<12).map { [0, 2, 4, 5, 7, 9, 11].contains($0) }
        let bars = Array(stride(from: 0, to: spec.steps, by: 12))
        let chords: [[Bool]?] = bars.indices.map { $0 % 2 == 0 ? (0..<12).map { [0, 4, 7].contains($0) } : nil }
        let parts = WindowEncoding.decode(values, spec: spec, thresholds: thresholds, scale: scale, bars: bars, chords: chords)
        let cleanup = NoteCleanup()
        for (role, notes) in zip(spec.roles, parts) {
            let levels = thresholds.thresholds(for: role)
            _ = cleanup.lengthen(cleanup.apply(notes, role: role), shortest: levels.shortest,
                                 monophonic: levels.monophonic, limit: spec.steps)
        }
        return true
    }

    /// As `ensemble train --resume` reads it.
    static func checkpoint(_ bytes: [UInt8]) -> Bool {
        guard let checkpoint = try? TrainingCheckpointFile.decode(bytes) else { return false }
        _ = try? checkpoint.history()
        _ = TrainingCheckpointFile.encode(checkpoint)
        return true
    }
}

/// One small network of each architecture, built once: the weights target loads into them.
enum TinyNetworks {
    static let configs: [ModelConfig] = [
        ModelConfig(architecture: .unet, window: WindowSpec(steps: 32, lowestPitch: 24, pitchCount: 24, roles: [.drums, .bass]),
                    sizes: ["width": 2, "noiseChannels": 2, "criticWidth": 2]),
        ModelConfig(architecture: .musegan, window: WindowSpec(steps: 32, lowestPitch: 24, pitchCount: 24, roles: [.drums, .bass]),
                    sizes: ["latent": 2, "sharedWidth": 4, "privateWidth": 2, "encoderWidth": 1, "criticWidth": 1]),
        ModelConfig(architecture: .unetDC, window: WindowSpec(steps: 32, lowestPitch: 48, pitchCount: 32, roles: [.bass],
                                                              conditionPlanes: [.melodySustain]),
                    sizes: ["width": 2, "noiseChannels": 2, "criticWidth": 2]),
    ]

    // Only the fuzzing thread touches these (libFuzzer runs inputs one at a time).
    nonisolated(unsafe) static let generators: [any AccompanimentGenerator] = configs.map {
        let generator = try! ModelFactory.makeGenerator($0)
        generator.eval()  // as a loaded model runs: running statistics, no dropout
        return generator
    }
}
