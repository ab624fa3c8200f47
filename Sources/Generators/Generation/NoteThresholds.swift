import MusicCore
import NeuralEngine

/// How a generator's output planes are read as notes, calibrated per model on its training data: where each
/// role's planes count as "on", and the musical priors that read them as a player would.
///
/// A GAN trained for minutes gets the shape of a part (where its notes go) before its level: a bass that is right
/// about its pitches can still sit below 0 in half the bars and be heard as silence. `calibrate` runs the
/// generator on windows of the training data with their real melodies and, per role, matches the data:
/// - thresholds: the quantiles of the generator's output that make each plane as busy as the data's (the share
///   of "on" sustain and onset cells);
/// - monophonic: a part the data plays one pitch at a time (a bass line) sounds one pitch per step, holding a note
///   through dips and changing pitch as often as the data's line does (`Role.hold`, `Role.margin`);
/// - shortest: notes are at least as long as nearly all of the data's (`NoteCleanup.lengthen`);
/// - bars: a line or drums the data plays in nearly every bar are read relative to each bar's own level (a bar
///   the network plays softly is still played), and a pitched part the data leaves out of some bars (a pad in
///   most, a bass in pickup bars before the band comes in) only plays in the network's strongest bars, as many
///   as the data's;
/// - key prior: pitches outside the melody's key (`MelodyKey`) read `keyPrior` lower.
/// It changes how the output is read, never the network.
public struct NoteThresholds: Hashable, Sendable, Codable {
    public struct Role: Hashable, Sendable, Codable {
        public var role: TrackRole
        public var sustain: Float
        public var onset: Float
        /// One pitch at a time (the data's part is: a bass line): each step sounds only its strongest pitch.
        public var monophonic: Bool
        /// The shortest note in steps the data's part plays (nearly: `shortestShare` of its notes are at least
        /// this long, up to a beat); generated notes are lengthened to it (`NoteCleanup.lengthen`).
        public var shortest: Int
        /// Values are read relative to their bar's level (`barLevels`): the data plays this part in nearly every bar.
        public var barRelative: Bool
        /// Bars whose level is below this are silent: the data leaves this part out of some bars. Nil: no gate.
        public var gate: Float?
        /// A monophonic line's sounding note holds while its value stays above `sustain − hold` (hysteresis: a
        /// network's output dips under the threshold for a step inside what it means as one note). Calibrated with
        /// `margin` (`CalibrationSamples.line`). Nil: 0. (Chords and pads read so gained pitch
        /// classes and lost their note lengths.)
        public var hold: Float?
        /// How much stronger another pitch must be to take over from a monophonic line's sounding one: calibrated
        /// with `hold` so the line starts, changes pitch and holds its notes about as the data's does. Nil:
        /// `NoteThresholds.switchMargin`.
        public var margin: Float?
        /// How much lower a pitched part's pitches outside the chord the melody outlines in their bar
        /// (`MelodyHarmony`) read: the part leans to chord tones as the data's does. Nil: 0.
        public var harmony: Float?
        /// The pitches the part plays in (MIDI, inclusive): the data's part's lowest and highest, as the window's
        /// rows place them. A bass stays in the bass register and drums on the kit's notes (read over the whole
        /// window, the shipped bass lines reached B7 on some melodies, drums B7 too). Nil: the whole window.
        public var lowest: Int?
        public var highest: Int?

        public init(role: TrackRole, sustain: Float, onset: Float, monophonic: Bool = false, shortest: Int = 1,
                    barRelative: Bool = false, gate: Float? = nil, hold: Float? = nil, margin: Float? = nil,
                    harmony: Float? = nil, lowest: Int? = nil, highest: Int? = nil) {
            self.role = role
            self.sustain = sustain
            self.onset = onset
            self.monophonic = monophonic
            self.shortest = shortest
            self.barRelative = barRelative
            self.gate = gate
            self.hold = hold
            self.margin = margin
            self.harmony = harmony
            self.lowest = lowest
            self.highest = highest
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            role = try c.decode(TrackRole.self, forKey: .role)
            sustain = try c.decode(Float.self, forKey: .sustain)
            onset = try c.decode(Float.self, forKey: .onset)
            monophonic = try c.decodeIfPresent(Bool.self, forKey: .monophonic) ?? false
            shortest = try c.decodeIfPresent(Int.self, forKey: .shortest) ?? 1
            barRelative = try c.decodeIfPresent(Bool.self, forKey: .barRelative) ?? false
            gate = try c.decodeIfPresent(Float.self, forKey: .gate)
            hold = try c.decodeIfPresent(Float.self, forKey: .hold)
            margin = try c.decodeIfPresent(Float.self, forKey: .margin)
            harmony = try c.decodeIfPresent(Float.self, forKey: .harmony)
            lowest = try c.decodeIfPresent(Int.self, forKey: .lowest)
            highest = try c.decodeIfPresent(Int.self, forKey: .highest)
        }
    }

