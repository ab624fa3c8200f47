#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import MusicCore

/// One piece as the `.ensds` header lists it: where it came from, its side of the split, meters, bars, windows.
public struct DatasetPieceInfo: Hashable, Sendable, Codable {
    public var name: String
    public var validation: Bool
    public var meters: [Meter]
    public var bars: Int
    public var windows: Int
    public init(name: String, validation: Bool, meters: [Meter], bars: Int, windows: Int) {
        self.name = name
        self.validation = validation
        self.meters = meters
        self.bars = bars
        self.windows = windows
    }
}

/// A `.ensds` dataset file: a `TrainingDataset` with how it was built and what the build found.
///
/// Layout (all integers little-endian; docs/dataset-format.md is the full reference):
///     magic "ENSDS\r\n\u{1A}" · u32 version · u32 header length · header JSON (UTF-8)
///     · u64 body length · body · u64 FNV-1a of every byte before it.
/// The body holds every piece (bar and beat starts, melody and parts as u32 start/end arrays and u8 pitches) and
/// the train and validation windows. The checksum is also the dataset's `contentHash`.
public struct DatasetFile: Hashable, Sendable {
    public static let magic: [UInt8] = Array("ENSDS".utf8) + [0x0D, 0x0A, 0x1A]
    public static let version: UInt32 = 1
    public static let fileExtension = "ensds"
    /// Role codes in the body: the index in this list. Never reorder (append new roles at the end).
    public static let roleCodes: [TrackRole] = [.melody, .drums, .bass, .chords, .guitar, .pad]
    /// Upper bounds a reader enforces, so a hostile file cannot ask for absurd memory or loops.
    public static let maxSteps = 1 << 24
    public static let maxWindowSteps = 4096
    public static let maxHeaderBytes = 1 << 28

    public var dataset: TrainingDataset
    /// How it was built (nil for a dataset made some other way).
    public var options: DatasetBuildOptions?
    public var summary: DatasetSummary
    /// Parallel to `dataset.pieces`.
    public var pieces: [DatasetPieceInfo]

    public init(dataset: TrainingDataset, options: DatasetBuildOptions?, summary: DatasetSummary,
                pieces: [DatasetPieceInfo]) {
        precondition(pieces.count == dataset.pieces.count, "DatasetFile: one piece info per piece")
        self.dataset = dataset
        self.options = options
        self.summary = summary
        self.pieces = pieces
    }

    /// The header as stored: everything but the notes.
    struct Header: Codable {
        var format: String
        var version: Int
        var name: String
        var settings: TrainingDataset.Settings
        var options: DatasetBuildOptions?
        var pieces: [DatasetPieceInfo]
        var summary: DatasetSummary
    }

    // MARK: Encoding

    /// The file's bytes. Deterministic: the same dataset always gives the same bytes (and hash).
    public func encoded() -> [UInt8] {
        let header = Header(format: Self.fileExtension, version: Int(Self.version), name: dataset.name,
                            settings: dataset.settings, options: options, pieces: pieces, summary: summary)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json: [UInt8]
        do { json = Array(try encoder.encode(header)) } catch {
            preconditionFailure("DatasetFile: the header always encodes (\(error))")
        }
        var out = ByteWriter()
        out.bytes = Self.magic
        out.u32(Self.version)
        out.u32(json.count)
        out.bytes += json
        let body = encodedBody()
        out.u64(UInt64(body.count))
        out.bytes += body
        out.u64(FNV1a.hash(out.bytes))
        return out.bytes
    }

    func encodedBody() -> [UInt8] {
        var w = ByteWriter()
        w.u32(dataset.pieces.count)
        for piece in dataset.pieces {
            w.u32(piece.stepCount)
            w.u32(piece.barStarts.count)
            for s in piece.barStarts { w.u32(s) }
            w.u32(piece.beatStarts.count)
            for s in piece.beatStarts { w.u32(s) }
            Self.write(piece.melody, to: &w)
            w.u32(piece.parts.count)
            for part in piece.parts {
                guard let code = Self.roleCodes.firstIndex(of: part.role) else { preconditionFailure("no code for \(part.role)") }
                w.u8(UInt8(code))
                w.u8(part.program)
                w.u16(0)
                Self.write(part.notes, to: &w)
            }
        }
        for windows in [dataset.trainWindows, dataset.validationWindows] {
            w.u32(windows.count)
            for window in windows {
                w.u32(window.piece)
                w.u32(window.start)
            }
        }
        return w.bytes
    }

