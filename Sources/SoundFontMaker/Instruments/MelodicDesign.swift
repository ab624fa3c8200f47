import Foundation

/// A melodic instrument of the bank: one multi-sample per root key, synthesised on demand, plus the zone settings
/// (envelopes, filter, sends) that make it play like its family.
struct MelodicDesign: Sendable {
    let name: String
    /// Root keys of the multi-samples; each covers the keys nearer to it than to its neighbours.
    let roots: [Int]
    /// Level of the instrument in dB (negative = quieter), set by measuring RMS through FluidSynth.
    let gainDB: Double
    let sample: @Sendable (Int) -> SynthSample
    /// Settings shared by all zones: written to the instrument's global zone.
    let global: @Sendable (inout SF2Zone) -> Void
    /// Settings that depend on the root (e.g. decay time per register).
    let perRoot: @Sendable (Int, inout SF2Zone) -> Void

    init(name: String, roots: [Int], gainDB: Double = 0,
         sample: @escaping @Sendable (Int) -> SynthSample,
         global: @escaping @Sendable (inout SF2Zone) -> Void,
         perRoot: @escaping @Sendable (Int, inout SF2Zone) -> Void = { _, _ in }) {
        self.name = name
        self.roots = roots.sorted()
        self.gainDB = gainDB
        self.sample = sample
        self.global = global
        self.perRoot = perRoot
    }

    /// The key range each root covers: split halfway between neighbouring roots, the ends open to 0 and 127.
    func keyRanges() -> [ClosedRange<Int>] {
        roots.indices.map { i in
            let lo = i == 0 ? 0 : (roots[i - 1] + roots[i]) / 2 + 1
            let hi = i == roots.count - 1 ? 127 : (roots[i] + roots[i + 1]) / 2
            return lo...hi
        }
    }
}

/// Shared envelope vocabulary so designs read like a synth patch.
extension SF2Zone {
    /// Volume envelope in seconds; `sustainDB` is attenuation below peak (≥ 96 means the note dies away).
    mutating func volumeEnvelope(attack: Double = 0, hold: Double = 0, decay: Double = 0, sustainDB: Double = 0,
                                 release: Double) {
        set(.attackVolEnv, SF2Units.timecents(attack))
        if hold > 0 { set(.holdVolEnv, SF2Units.timecents(hold)) }
        if decay > 0 { set(.decayVolEnv, SF2Units.timecents(decay)) }
        set(.sustainVolEnv, min(1440, SF2Units.centibels(sustainDB)))
        set(.releaseVolEnv, SF2Units.timecents(release))
    }

    /// Modulation envelope; `sustain` is 0…1 of the peak.
    mutating func modulationEnvelope(attack: Double = 0, decay: Double, sustain: Double = 0, release: Double = 0.1) {
        set(.attackModEnv, SF2Units.timecents(attack))
        set(.decayModEnv, SF2Units.timecents(decay))
        set(.sustainModEnv, Int(((1 - sustain) * 1000).rounded()))
        set(.releaseModEnv, SF2Units.timecents(release))
    }

    mutating func lowpass(_ hertz: Double, resonanceDB: Double = 0) {
        set(.initialFilterFc, SF2Units.absoluteCents(hertz))
        if resonanceDB > 0 { set(.initialFilterQ, SF2Units.centibels(resonanceDB)) }
    }

    /// Delayed vibrato: `cents` deep at `hertz`.
    mutating func vibrato(cents: Int, hertz: Double, delay: Double) {
        set(.vibLfoToPitch, cents)
        set(.freqVibLFO, Int((1200 * log2(hertz / 8.176)).rounded()))
        set(.delayVibLFO, SF2Units.timecents(delay))
    }

    /// Tremolo on the modulation LFO: `decibels` deep at `hertz`.
    mutating func tremolo(decibels: Double, hertz: Double, delay: Double = 0) {
        set(.modLfoToVolume, SF2Units.centibels(decibels))
        set(.freqModLFO, Int((1200 * log2(hertz / 8.176)).rounded()))
        if delay > 0 { set(.delayModLFO, SF2Units.timecents(delay)) }
    }

    /// Reverb and chorus sends in percent.
    mutating func sends(reverb: Double = 0, chorus: Double = 0) {
        if reverb > 0 { set(.reverbEffectsSend, Int(reverb * 10)) }
        if chorus > 0 { set(.chorusEffectsSend, Int(chorus * 10)) }
    }
}

enum Keys {
    /// Linear interpolation of a value across the keyboard between (key0, v0) and (key1, v1), clamped.
    static func across(_ key: Int, _ key0: Int, _ v0: Double, _ key1: Int, _ v1: Double) -> Double {
        let t = (Double(key - key0) / Double(key1 - key0)).clamped(to: 0...1)
        return v0 + (v1 - v0) * t
    }
    /// Geometric interpolation (for times and frequencies).
    static func scale(_ key: Int, _ key0: Int, _ v0: Double, _ key1: Int, _ v1: Double) -> Double {
        let t = (Double(key - key0) / Double(key1 - key0)).clamped(to: 0...1)
        return v0 * pow(v1 / v0, t)
    }
}