    public var roles: [Role]
    /// Windows the thresholds were calibrated on.
    public var windows: Int
    /// How much lower a pitched note outside the melody's key (`MelodyKey`) reads than one inside it: the
    /// accompaniment leans to the tune's key without being locked to it. 0 in manifests from before it existed.
    public var keyPrior: Float

    public init(roles: [Role], windows: Int, keyPrior: Float = 0) {
        self.roles = roles
        self.windows = windows
        self.keyPrior = keyPrior
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        roles = try c.decode([Role].self, forKey: .roles)
        windows = try c.decode(Int.self, forKey: .windows)
        keyPrior = try c.decodeIfPresent(Float.self, forKey: .keyPrior) ?? 0
    }

    /// The key prior `calibrate` sets: more than the output's whole range (−1...1), so no note outside the
    /// melody's key sounds. Measured on the held-out melodies (docs/models/README.md): with a prior of 0.5 the
    /// accompaniment's in-scale rate stayed under 0.9× the data's for seven of the eight shipped models, with 1.0
    /// for five, with 2 for none.
    public static let defaultKeyPrior: Float = 2
    /// How much stronger another pitch must be to take over from a monophonic part's sounding one.
    public static let switchMargin: Float = 0.3
    /// The holds calibration chooses from (`Role.hold`).
    static let holds: [Float] = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6, 0.8]
    /// The harmony priors calibration chooses from (`Role.harmony`).
    static let harmonies: [Float] = [0, 0.1, 0.2, 0.3, 0.5, 1]
    /// The switch margins calibration chooses from (`Role.margin`).
    static let margins: [Float] = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6]
    /// Thresholds are kept inside this range: a plane never switches fully on or off.
    public static let limit: Float = 0.9
    /// A part counts as monophonic when its sounding steps hold at most this many pitches on average.
    static let monophonicPolyphony = 1.05
    /// Share of a part's notes that must be at least `Role.shortest` long.
    static let shortestShare = 0.95
    /// A part the data plays in at least this share of bars is read relative to each bar (`Role.barRelative`).
    static let barRelativeShare = 0.9

    /// The thresholds of `role`, 0 (tanh's midpoint) and polyphonic where none is stored.
    public func thresholds(for role: TrackRole) -> Role {
        roles.first { $0.role == role } ?? Role(role: role, sustain: 0, onset: 0)
    }

    /// What each pitch row of `spec` loses to the key prior in a window whose melody is in `scale`; nil without
    /// a scale or a prior.
    public func rowPenalties(spec: WindowSpec, scale: [Bool]?) -> [Float]? {
        guard let scale, keyPrior != 0 else { return nil }
        return (0..<spec.pitchCount).map { scale[(spec.lowestPitch + $0) % 12] ? 0 : keyPrior }
    }

    /// One role's planes of one window as decoding compares them with the thresholds (`steps × pitchCount` each).
    public struct Reading {
        public var sustain: [Float]
        public var onset: [Float]?
    }

    /// Role `k`'s planes of the window at `base` in `values`, read with `levels`: out-of-key rows lowered by
    /// `penalties` (pitched roles), rows outside each bar's melody chord (`chords`, one per bar) by the role's
    /// harmony prior, values made relative to their bar's level, and gated bars at −∞. `bars` are the window's
    /// bar starts (relative steps, ascending, the first 0).
    static func read(_ values: [Float], base: Int, spec: WindowSpec, role k: Int, levels: Role, penalties: [Float]?,
                     bars: [Int], chords: [[Bool]?]? = nil) -> Reading {
        let plane = spec.steps * spec.pitchCount
        func planeValues(_ channel: Int) -> [Float] {
            var out = Array(values[base + channel * plane ..< base + (channel + 1) * plane])
            if let penalties, spec.roles[k] != .drums {
                for c in out.indices { out[c] -= penalties[c % spec.pitchCount] }
            }
            return out
        }
        var reading = Reading(sustain: planeValues(spec.channel(role: k, .sustain)!),
                              onset: spec.channel(role: k, .onset).map(planeValues))
        if levels.lowest != nil || levels.highest != nil {
            // Compared, not made a range: a manifest may hold lowest > highest (the part then never sounds).
            let low = levels.lowest ?? .min, high = levels.highest ?? .max
            for r in 0..<spec.pitchCount where spec.lowestPitch + r < low || spec.lowestPitch + r > high {
                for t in 0..<spec.steps {
                    reading.sustain[t * spec.pitchCount + r] = -.infinity
                    reading.onset?[t * spec.pitchCount + r] = -.infinity
                }
            }
        }
        let ranges = barRanges(bars, steps: spec.steps)
        if let prior = levels.harmony, prior != 0, let chords, spec.roles[k] != .drums {
            for (range, chord) in zip(ranges, chords) {
                guard let chord else { continue }
                for t in range {
                    for r in 0..<spec.pitchCount where !chord[(spec.lowestPitch + r) % 12] {
                        reading.sustain[t * spec.pitchCount + r] -= prior
                        reading.onset?[t * spec.pitchCount + r] -= prior
                    }
                }
            }
        }
        guard levels.barRelative || levels.gate != nil else { return reading }
        for (range, level) in zip(ranges, barLevels(reading.sustain, spec: spec, bars: ranges)) {
            let cells = range.lowerBound * spec.pitchCount ..< range.upperBound * spec.pitchCount
            let shift: Float = levels.gate.map { level < $0 } ?? false ? -.infinity : levels.barRelative ? -level : 0
            for c in cells {
                reading.sustain[c] += shift
                reading.onset?[c] += shift
            }
        }
        return reading
    }

    /// The step ranges of a window's bars.
    static func barRanges(_ bars: [Int], steps: Int) -> [Range<Int>] {
        let starts = bars.filter { $0 > 0 && $0 < steps }
        return zip([0] + starts, starts + [steps]).map { $0 ..< $1 }
    }

    /// Each bar's level: the mean over its steps of the step's strongest sustain value.
    static func barLevels(_ sustain: [Float], spec: WindowSpec, bars: [Range<Int>]) -> [Float] {
        bars.map { range in
            let maxima = range.map { t in sustain[t * spec.pitchCount ..< (t + 1) * spec.pitchCount].max()! }
            return maxima.reduce(0, +) / Float(max(1, maxima.count))
        }
    }

    /// A window's bar starts relative to `start` in `piece` (its grid continued past its end).
    public static func bars(of piece: StepPiece, window start: Int, steps: Int) -> [Int] {
        [0] + piece.barStarts(through: start + steps).filter { $0 > start }.map { $0 - start }
    }

    /// Calibrates `generator` on up to `windows` training windows of `dataset` (spread evenly, untransposed), with
    /// noise from `seed`.
    public static func calibrate(_ generator: any AccompanimentGenerator, on dataset: TrainingDataset, windows: Int = 256,
                                 keyPrior: Float = defaultKeyPrior, seed: UInt64 = 1, batchSize: Int = 16) -> NoteThresholds {
        let spec = generator.window
        let all = dataset.trainWindows.isEmpty ? dataset.validationWindows : dataset.trainWindows
        let picked = all.count <= windows ? all : (0..<windows).map { all[$0 * all.count / windows] }
        let samples = CalibrationSamples(generator, dataset: dataset, windows: picked, keyPrior: keyPrior, seed: seed,
                                         batchSize: batchSize)
        let roles = spec.roles.indices.map { samples.calibrate(role: $0) }
        return NoteThresholds(roles: roles, windows: picked.count, keyPrior: keyPrior)
    }

    /// The longest length (1 up to a beat) that `shortestShare` of `lengths` reach; 1 for fewer than 20 notes.
    static func shortest(_ lengths: [Int]) -> Int {
        guard lengths.count >= 20 else { return 1 }
        return (1...StepGrid.stepsPerBeat).last { l in Double(lengths.count { $0 >= l }) >= shortestShare * Double(lengths.count) } ?? 1
    }

    /// The value above which `onShare` of `values` lie, within ±`within` (outputs of tanh lie within ±1).
    static func quantile(_ values: [Float], onShare: Double, within bound: Float = limit) -> Float {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted(by: >)
        let k = Int((onShare * Double(sorted.count)).rounded())
        // All on: just under the lowest value (decoding asks for values above the threshold).
        let value: Float = k <= 0 ? sorted[0] : k >= sorted.count ? sorted[sorted.count - 1] - 1e-4 : (sorted[k - 1] + sorted[k]) / 2
        return min(bound, max(-bound, value))
    }
}

