/// Reads a SoundFont 2 file back into its records, checking the structure on the way: RIFF framing, chunk sizes,
/// terminal records and every index. Used by `ensemble soundfont info` and by the tests of the writer.

/// Why a file could not be read, in one line.
public struct SoundFontError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}

public struct SoundFontFile: Sendable {
    public struct Zone: Sendable, Equatable {
        /// Generators in file order, the link (instrument or sampleID) included.
        public var generators: [SF2GeneratorValue]
        public var keyRange: ClosedRange<Int> {
            generators.first { $0.generator == .keyRange }?.rangeValue ?? 0...127
        }
        public var velocityRange: ClosedRange<Int> {
            generators.first { $0.generator == .velRange }?.rangeValue ?? 0...127
        }
        public func value(of generator: SF2Generator) -> Int? {
            generators.last { $0.generator == generator }?.signedValue
        }
        /// The instrument or sample this zone plays; nil for a global zone.
        public func link(_ generator: SF2Generator) -> Int? {
            generators.last { $0.generator == generator }.map { Int($0.amount) }
        }
    }

    public struct Preset: Sendable { public var name: String; public var program, bank: Int; public var zones: [Zone] }
    public struct Instrument: Sendable { public var name: String; public var zones: [Zone] }
    public struct SampleHeader: Sendable {
        public var name: String
        /// Absolute indices into the sample data; `end` and `loopEnd` point one past the last point.
        public var start, end, loopStart, loopEnd: Int
        public var sampleRate, rootKey, pitchCorrection, link, type: Int
    }

    public var version: (major: Int, minor: Int)
    public var info: [String: String]
    public var presets: [Preset]
    public var instruments: [Instrument]
    public var samples: [SampleHeader]
    /// The smpl chunk: 16-bit mono points.
    public var sampleData: [Int16]

    public func points(of sample: SampleHeader) -> ArraySlice<Int16> { sampleData[sample.start..<sample.end] }
}

extension SoundFontFile {
    public static func parse(_ bytes: [UInt8]) throws(SoundFontError) -> SoundFontFile {
        var r = ByteReader(bytes, context: "file")
        guard bytes.count >= 12, try r.fourCC() == "RIFF" else { throw SoundFontError("not a RIFF file") }
        let riffSize = Int(try r.u32())
        guard try r.fourCC() == "sfbk" else { throw SoundFontError("RIFF form is not 'sfbk' (not a SoundFont 2)") }
        guard riffSize + 8 <= bytes.count else {
            throw SoundFontError("truncated: RIFF says \(riffSize + 8) bytes, file has \(bytes.count)")
        }
        var lists: [String: ByteReader] = [:]
        var body = try r.sub(riffSize - 4, context: "sfbk")
        while body.remaining >= 8 {
            let (id, chunk) = try body.chunk()
            guard id == "LIST" else { continue }
            var list = chunk
            let type = try list.fourCC()
            lists[type] = try list.sub(list.remaining, context: type)
        }
        for name in ["INFO", "sdta", "pdta"] where lists[name] == nil {
            throw SoundFontError("missing LIST '\(name)'")
        }
        let (version, info) = try parseInfo(lists["INFO"]!)
        let sampleData = try parseSampleData(lists["sdta"]!)
        return try parseHydra(lists["pdta"]!, version: version, info: info, sampleData: sampleData)
    }

