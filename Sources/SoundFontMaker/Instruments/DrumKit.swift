import Foundation

/// One key of the drum kit.
struct DrumSound: Sendable {
    let key: Int
    let name: String
    /// Sample rate: 32 kHz for cymbals, hats and shakers (their energy is high), 22.05 kHz for skins and wood.
    let rate: Int
    let gainDB: Double
    /// −50 (left) … 50 (right), in percent.
    let pan: Double
    /// Keys with the same class cut each other off (an open hi-hat stops when the pedal closes it).
    let exclusiveClass: Int
    /// The synthesis, or nil when the key plays another key's sample (`source`), `transpose` semitones higher.
    let make: (@Sendable (inout DrumSynth) -> [Double])?
    let source: Int?
    let transpose: Int
    /// Zone settings beyond the kit's defaults (a shorter envelope for a choked variant).
    let zoneEdit: @Sendable (inout SF2Zone) -> Void

    init(_ key: Int, _ name: String, rate: Int = 22050, gainDB: Double = 0, pan: Double = 0, exclusive: Int = 0,
         _ make: @escaping @Sendable (inout DrumSynth) -> [Double]) {
        self.key = key
        self.name = name
        self.rate = rate
        self.gainDB = gainDB
        self.pan = pan
        self.exclusiveClass = exclusive
        self.make = make
        source = nil
        transpose = 0
        zoneEdit = { _ in }
    }

    /// A key that reuses another key's sample at another pitch and/or with its own envelope.
    init(_ key: Int, _ name: String, playing source: Int, transpose: Int = 0, pan: Double = 0, exclusive: Int = 0,
         zone: @escaping @Sendable (inout SF2Zone) -> Void = { _ in }) {
        self.key = key
        self.name = name
        self.rate = 0
        self.gainDB = 0
        self.pan = pan
        self.exclusiveClass = exclusive
        self.make = nil
        self.source = source
        self.transpose = transpose
        zoneEdit = zone
    }

    func sample() -> SynthSample {
        var synth = DrumSynth(rate: Double(rate), seed: "drum \(key)")
        var points = make?(&synth) ?? []
        Buffers.fadeOut(&points, count: min(points.count / 4, rate / 50))
        return SynthSample(name: name, points: points, loop: nil, sampleRate: rate, rootKey: key)
    }
}

/// The General MIDI percussion map (keys 35–81) plus the GM2 extras around it (27–34, 82–87), synthesised.
enum DrumKit {
    static let hiHatClass = 1

    static let sounds: [DrumSound] = kicksAndSnares + toms + cymbals + latin + effects

    static let kicksAndSnares: [DrumSound] = [
        DrumSound(35, "Acoustic Kick", gainDB: -3) { s in kick(&s, hz: 47, start: 125, decay: 0.13, click: 0.35) },
        DrumSound(36, "Kick", gainDB: -3) { s in kick(&s, hz: 54, start: 170, decay: 0.09, click: 0.5) },
        DrumSound(37, "Side Stick", gainDB: -2) { s in
            s.sum([(s.tones(seconds: 0.12, [(1750, 1, 0.012), (520, 0.6, 0.03), (3100, 0.4, 0.008)]), 1),
                   (s.noise(seconds: 0.05, decay: 0.006, filters: [s.bandpass(2500, q: 1)]), 0.6)])
        },
        DrumSound(38, "Acoustic Snare", rate: 32000, gainDB: -1) { s in snare(&s, hz: 185, decay: 0.1, tone: 0.6) },
        DrumSound(39, "Hand Clap", rate: 32000, gainDB: -3, pan: -10) { s in
            let burst = s.noise(seconds: 0.02, decay: 0.004, filters: [s.bandpass(1100, q: 1.4)])
            let tail = s.noise(seconds: 0.3, decay: 0.08, filters: [s.bandpass(1100, q: 1.2)])
            var clap = s.repeated(burst, onsets: [(0, 1), (0.011, 0.9), (0.021, 0.85)], seconds: 0.35)
            Buffers.mix(tail, into: &clap, gain: 0.5 / max(1e-9, Buffers.peak(tail)) * Buffers.peak(burst), at: s.count(0.03))
            return clap
        },
        DrumSound(40, "Electric Snare", rate: 32000, gainDB: -1) { s in snare(&s, hz: 220, decay: 0.08, tone: 0.45) },
    ]