/// The generator's output and the real tracks on the calibration windows, with each window's key and bars.
struct CalibrationSamples {
    let spec: WindowSpec
    let thresholds: NoteThresholds
    var generated: [[Float]] = []
    var real: [[Float]] = []
    var penalties: [[Float]?] = []
    var bars: [[Int]] = []
    /// Per role: lengths of the real notes that lie inside a window.
    var lengths: [[Int]]
    /// Per role: real notes that start inside a window.
    var starts: [Int]
    /// Per role: the real part's pitch classes per bar.
    var pitchClasses: [BarPitchClasses]
    /// Per window: the melody's chord per bar (`MelodyHarmony`).
    var chords: [[[Bool]?]] = []
    /// Per role: how much of the real part's sounding lies on the melody's chord tones.
    var chordTones: [ChordTones]
    /// Per role: the lowest and highest pitch the real part plays (as the window's rows place them).
    var pitchBounds: [ClosedRange<Int>?]

    init(_ generator: any AccompanimentGenerator, dataset: TrainingDataset, windows: [WindowRef], keyPrior: Float,
         seed: UInt64, batchSize: Int) {
        spec = generator.window
        thresholds = NoteThresholds(roles: [], windows: 0, keyPrior: keyPrior)
        lengths = [[Int]](repeating: [], count: spec.roles.count)
        starts = [Int](repeating: 0, count: spec.roles.count)
        pitchClasses = [BarPitchClasses](repeating: BarPitchClasses(), count: spec.roles.count)
        chordTones = [ChordTones](repeating: ChordTones(), count: spec.roles.count)
        pitchBounds = [ClosedRange<Int>?](repeating: nil, count: spec.roles.count)
        let random = RandomGenerator(seed: seed)
        var index = 0
        while index < windows.count {
            let batch = windows[index ..< min(windows.count, index + batchSize)]
            var condition: [Float] = []
            for ref in batch {
                let piece = dataset.pieces[ref.piece]
                let (c, t) = WindowEncoding.encode(piece, start: ref.start, spec: spec)
                condition += c
                real.append(t)
                penalties.append(thresholds.rowPenalties(spec: spec, scale: MelodyKey.scale(of: piece, around: ref.start ..< ref.start + spec.steps)))
                let windowBars = NoteThresholds.bars(of: piece, window: ref.start, steps: spec.steps)
                let windowChords = MelodyHarmony.chords(of: piece, window: ref.start, steps: spec.steps, bars: windowBars)
                let ranges = NoteThresholds.barRanges(windowBars, steps: spec.steps)
                bars.append(windowBars)
                chords.append(windowChords)
                for (k, role) in spec.roles.enumerated() {
                    let notes = piece.part(role)?.notes ?? []
                    for note in notes where note.end > ref.start && note.start < ref.start + spec.steps {
                        guard let row = WindowEncoding.row(Int(note.pitch), spec, drums: role == .drums) else { continue }
                        let pitch = spec.lowestPitch + row
                        pitchBounds[k] = pitchBounds[k].map { min($0.lowerBound, pitch)...max($0.upperBound, pitch) } ?? pitch...pitch
                    }
                    guard role != .drums else { continue }
                    lengths[k] += notes.filter { $0.start >= ref.start && $0.end <= ref.start + spec.steps }.map(\.length)
                    starts[k] += notes.count { (ref.start ..< ref.start + spec.steps).contains($0.start) }
                    let relative = notes.map { (pitch: Int($0.pitch), steps: $0.start - ref.start ..< $0.end - ref.start) }
                    pitchClasses[k].add(relative, bars: ranges)
                    chordTones[k].add(relative, bars: ranges, chords: windowChords)
                }
            }
            let n = batch.count
            let output = generator.generate(condition: Tensor(shape: [n] + spec.conditionShape, data: condition),
                                            noise: generator.sampleNoise(batch: n, generator: random)).toArray()
            generated += (0..<n).map { Array(output[$0 * spec.tracksCount ..< ($0 + 1) * spec.tracksCount]) }
            index += n
        }
    }

