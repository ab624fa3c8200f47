/// The in-memory model of a SoundFont 2 bank, as the writer takes it: samples, instruments made of zones that
/// point at samples, and presets made of zones that point at instruments (SF2.01 §7).

/// One generator setting of a zone. `amount` holds the 16 raw bits the file stores.
public struct SF2GeneratorValue: Sendable, Equatable {
    public var generator: SF2Generator
    public var amount: UInt16

    public init(_ generator: SF2Generator, raw amount: UInt16) {
        self.generator = generator
        self.amount = amount
    }

    /// A signed setting (most generators: timecents, centibels, cents, semitones).
    public init(_ generator: SF2Generator, _ value: Int) {
        self.init(generator, raw: UInt16(bitPattern: Int16(value.clamped(to: -32768...32767))))
    }

    /// A key or velocity range: low byte first, as the file stores it.
    public init(range generator: SF2Generator, _ range: ClosedRange<Int>) {
        let lo = UInt16(range.lowerBound.clamped(to: 0...127)), hi = UInt16(range.upperBound.clamped(to: 0...127))
        self.init(generator, raw: lo | hi << 8)
    }

    public var signedValue: Int { Int(Int16(bitPattern: amount)) }
    public var rangeValue: ClosedRange<Int> {
        let lo = Int(amount & 0xFF), hi = Int(amount >> 8)
        return lo...max(lo, hi)
    }
}

/// A zone: a key/velocity region plus generator settings. Instrument zones link a sample, preset zones link an
/// instrument; a zone without a link is the global zone and must come first.
public struct SF2Zone: Sendable, Equatable {
    public var keyRange: ClosedRange<Int>?
    public var velocityRange: ClosedRange<Int>?
    public private(set) var generators: [SF2GeneratorValue] = []
    /// Sample index (instrument zone) or instrument index (preset zone); nil for a global zone.
    public var link: Int?

    public init(keyRange: ClosedRange<Int>? = nil, velocityRange: ClosedRange<Int>? = nil, link: Int? = nil) {
        self.keyRange = keyRange
        self.velocityRange = velocityRange
        self.link = link
    }

    /// Sets a signed generator, replacing an earlier value for the same generator.
    public mutating func set(_ generator: SF2Generator, _ value: Int) {
        precondition(![.keyRange, .velRange, .sampleID, .instrument].contains(generator),
                     "ranges and links have their own fields")
        generators.removeAll { $0.generator == generator }
        generators.append(SF2GeneratorValue(generator, value))
    }

    public func value(of generator: SF2Generator) -> Int? {
        generators.last { $0.generator == generator }?.signedValue
    }

    /// The generators in file order: keyRange, velRange, the rest by number, the link last (SF2.01 §8.1.2).
    func orderedGenerators(linkGenerator: SF2Generator) -> [SF2GeneratorValue] {
        var list: [SF2GeneratorValue] = []
        if let keyRange { list.append(SF2GeneratorValue(range: .keyRange, keyRange)) }
        if let velocityRange { list.append(SF2GeneratorValue(range: .velRange, velocityRange)) }
        list += generators.sorted { $0.generator < $1.generator }
        if let link { list.append(SF2GeneratorValue(linkGenerator, raw: UInt16(link))) }
        return list
    }
}

/// One mono 16-bit sample with its loop (indices relative to the sample's first point; the loop end is the first
/// point after the loop, as in the file).
public struct SF2Sample: Sendable, Equatable {
    public var name: String
    public var data: [Int16]
    public var sampleRate: Int
    public var rootKey: Int
    public var pitchCorrection: Int
    public var loopStart: Int
    public var loopEnd: Int

    public init(name: String, data: [Int16], sampleRate: Int, rootKey: Int, pitchCorrection: Int = 0,
                loopStart: Int = 0, loopEnd: Int = 0) {
        self.name = name
        self.data = data
        self.sampleRate = sampleRate
        self.rootKey = rootKey
        self.pitchCorrection = pitchCorrection
        self.loopStart = loopStart
        self.loopEnd = loopEnd
    }

    public var isLooped: Bool { loopEnd > loopStart }
}

public struct SF2Instrument: Sendable, Equatable {
    public var name: String
    public var zones: [SF2Zone]
    public init(name: String, zones: [SF2Zone]) {
        self.name = name
        self.zones = zones
    }
}

public struct SF2Preset: Sendable, Equatable {
    public var name: String
    public var program: Int
    public var bank: Int
    public var zones: [SF2Zone]
    public init(name: String, program: Int, bank: Int, zones: [SF2Zone]) {
        self.name = name
        self.program = program
        self.bank = bank
        self.zones = zones
    }
}

/// The INFO list: bank name, copyright and the like.
public struct SF2Info: Sendable, Equatable {
    public var name: String
    public var engine = "EMU8000"
    public var creationDate: String?
    public var engineers: String?
    public var product: String?
    public var copyright: String?
    public var comment: String?
    public var software: String?

    public init(name: String) { self.name = name }
}

/// A whole bank ready to be written.
public struct SoundFont2: Sendable, Equatable {
    public var info: SF2Info
    public var samples: [SF2Sample] = []
    public var instruments: [SF2Instrument] = []
    public var presets: [SF2Preset] = []

    public init(info: SF2Info) { self.info = info }

    /// Appends a sample and returns its index for instrument zones.
    public mutating func add(_ sample: SF2Sample) -> Int {
        samples.append(sample)
        return samples.count - 1
    }

    /// Appends an instrument and returns its index for preset zones.
    public mutating func add(_ instrument: SF2Instrument) -> Int {
        instruments.append(instrument)
        return instruments.count - 1
    }
}