    static let toms: [DrumSound] = [
        (41, "Low Floor Tom", 80.0, -25.0), (43, "High Floor Tom", 95, -18), (45, "Low Tom", 110, -8),
        (47, "Low-Mid Tom", 130, 2), (48, "Hi-Mid Tom", 150, 12), (50, "High Tom", 175, 22),
    ].map { key, name, hz, pan in
        DrumSound(key, name, gainDB: -4, pan: pan) { s in
            let head = s.membrane(seconds: 0.6, startHz: hz * 1.6, endHz: hz, glide: 0.04, decay: 0.32 * 110 / hz + 0.1,
                                  overtones: [(1.59, 0.35), (2.14, 0.2)])
            let stick = s.noise(seconds: 0.04, decay: 0.006, filters: [s.bandpass(3000, q: 0.8)])
            let skin = s.tones(seconds: 0.2, [(hz * 2.9, 1, 0.04), (hz * 4.1, 0.6, 0.025)])
            return DrumSynth.saturate(s.sum([(head, 1), (stick, 0.35), (skin, 0.25)]), drive: 1.8)
        }
    }

    static let cymbals: [DrumSound] = [
        DrumSound(42, "Closed Hi-Hat", rate: 32000, gainDB: -7, pan: -25, exclusive: hiHatClass) { s in
            hat(&s, seconds: 0.18, decay: 0.045)
        },
        DrumSound(44, "Pedal Hi-Hat", rate: 32000, gainDB: -9, pan: -25, exclusive: hiHatClass) { s in
            hat(&s, seconds: 0.2, decay: 0.05, attack: 0.004)
        },
        DrumSound(46, "Open Hi-Hat", rate: 32000, gainDB: -8, pan: -25, exclusive: hiHatClass) { s in
            hat(&s, seconds: 0.8, decay: 0.32)
        },
        DrumSound(49, "Crash 1", rate: 32000, gainDB: -5, pan: -35) { s in crash(&s, seconds: 1.6, decay: 0.65, low: 450) },
        DrumSound(51, "Ride 1", rate: 32000, gainDB: -9, pan: 35) { s in ride(&s, bell: 0.25, seconds: 1.4) },
        DrumSound(52, "Chinese Cymbal", rate: 32000, gainDB: -7, pan: 30) { s in
            DrumSynth.saturate(crash(&s, seconds: 1.1, decay: 0.4, low: 350), drive: 3)
        },
        DrumSound(53, "Ride Bell", rate: 32000, gainDB: -9, pan: 35) { s in ride(&s, bell: 1, seconds: 1.1) },
        DrumSound(55, "Splash", playing: 49, transpose: 5, pan: -20) { z in
            z.set(.decayVolEnv, SF2Units.timecents(0.9))
            z.set(.sustainVolEnv, 1000)
        },
        DrumSound(57, "Crash 2", playing: 49, transpose: 2, pan: 30),
        DrumSound(59, "Ride 2", playing: 51, transpose: -1, pan: 30),
    ]

    // MARK: recipes

    static func kick(_ s: inout DrumSynth, hz: Double, start: Double, decay: Double, click: Double) -> [Double] {
        let body = s.membrane(seconds: 0.45, startHz: start, endHz: hz, glide: 0.022, decay: decay,
                              overtones: [(1.6, 0.15)])
        let beater = s.noise(seconds: 0.02, decay: 0.003, filters: [s.bandpass(3200, q: 0.7)])
        let knock = s.tones(seconds: 0.03, [(900, 1, 0.006)])
        return DrumSynth.saturate(s.sum([(body, 1), (beater, click), (knock, click * 0.6)]), drive: 2.5)
    }