    /// What the data's part of role `k` does over the calibration windows.
    struct DataCounts {
        /// Sustain cells on, onset cells on, steps where anything sounds.
        var on = 0, onsets = 0, sounding = 0
        /// Bars where anything sounds, and all bars.
        var playingBars = 0, bars = 0
    }

    func dataCounts(role k: Int) -> DataCounts {
        let plane = spec.steps * spec.pitchCount, pitches = spec.pitchCount
        let sustain = spec.channel(role: k, .sustain)!, onset = spec.channel(role: k, .onset)
        func cells(_ w: Int, _ channel: Int, _ steps: Range<Int>) -> ArraySlice<Float> {
            real[w][channel * plane + steps.lowerBound * pitches ..< channel * plane + steps.upperBound * pitches]
        }
        var counts = DataCounts()
        for w in real.indices {
            for t in 0..<spec.steps {
                let on = cells(w, sustain, t ..< t + 1).count { $0 > 0 }
                counts.on += on
                if on > 0 { counts.sounding += 1 }
                if let onset { counts.onsets += cells(w, onset, t ..< t + 1).count { $0 > 0 } }
            }
            let ranges = NoteThresholds.barRanges(bars[w], steps: spec.steps)
            counts.bars += ranges.count
            counts.playingBars += ranges.count { cells(w, sustain, $0).contains { $0 > 0 } }
        }
        return counts
    }