    private static func parseInfo(_ list: ByteReader) throws(SoundFontError) -> ((Int, Int), [String: String]) {
        var r = list
        var info: [String: String] = [:]
        var version: (Int, Int)?
        while r.remaining >= 8 {
            var (id, chunk) = try r.chunk()
            if id == "ifil" {
                guard chunk.remaining == 4 else { throw SoundFontError("ifil chunk must be 4 bytes") }
                version = (Int(try chunk.u16()), Int(try chunk.u16()))
            } else {
                let raw = try chunk.bytes(chunk.remaining)
                info[id] = String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        guard let version else { throw SoundFontError("INFO has no version (ifil)") }
        guard version.0 == 2 else { throw SoundFontError("unsupported SoundFont version \(version.0).\(version.1)") }
        return (version, info)
    }

    private static func parseSampleData(_ list: ByteReader) throws(SoundFontError) -> [Int16] {
        var r = list
        while r.remaining >= 8 {
            var (id, chunk) = try r.chunk()
            guard id == "smpl" else { continue }
            guard chunk.remaining % 2 == 0 else { throw SoundFontError("smpl chunk has an odd size") }
            return try chunk.int16s(chunk.remaining / 2)
        }
        throw SoundFontError("sdta has no smpl chunk")
    }

    private static func parseHydra(_ list: ByteReader, version: (Int, Int), info: [String: String],
                                   sampleData: [Int16]) throws(SoundFontError) -> SoundFontFile {
        var r = list
        var chunks: [String: ByteReader] = [:]
        while r.remaining >= 8 {
            let (id, chunk) = try r.chunk()
            chunks[id] = chunk
        }
        func records(_ id: String, size: Int) throws(SoundFontError) -> (ByteReader, Int) {
            guard let c = chunks[id] else { throw SoundFontError("pdta has no '\(id)' chunk") }
            guard c.remaining % size == 0, c.remaining >= size else {
                throw SoundFontError("'\(id)' size \(c.remaining) is not a positive multiple of \(size)")
            }
            return (c, c.remaining / size)
        }

        // Headers: every list ends with a terminal record whose bag index closes the last entry.
        var (phdr, presetCount) = try records("phdr", size: 38)
        var presetHeads: [(String, Int, Int, Int)] = []
        for _ in 0..<presetCount {
            let name = try phdr.name20()
            let program = Int(try phdr.u16()), bank = Int(try phdr.u16()), bag = Int(try phdr.u16())
            _ = try phdr.bytes(12)
            presetHeads.append((name, program, bank, bag))
        }
        var (inst, instCount) = try records("inst", size: 22)
        var instHeads: [(String, Int)] = []
        for _ in 0..<instCount { instHeads.append((try inst.name20(), Int(try inst.u16()))) }

        let pbag = try bags(records("pbag", size: 4), id: "pbag")
        let ibag = try bags(records("ibag", size: 4), id: "ibag")
        _ = try records("pmod", size: 10)
        _ = try records("imod", size: 10)
        let pgen = try generators(records("pgen", size: 4))
        let igen = try generators(records("igen", size: 4))

        var (shdr, shdrCount) = try records("shdr", size: 46)
        var samples: [SampleHeader] = []
        for i in 0..<shdrCount {
            let name = try shdr.name20()
            let start = Int(try shdr.u32()), end = Int(try shdr.u32())
            let loopStart = Int(try shdr.u32()), loopEnd = Int(try shdr.u32()), rate = Int(try shdr.u32())
            let root = Int(try shdr.u8()), correction = Int(Int8(bitPattern: try shdr.u8()))
            let link = Int(try shdr.u16()), type = Int(try shdr.u16())
            if i < shdrCount - 1 {
                samples.append(SampleHeader(name: name, start: start, end: end, loopStart: loopStart,
                                            loopEnd: loopEnd, sampleRate: rate, rootKey: root,
                                            pitchCorrection: correction, link: link, type: type))
            }
        }
        for s in samples {
            guard s.start < s.end, s.end <= sampleData.count else {
                throw SoundFontError("sample '\(s.name)' points \(s.start)..<\(s.end) lie outside the sample data")
            }
        }

        let presets = try assemble(presetHeads.map { ($0.0, $0.3) }, bags: pbag, gens: pgen, kind: "preset",
                                   linkGenerator: .instrument, targets: instHeads.count - 1)
        let instruments = try assemble(instHeads, bags: ibag, gens: igen, kind: "instrument",
                                       linkGenerator: .sampleID, targets: samples.count)
        return SoundFontFile(
            version: version, info: info,
            presets: zip(presetHeads, presets).map { Preset(name: $0.0, program: $0.1, bank: $0.2, zones: $1) },
            instruments: instruments.enumerated().map { Instrument(name: instHeads[$0.offset].0, zones: $0.element) },
            samples: samples, sampleData: sampleData)
    }

    private static func bags(_ rec: (ByteReader, Int), id: String) throws(SoundFontError) -> [Int] {
        var (r, count) = rec
        var list: [Int] = []
        for _ in 0..<count {
            list.append(Int(try r.u16()))
            _ = try r.u16()
        }
        for i in 1..<max(1, list.count) where list[i] < list[i - 1] {
            throw SoundFontError("'\(id)' generator indices go backwards at bag \(i)")
        }
        return list
    }

    private static func generators(_ rec: (ByteReader, Int)) throws(SoundFontError) -> [(UInt16, UInt16)] {
        var (r, count) = rec
        var list: [(UInt16, UInt16)] = []
        for _ in 0..<count { list.append((try r.u16(), try r.u16())) }
        return list
    }

    /// Cuts the bag and generator lists into zones per header; the last header is the terminal record.
    private static func assemble(_ heads: [(String, Int)], bags: [Int], gens: [(UInt16, UInt16)], kind: String,
                                 linkGenerator: SF2Generator, targets: Int) throws(SoundFontError) -> [[Zone]] {
        guard let terminal = heads.last else { throw SoundFontError("\(kind) list has no terminal record") }
        guard terminal.1 == bags.count - 1 else {
            throw SoundFontError("terminal \(kind) record points at bag \(terminal.1), expected \(bags.count - 1)")
        }
        guard bags.last == gens.count - 1 else {
            throw SoundFontError("\(kind) bags end at generator \(bags.last ?? -1), expected \(gens.count - 1)")
        }
        var result: [[Zone]] = []
        for i in 0..<(heads.count - 1) {
            let (first, next) = (heads[i].1, heads[i + 1].1)
            guard first <= next, next < bags.count else {
                throw SoundFontError("\(kind) '\(heads[i].0)' has bag indices \(first)..<\(next) out of order")
            }
            var zones: [Zone] = []
            for b in first..<next {
                let values = gens[bags[b]..<bags[b + 1]].compactMap { op, amount in
                    SF2Generator(rawValue: op).map { SF2GeneratorValue($0, raw: amount) }
                }
                let zone = Zone(generators: values)
                if let link = zone.link(linkGenerator), link >= targets {
                    throw SoundFontError("\(kind) '\(heads[i].0)' links \(linkGenerator) \(link), only \(targets) exist")
                }
                zones.append(zone)
            }
            result.append(zones)
        }
        return result
    }
}

/// Bounds-checked little-endian reading; every overrun becomes a `SoundFontError` naming the chunk.
struct ByteReader {
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int
    private let context: String

    init(_ bytes: [UInt8], context: String) {
        self.init(bytes, from: 0, to: bytes.count, context: context)
    }

    private init(_ bytes: [UInt8], from: Int, to: Int, context: String) {
        self.bytes = bytes
        self.position = from
        self.end = to
        self.context = context
    }

    var remaining: Int { end - position }

    private mutating func take(_ n: Int) throws(SoundFontError) -> Int {
        guard n >= 0, n <= remaining else { throw SoundFontError("'\(context)' chunk is truncated") }
        defer { position += n }
        return position
    }

    mutating func u8() throws(SoundFontError) -> UInt8 { bytes[try take(1)] }
    mutating func u16() throws(SoundFontError) -> UInt16 {
        let p = try take(2)
        return UInt16(bytes[p]) | UInt16(bytes[p + 1]) << 8
    }
    mutating func u32() throws(SoundFontError) -> UInt32 {
        let p = try take(4)
        return (0..<4).reduce(0) { $0 | UInt32(bytes[p + $1]) << UInt32(8 * $1) }
    }
    mutating func bytes(_ n: Int) throws(SoundFontError) -> ArraySlice<UInt8> {
        let p = try take(n)
        return bytes[p..<(p + n)]
    }
    mutating func fourCC() throws(SoundFontError) -> String {
        String(decoding: try bytes(4), as: UTF8.self)
    }
    mutating func name20() throws(SoundFontError) -> String {
        String(decoding: try bytes(20).prefix { $0 != 0 }, as: UTF8.self)
    }
    mutating func int16s(_ n: Int) throws(SoundFontError) -> [Int16] {
        let p = try take(2 * n)
        return (0..<n).map { Int16(bitPattern: UInt16(bytes[p + 2 * $0]) | UInt16(bytes[p + 2 * $0 + 1]) << 8) }
    }
    mutating func sub(_ n: Int, context: String) throws(SoundFontError) -> ByteReader {
        let p = try take(n)
        return ByteReader(bytes, from: p, to: p + n, context: context)
    }
    /// Reads a chunk header and returns its id and body, skipping the pad byte of odd sizes.
    mutating func chunk() throws(SoundFontError) -> (String, ByteReader) {
        let id = try fourCC()
        let size = Int(try u32())
        guard size <= remaining else {
            throw SoundFontError("chunk '\(id)' in '\(context)' claims \(size) bytes, only \(remaining) remain")
        }
        let body = try sub(size, context: id)
        if size % 2 == 1, remaining > 0 { position += 1 }
        return (id, body)
    }
}