    static func snare(_ s: inout DrumSynth, hz: Double, decay: Double, tone: Double) -> [Double] {
        let head = s.membrane(seconds: 0.35, startHz: hz * 1.3, endHz: hz, glide: 0.01, decay: 0.055,
                              overtones: [(1.78, 0.6)])
        let wires = s.noise(seconds: 0.35, decay: decay, filters: [s.highpass(1200), s.lowpass(9500)])
        let crack = s.noise(seconds: 0.02, decay: 0.004, filters: [s.highpass(2500)])
        return DrumSynth.saturate(s.sum([(head, tone), (wires, 1), (crack, 0.5)]), drive: 2)
    }

    static func hat(_ s: inout DrumSynth, seconds: Double, decay: Double, attack: Double = 0.0005) -> [Double] {
        let shimmer = s.metal(seconds: seconds, partials: 40, low: 4500, high: 13000, decay: decay * 1.4)
        let hiss = s.noise(seconds: seconds, decay: decay, attack: attack, filters: [s.highpass(6000), s.highpass(6000)])
        return s.sum([(shimmer, 0.6), (hiss, 1)])
    }

    static func crash(_ s: inout DrumSynth, seconds: Double, decay: Double, low: Double) -> [Double] {
        let shimmer = s.metal(seconds: seconds, partials: 90, low: low, high: 12000, decay: decay * 1.3)
        let wash = s.noise(seconds: seconds, decay: decay * 0.8, attack: 0.002,
                           filters: [s.highpass(1500), s.peak(4500, q: 0.7, gainDB: 6), s.lowpass(12000)])
        let hit = s.noise(seconds: 0.06, decay: 0.012, filters: [s.highpass(800)])
        return s.sum([(shimmer, 0.8), (wash, 1), (hit, 0.5)])
    }

    static func ride(_ s: inout DrumSynth, bell: Double, seconds: Double) -> [Double] {
        let ping = s.metal(seconds: seconds, partials: 60, low: 1500, high: 10000, decay: 0.8)
        let bellTones = s.tones(seconds: seconds, [(740, 1, 0.8), (1480, 0.5, 0.6), (2220, 0.6, 0.45), (3350, 0.35, 0.35)])
        let tick = s.noise(seconds: 0.03, decay: 0.004, filters: [s.highpass(4000)])
        let wash = s.noise(seconds: seconds, decay: 0.5, filters: [s.highpass(5000)])
        return s.sum([(ping, 1), (bellTones, bell), (tick, 0.5), (wash, 0.35)])
    }
}

extension DrumKit {
    /// Kits of GM2 that play our one kit, so songs asking for them still hear drums.
    static let kitPresets: [(program: Int, name: String)] = [
        (0, "Standard"), (8, "Room"), (16, "Power"), (24, "Electronic"), (25, "TR-808"), (32, "Jazz"),
        (40, "Brush"), (48, "Orchestra"),
    ]

    /// The kit instrument: one zone per key, each playing its own one-shot sample at its own pitch. The long
    /// release lets a hit ring out after a short MIDI note, as drum machines ignore note-off; the voice still ends
    /// with its sample.
    static func zone(for sound: DrumSound, sampleIndex: Int) -> SF2Zone {
        var zone = SF2Zone(keyRange: sound.key...sound.key, link: sampleIndex)
        zone.set(.sampleModes, 0)
        zone.set(.overridingRootKey, sound.key - sound.transpose)
        sound.zoneEdit(&zone)
        if sound.pan != 0 { zone.set(.pan, Int(sound.pan * 10)) }
        if sound.exclusiveClass != 0 { zone.set(.exclusiveClass, sound.exclusiveClass) }
        return zone
    }

    static func globalZone() -> SF2Zone {
        var zone = SF2Zone()
        zone.set(.releaseVolEnv, SF2Units.timecents(10))
        zone.set(.reverbEffectsSend, 120)
        return zone
    }
}