    func reading(_ w: Int, role k: Int, _ levels: NoteThresholds.Role) -> NoteThresholds.Reading {
        NoteThresholds.read(generated[w], base: 0, spec: spec, role: k, levels: levels, penalties: penalties[w], bars: bars[w],
                            chords: chords[w])
    }

    /// Role `k`'s levels. A pitched part first gets the harmony prior (`NoteThresholds.harmonies`; a line read with
    /// the default hold and margin) with which it is most like the data's part in how much of its sounding lies on
    /// the melody's chord tones and in its pitch classes per bar (the sum of both relative misses; the smallest
    /// prior of equals: chords matched on chord tones alone lost their sevenths, pop-unet's UPC 5.4 → 4.1), then
    /// everything else is read with it.
    func calibrate(role k: Int) -> NoteThresholds.Role {
        let data = dataCounts(role: k)
        guard spec.roles[k] != .drums, chordTones[k].steps > 0, pitchClasses[k].bars > 0 else {
            return levels(role: k, data, harmony: nil)
        }
        var best: (miss: Double, prior: Float)?
        for prior in NoteThresholds.harmonies {
            let trial = levels(role: k, data, harmony: prior == 0 ? nil : prior, fitLine: false)
            var tones = ChordTones(), classes = BarPitchClasses()
            for w in generated.indices {
                let notes = WindowEncoding.notes(of: reading(w, role: k, trial), spec: spec, levels: trial)
                    .map { (pitch: Int($0.pitch), steps: $0.start ..< $0.end) }
                let ranges = NoteThresholds.barRanges(bars[w], steps: spec.steps)
                tones.add(notes, bars: ranges, chords: chords[w])
                classes.add(notes, bars: ranges)
            }
            let miss = abs(tones.share - chordTones[k].share) / max(chordTones[k].share, 1e-9)
                + abs(classes.perBar - pitchClasses[k].perBar) / pitchClasses[k].perBar
            if best == nil || miss < best!.miss - 1e-9 { best = (miss, prior) }
        }
        return levels(role: k, data, harmony: best!.prior == 0 ? nil : best!.prior)
    }

