import Foundation

/// SoundFont 2 generator operators (SF2.01 §8.1.2). The raw value is the `sfGenOper` number written to the file.
public enum SF2Generator: UInt16, Sendable, CaseIterable, Comparable {
    case startAddrsOffset = 0, endAddrsOffset = 1, startloopAddrsOffset = 2, endloopAddrsOffset = 3
    case startAddrsCoarseOffset = 4, modLfoToPitch = 5, vibLfoToPitch = 6, modEnvToPitch = 7
    case initialFilterFc = 8, initialFilterQ = 9, modLfoToFilterFc = 10, modEnvToFilterFc = 11
    case endAddrsCoarseOffset = 12, modLfoToVolume = 13, chorusEffectsSend = 15, reverbEffectsSend = 16
    case pan = 17, delayModLFO = 21, freqModLFO = 22, delayVibLFO = 23, freqVibLFO = 24
    case delayModEnv = 25, attackModEnv = 26, holdModEnv = 27, decayModEnv = 28, sustainModEnv = 29
    case releaseModEnv = 30, keynumToModEnvHold = 31, keynumToModEnvDecay = 32
    case delayVolEnv = 33, attackVolEnv = 34, holdVolEnv = 35, decayVolEnv = 36, sustainVolEnv = 37
    case releaseVolEnv = 38, keynumToVolEnvHold = 39, keynumToVolEnvDecay = 40
    case instrument = 41, keyRange = 43, velRange = 44, startloopAddrsCoarseOffset = 45
    case keynum = 46, velocity = 47, initialAttenuation = 48, endloopAddrsCoarseOffset = 50
    case coarseTune = 51, fineTune = 52, sampleID = 53, sampleModes = 54, scaleTuning = 56
    case exclusiveClass = 57, overridingRootKey = 58

    public static func < (a: SF2Generator, b: SF2Generator) -> Bool { a.rawValue < b.rawValue }

    /// Generators that only make sense on one sample, so the spec forbids them at preset level (§8.1.3).
    public var isInstrumentOnly: Bool {
        switch self {
        case .startAddrsOffset, .endAddrsOffset, .startloopAddrsOffset, .endloopAddrsOffset,
             .startAddrsCoarseOffset, .endAddrsCoarseOffset, .startloopAddrsCoarseOffset,
             .endloopAddrsCoarseOffset, .keynum, .velocity, .sampleModes, .exclusiveClass,
             .overridingRootKey, .sampleID:
            return true
        default:
            return false
        }
    }
}

/// SF2 unit conversions used when designing zones: the file stores time as timecents, levels as centibels and
/// frequencies as absolute cents (8.176 Hz · 2^(cents/1200)).
public enum SF2Units {
    /// Seconds → timecents (1200·log2 s); 0 s maps to the spec's "instant" value −12000.
    public static func timecents(_ seconds: Double) -> Int {
        seconds <= 0.001 ? -12000 : Int((1200 * log2Double(seconds)).rounded())
    }

    /// Hertz → absolute cents, clamped to the range the spec allows for filter cutoffs (1500…13500).
    public static func absoluteCents(_ hertz: Double) -> Int {
        let cents = 1200 * log2Double(hertz / 8.176)
        return Int(cents.rounded()).clamped(to: 1500...13500)
    }

    /// An attenuation in decibels → centibels.
    public static func centibels(_ decibels: Double) -> Int { Int((decibels * 10).rounded()) }
}

@inline(__always) func log2Double(_ x: Double) -> Double { log(x) / M_LN2 }

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