    /// u32 count, then u32 starts, u32 ends, u8 pitches (structure of arrays: three flat reads for numpy).
    static func write(_ notes: [StepNote], to w: inout ByteWriter) {
        w.u32(notes.count)
        for n in notes { w.u32(n.start) }
        for n in notes { w.u32(n.end) }
        for n in notes { w.u8(n.pitch) }
    }

    /// The content hash of encoded bytes: the stored checksum, 16 hex digits (the file must be at least 8 bytes).
    public static func contentHash(ofEncoded bytes: [UInt8]) -> String {
        var r = ByteReader(bytes, from: max(0, bytes.count - 8))
        return FNV1a.hex((try? r.u64("checksum")) ?? 0)
    }

    // MARK: Decoding

    /// Reads a `.ensds` file, refusing anything corrupt, truncated or from a newer version with one line.
    public init(decoding bytes: [UInt8]) throws(DatasetError) {
        let minimum = Self.magic.count + 4 + 4 + 8 + 8
        guard bytes.count >= Self.magic.count, Array(bytes[0..<Self.magic.count]) == Self.magic else {
            if bytes.count >= 5, Array(bytes[0..<5]) == Array(Self.magic[0..<5]) {
                throw DatasetError("damaged dataset file: the signature was altered (binary file copied as text?)")
            }
            throw DatasetError("not an Ensemble dataset (.ensds) file")
        }
        guard bytes.count >= minimum else { throw DatasetError("truncated dataset file (\(bytes.count) bytes)") }
        var r = ByteReader(bytes, from: Self.magic.count)
        let version = try r.u32("version")
        guard version == Self.version else {
            if version > Self.version {
                throw DatasetError("dataset format version \(version) is newer than this program reads (\(Self.version))")
            }
            throw DatasetError("unknown dataset format version \(version)")
        }
        let headerLength = Int(try r.u32("header length"))
        guard headerLength <= Self.maxHeaderBytes, headerLength <= r.remaining - 16 else {
            throw DatasetError("truncated or corrupt dataset file: header of \(headerLength) bytes, \(r.remaining) left")
        }
        let headerStart = r.offset
        _ = try r.u8Array(headerLength, "header")
        let bodyLength = try r.u64("body length")
        guard bodyLength == UInt64(r.remaining - 8) else {
            throw DatasetError(bodyLength > UInt64(max(0, r.remaining - 8))
                ? "truncated dataset file: the body needs \(bodyLength) bytes, \(max(0, r.remaining - 8)) left"
                : "corrupt dataset file: body length \(bodyLength) does not match the file size")
        }
        let checksumOffset = bytes.count - 8
        var tail = ByteReader(bytes, from: checksumOffset)
        let stored = try tail.u64("checksum")
        let actual = FNV1a.hash(bytes[0..<checksumOffset])
        guard stored == actual else {
            throw DatasetError("corrupt dataset file: checksum mismatch (stored \(FNV1a.hex(stored)), computed \(FNV1a.hex(actual)))")
        }
        let header = try Self.decodeHeader(bytes[headerStart..<headerStart + headerLength])
        var body = ByteReader(bytes, from: r.offset, to: checksumOffset)
        let (pieces, train, validation) = try Self.decodeBody(&body, header: header)
        guard body.remaining == 0 else { throw DatasetError("corrupt dataset file: \(body.remaining) unexpected bytes after the windows") }
        let isValidation = header.pieces.map(\.validation)
        try Self.check(windows: train, validation: false, pieces: pieces, isValidation: isValidation)
        try Self.check(windows: validation, validation: true, pieces: pieces, isValidation: isValidation)
        self.init(dataset: TrainingDataset(name: header.name, settings: header.settings, pieces: pieces,
                                           isValidation: isValidation, trainWindows: train, validationWindows: validation),
                  options: header.options, summary: header.summary, pieces: header.pieces)
    }