    /// Role `k`'s levels with harmony prior `harmony`, its data's part counted as `data`: first how its bars are
    /// read (from the share of bars the data plays it in), then the thresholds on the values so read, then
    /// (`fitLine`) a line's hold and margin.
    func levels(role k: Int, _ data: DataCounts, harmony: Float?, fitLine: Bool = true) -> NoteThresholds.Role {
        let role = spec.roles[k], pitches = spec.pitchCount
        let onset = spec.channel(role: k, .onset)
        // One pitch at a time in the data (drums never count).
        let monophonic = role != .drums && data.sounding > 0
            && Double(data.on) / Double(data.sounding) <= NoteThresholds.monophonicPolyphony
        var levels = NoteThresholds.Role(role: role, sustain: 0, onset: 0, monophonic: monophonic,
                                         shortest: NoteThresholds.shortest(lengths[k]), harmony: harmony)
        if let bounds = pitchBounds[k] { (levels.lowest, levels.highest) = (bounds.lowerBound, bounds.upperBound) }
        let playing = Double(data.playingBars) / Double(max(1, data.bars))
        // Any rests, not only a sparse part's: rock's bass rests in 2 % of bars and was heard in all of them.
        // Not drums: the training grooves rest in a few bars, the held-out pieces' drums never do (a gate
        // silenced 2 % of rock-musegan's drum bars).
        if playing < 1, data.playingBars > 0, role != .drums {
            // Keeps the strongest bars, as many as the data plays (bars tied at the gate all play). The levels are
            // read before `barRelative` is set: the gate compares a bar's own level.
            let levelsOfBars = generated.indices.flatMap { w in
                NoteThresholds.barLevels(reading(w, role: k, levels).sustain, spec: spec,
                                         bars: NoteThresholds.barRanges(bars[w], steps: spec.steps))
            }
            levels.gate = NoteThresholds.quantile(levelsOfBars, onShare: playing, within: 1)
        }
        // Lines and drums (jazz-unet's drums left 4.4 % of bars empty, 2.6 % so), not chords: read so, they grew
        // fragments and left the key in bars the network was unsure of (rock-unet's: QN 81 % → 31 %, in-scale
        // 94 % → 80 %).
        if playing >= NoteThresholds.barRelativeShare && (monophonic || role == .drums) { levels.barRelative = true }
        // The values decoding will compare (gated bars left out); the thresholds do not change the reading.
        let readings = generated.indices.map { reading($0, role: k, levels) }
        var sustainValues: [Float] = [], onsetValues: [Float] = [], stepMaxima: [Float] = []
        for r in readings {
            sustainValues += r.sustain.filter(\.isFinite)
            onsetValues += r.onset?.filter(\.isFinite) ?? []
            for t in 0..<spec.steps {
                let m = r.sustain[t * pitches ..< (t + 1) * pitches].max()!
                if m.isFinite { stepMaxima.append(m) }
            }
        }
        func share(_ count: Int, of values: [Float]) -> Double { min(1, Double(count) / Double(max(1, values.count))) }
        levels.onset = onset == nil ? 0 : NoteThresholds.quantile(onsetValues, onShare: share(data.onsets, of: onsetValues))
        levels.sustain = monophonic
            // One pitch per step: the strongest must clear the threshold as often as the data sounds.
            ? NoteThresholds.quantile(stepMaxima, onShare: share(data.sounding, of: stepMaxima))
            : NoteThresholds.quantile(sustainValues, onShare: share(data.on, of: sustainValues))
        // Lines only: held chords and pads gained pitch classes and lost their note lengths (checks met 71 → 62).
        if fitLine, monophonic, starts[k] > 0 { (levels.hold, levels.margin) = line(role: k, levels, readings) }
        return levels
    }

