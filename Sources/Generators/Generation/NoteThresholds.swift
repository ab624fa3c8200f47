import MusicCore
import NeuralEngine

/// Where a generated plane counts as "on", per role and plane, instead of tanh's midpoint 0 for all.
///
/// A GAN trained for minutes gets the shape of a part (where its notes go) before its level: a bass that is right
/// about its pitches can still sit below 0 in half the bars and be heard as silence. `calibrate` sets each role's
/// thresholds to the quantiles of the generator's own output that make each plane as busy as the data's — the
/// share of "on" sustain and onset cells in real windows — over windows of the training data with their real
/// melodies. It changes how the output is read, never the network.
public struct NoteThresholds: Hashable, Sendable, Codable {
    public struct Role: Hashable, Sendable, Codable {
        public var role: TrackRole
        public var sustain: Float
        public var onset: Float
        /// One pitch at a time (the data's part is: a bass line): each step sounds only its strongest pitch.
        public var monophonic: Bool
        public init(role: TrackRole, sustain: Float, onset: Float, monophonic: Bool = false) {
            self.role = role
            self.sustain = sustain
            self.onset = onset
            self.monophonic = monophonic
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            role = try c.decode(TrackRole.self, forKey: .role)
            sustain = try c.decode(Float.self, forKey: .sustain)
            onset = try c.decode(Float.self, forKey: .onset)
            monophonic = try c.decodeIfPresent(Bool.self, forKey: .monophonic) ?? false
        }
    }

    public var roles: [Role]
    /// Windows the thresholds were calibrated on.
    public var windows: Int

    public init(roles: [Role], windows: Int) {
        self.roles = roles
        self.windows = windows
    }

    /// Thresholds are kept inside this range: a plane never switches fully on or off.
    public static let limit: Float = 0.9

    /// The thresholds of `role`, 0 (tanh's midpoint) and polyphonic where none is stored.
    public func thresholds(for role: TrackRole) -> Role {
        roles.first { $0.role == role } ?? Role(role: role, sustain: 0, onset: 0)
    }

    /// A part counts as monophonic when its sounding steps hold at most this many pitches on average.
    static let monophonicPolyphony = 1.05

    /// Calibrates `generator` on up to `windows` training windows of `dataset` (spread evenly, untransposed), with
    /// noise from `seed`.
    public static func calibrate(_ generator: any AccompanimentGenerator, on dataset: TrainingDataset, windows: Int = 256,
                                 seed: UInt64 = 1, batchSize: Int = 16) -> NoteThresholds {
        let spec = generator.window
        let all = dataset.trainWindows.isEmpty ? dataset.validationWindows : dataset.trainWindows
        let picked = all.count <= windows ? all : (0..<windows).map { all[$0 * all.count / windows] }
        let random = RandomGenerator(seed: seed)
        let plane = spec.steps * spec.pitchCount
        // Per track channel: the generated values, and how many real cells are on.
        var generated = [[Float]](repeating: [], count: spec.trackChannels)
        var realOn = [Int](repeating: 0, count: spec.trackChannels)
        // Per track channel: each step's strongest generated value, and real steps with any cell on.
        var stepMaxima = [[Float]](repeating: [], count: spec.trackChannels)
        var realSounding = [Int](repeating: 0, count: spec.trackChannels)
        var index = 0
        while index < picked.count {
            let batch = picked[index ..< min(picked.count, index + batchSize)]
            var condition: [Float] = [], real: [Float] = []
            for ref in batch {
                let (c, t) = WindowEncoding.encode(dataset.pieces[ref.piece], start: ref.start, spec: spec)
                condition += c
                real += t
            }
            let n = batch.count
            let output = generator.generate(condition: Tensor(shape: [n] + spec.conditionShape, data: condition),
                                            noise: generator.sampleNoise(batch: n, generator: random)).toArray()
            for i in 0..<n {
                for channel in 0..<spec.trackChannels {
                    let base = i * spec.tracksCount + channel * plane
                    generated[channel] += output[base ..< base + plane]
                    realOn[channel] += real[base ..< base + plane].count { $0 > 0 }
                    for t in 0..<spec.steps {
                        let row = base + t * spec.pitchCount ..< base + (t + 1) * spec.pitchCount
                        stepMaxima[channel].append(output[row].max()!)
                        if real[row].contains(where: { $0 > 0 }) { realSounding[channel] += 1 }
                    }
                }
            }
            index += n
        }
        let roles = spec.roles.indices.map { k in
            func threshold(_ plane: WindowSpec.TrackPlane) -> Float {
                guard let channel = spec.channel(role: k, plane) else { return 0 }
                return quantile(generated[channel], onShare: Double(realOn[channel]) / Double(max(1, generated[channel].count)))
            }
            let sustain = spec.channel(role: k, .sustain)!
            let polyphony = Double(realOn[sustain]) / Double(max(1, realSounding[sustain]))
            if spec.roles[k] != .drums && realSounding[sustain] > 0 && polyphony <= monophonicPolyphony {
                // One pitch per step: the strongest must clear the threshold as often as the data sounds.
                let share = Double(realSounding[sustain]) / Double(max(1, stepMaxima[sustain].count))
                return Role(role: spec.roles[k], sustain: quantile(stepMaxima[sustain], onShare: share),
                            onset: threshold(.onset), monophonic: true)
            }
            return Role(role: spec.roles[k], sustain: threshold(.sustain), onset: threshold(.onset))
        }
        return NoteThresholds(roles: roles, windows: picked.count)
    }

    /// The value above which `onShare` of `values` lie, within ±`limit`.
    static func quantile(_ values: [Float], onShare: Double) -> Float {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted(by: >)
        let k = Int((onShare * Double(sorted.count)).rounded())
        // All on: just under the lowest value (decoding asks for values above the threshold).
        let value: Float = k <= 0 ? sorted[0] : k >= sorted.count ? sorted[sorted.count - 1] - 1e-4 : (sorted[k - 1] + sorted[k]) / 2
        return min(limit, max(-limit, value))
    }
}