    static func decodeHeader(_ json: ArraySlice<UInt8>) throws(DatasetError) -> Header {
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: Data(json)) } catch {
            throw DatasetError("corrupt dataset header (\(reason(error)))")
        }
        guard header.format == fileExtension else { throw DatasetError("corrupt dataset header: format '\(header.format)'") }
        let s = header.settings
        guard !s.roles.isEmpty, !s.roles.contains(.melody), Set(s.roles).count == s.roles.count else {
            throw DatasetError("corrupt dataset header: roles \(s.roles.map(\.rawValue))")
        }
        guard (1...maxWindowSteps).contains(s.windowSteps), (1...4096).contains(s.hopBars),
              s.transposeLow <= s.transposeHigh, s.transposeLow >= -24, s.transposeHigh <= 24 else {
            throw DatasetError("corrupt dataset header: settings out of range")
        }
        return header
    }

    static func decodeBody(_ r: inout ByteReader, header: Header) throws(DatasetError)
        -> (pieces: [StepPiece], train: [WindowRef], validation: [WindowRef]) {
        // The smallest piece takes 24 bytes (step count, four empty counts, one bar start).
        let count = try r.count("piece", elementSize: 24)
        guard count == header.pieces.count else {
            throw DatasetError("corrupt dataset file: \(count) pieces in the body, \(header.pieces.count) in the header")
        }
        var pieces: [StepPiece] = []
        pieces.reserveCapacity(count)
        for (i, info) in header.pieces.enumerated() {
            pieces.append(try decodePiece(&r, name: info.name, index: i, roles: header.settings.roles))
        }
        var windows: [[WindowRef]] = []
        for side in ["train", "validation"] {
            let n = try r.count("\(side) window", elementSize: 8)
            let values = try r.u32Array(2 * n, "\(side) windows")
            windows.append((0..<n).map { WindowRef(piece: values[2 * $0], start: values[2 * $0 + 1]) })
        }
        return (pieces, windows[0], windows[1])
    }

    static func decodePiece(_ r: inout ByteReader, name: String, index: Int, roles: [TrackRole]) throws(DatasetError) -> StepPiece {
        let label = "piece \(index + 1) (\(name))"
        let steps = Int(try r.u32("\(label) step count"))
        guard (1...maxSteps).contains(steps) else { throw DatasetError("corrupt dataset file: \(label) has \(steps) steps") }
        let bars = try r.u32Array(try r.count("\(label) bar", elementSize: 4), "\(label) bars")
        guard bars.first == 0, isAscending(bars), bars.last! < steps else {
            throw DatasetError("corrupt dataset file: \(label) has bad bar starts")
        }
        let beats = try r.u32Array(try r.count("\(label) beat", elementSize: 4), "\(label) beats")
        guard isAscending(beats), (beats.last ?? 0) < steps else {
            throw DatasetError("corrupt dataset file: \(label) has bad beat starts")
        }
        let melody = try decodeNotes(&r, "\(label) melody")
        let partCount = try r.count("\(label) part", elementSize: 8)
        var parts: [StepPart] = []
        for _ in 0..<partCount {
            let code = Int(try r.u8("\(label) role"))
            let program = try r.u8("\(label) program")
            _ = try r.u16("\(label) reserved")
            guard code < roleCodes.count, roles.contains(roleCodes[code]), !parts.contains(where: { $0.role == roleCodes[code] }),
                  program < 128 else {
                throw DatasetError("corrupt dataset file: \(label) has a bad part (role code \(code), program \(program))")
            }
            parts.append(StepPart(role: roleCodes[code], program: program, notes: try decodeNotes(&r, "\(label) \(roleCodes[code]) part")))
        }
        return StepPiece(name: name, stepCount: steps, barStarts: bars, beatStarts: beats, melody: melody, parts: parts)
    }

    static func decodeNotes(_ r: inout ByteReader, _ label: String) throws(DatasetError) -> [StepNote] {
        let n = try r.count(label + " note", elementSize: 9)
        let starts = try r.u32Array(n, label + " note starts")
        let ends = try r.u32Array(n, label + " note ends")
        let pitches = try r.u8Array(n, label + " note pitches")
        var notes: [StepNote] = []
        notes.reserveCapacity(n)
        var previous = 0
        for (i, pitch) in zip(0..<n, pitches) {
            let start = starts[i], end = ends[i]
            guard start < end, end <= maxSteps, pitch < 128, start >= previous else {
                throw DatasetError("corrupt dataset file: \(label) note \(i + 1) is out of range or order")
            }
            previous = start
            notes.append(StepNote(pitch: pitch, start: start, end: end))
        }
        return notes
    }

    static func check(windows: [WindowRef], validation: Bool, pieces: [StepPiece], isValidation: [Bool]) throws(DatasetError) {
        let side = validation ? "validation" : "train"
        for w in windows {
            guard w.piece < pieces.count, isValidation[w.piece] == validation,
                  binarySearch(pieces[w.piece].barStarts, w.start) else {
                throw DatasetError("corrupt dataset file: a \(side) window (piece \(w.piece + 1), step \(w.start)) is not on a bar line of a \(side) piece")
            }
        }
    }

    static func isAscending(_ values: [Int]) -> Bool {
        zip(values, values.dropFirst()).allSatisfy { $0 < $1 }
    }

    static func binarySearch(_ sorted: [Int], _ value: Int) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == value
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty ? context.debugDescription
                : context.codingPath.map(\.stringValue).joined(separator: ".") + ": " + context.debugDescription
        default: "\(error)"
        }
    }
}