    /// The hold and switch margin (`NoteThresholds.holds`, `margins`) with which the line of role `k`, read as
    /// `readings` and lengthened as generation does, is most like the data's part over the calibration windows:
    /// as many notes started, as many pitch classes per bar and as many notes an eighth or longer (the sum of the
    /// three relative misses; the smallest hold and then the largest margin of equals). A network's output dips
    /// under the threshold for a step inside what it means as one note (without a hold the note splits in two),
    /// and a smooth output keeps one pitch strongest across what the data plays as a walk (with the fixed margin
    /// of 0.3 the U-Nets' bass played 1.3 pitch classes a bar where the data plays 2.0–2.7).
    func line(role k: Int, _ levels: NoteThresholds.Role, _ readings: [NoteThresholds.Reading]) -> (hold: Float?, margin: Float?) {
        let data = LineShape(starts: starts[k], classes: pitchClasses[k], lengths: lengths[k])
        var best: (miss: Double, hold: Float, margin: Float)?
        for h in NoteThresholds.holds {
            for m in NoteThresholds.margins.reversed() {
                var trial = levels
                trial.hold = h
                trial.margin = m
                var shape = LineShape()
                for (w, reading) in readings.enumerated() {
                    let notes = NoteCleanup().lengthen(WindowEncoding.notes(of: reading, spec: spec, levels: trial),
                                                       shortest: levels.shortest, monophonic: true, limit: spec.steps)
                    shape.add(notes, bars: NoteThresholds.barRanges(bars[w], steps: spec.steps))
                }
                let miss = shape.miss(from: data)
                if best == nil || miss < best!.miss - 1e-9 { best = (miss, h, m) }
            }
        }
        guard let best else { return (nil, nil) }
        return (best.hold == 0 ? nil : best.hold, best.margin == NoteThresholds.switchMargin ? nil : best.margin)
    }
}

/// What calibration compares of a line and the data's part: notes started, pitch classes per bar, share of notes
/// an eighth or longer (the QN metric's count).
struct LineShape {
    var starts = 0
    var classes = BarPitchClasses()
    var notes = 0, long = 0

    init() {}

    init(starts: Int, classes: BarPitchClasses, lengths: [Int]) {
        self.starts = starts
        self.classes = classes
        notes = lengths.count
        long = lengths.count { $0 >= StepGrid.stepsPerBeat / 2 }
    }

    var qualified: Double { notes == 0 ? 0 : Double(long) / Double(notes) }

    mutating func add(_ window: [StepNote], bars: [Range<Int>]) {
        starts += window.count
        classes.add(window.map { (Int($0.pitch), $0.start ..< $0.end) }, bars: bars)
        notes += window.count
        long += window.count { $0.length >= StepGrid.stepsPerBeat / 2 }
    }

    /// The sum of the relative misses from `data`'s starts, pitch classes per bar and share of long notes.
    func miss(from data: LineShape) -> Double {
        func relative(_ value: Double, _ target: Double) -> Double { target > 0 ? abs(value - target) / target : 0 }
        return relative(Double(starts), Double(data.starts)) + relative(classes.perBar, data.classes.perBar)
            + relative(qualified, data.qualified)
    }
}

/// How many of a part's sounding steps lie on the chord the melody outlines in their bar, of those in bars where
/// the melody sounds.
struct ChordTones {
    var inChord = 0, steps = 0
    var share: Double { steps == 0 ? 0 : Double(inChord) / Double(steps) }

    /// Adds one window's notes (pitch, steps relative to the window) over its bars `ranges` with `chords` (one per bar).
    mutating func add(_ notes: [(pitch: Int, steps: Range<Int>)], bars ranges: [Range<Int>], chords: [[Bool]?]) {
        for (range, chord) in zip(ranges, chords) {
            guard let chord else { continue }
            for note in notes {
                let overlap = max(0, min(note.steps.upperBound, range.upperBound) - max(note.steps.lowerBound, range.lowerBound))
                steps += overlap
                if chord[note.pitch % 12] { inChord += overlap }
            }
        }
    }
}

/// Distinct pitch classes per bar a part plays in, summed over bars (the UPC metric's count).
struct BarPitchClasses {
    var classes = 0, bars = 0
    var perBar: Double { bars == 0 ? 0 : Double(classes) / Double(bars) }

    /// Adds the bars `ranges` of one window whose notes (pitch, steps relative to the window) are `notes`.
    mutating func add(_ notes: [(pitch: Int, steps: Range<Int>)], bars ranges: [Range<Int>]) {
        for range in ranges {
            var mask = 0
            for note in notes where note.steps.overlaps(range) { mask |= 1 << (note.pitch % 12) }
            if mask != 0 { classes += mask.nonzeroBitCount; bars += 1 }
        }
    }
}
