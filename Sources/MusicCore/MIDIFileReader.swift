/// Reads Standard MIDI File bytes (format 0 and 1, ticks-per-quarter division). Every length field is checked
/// against the bytes actually present before it is used, variable-length quantities stop after 4 bytes, and every
/// loop advances, so corrupt input ends in a `MIDIFileError` rather than a crash, a hang or a huge allocation.
extension MIDIFile {
    public init(bytes: [UInt8]) throws(MIDIFileError) {
        var reader = MIDIFileReader(bytes: bytes)
        self = try reader.read()
    }
}

struct MIDIFileReader {
    let bytes: [UInt8]
    /// One past the last byte of the SMF data (smaller than `bytes.count` inside a RIFF RMID wrapper).
    var limit: Int

    init(bytes: [UInt8]) {
        self.bytes = bytes
        self.limit = bytes.count
    }

    mutating func read() throws(MIDIFileError) -> MIDIFile {
        guard !bytes.isEmpty else { throw MIDIFileError(.notMIDI, at: 0, "empty file: not a Standard MIDI File") }
        let start = try unwrapRIFF()
        let header = try readHeader(at: start)
        var tracks: [MIDIFileTrack] = []
        var pos = header.end
        while tracks.count < header.trackCount {
            let remaining = limit - pos
            if remaining <= 0 {
                throw MIDIFileError(.truncated, at: pos,
                    "file ends at byte \(pos) after \(tracks.count) of the \(header.trackCount) tracks its header declares")
            }
            guard remaining >= 8 else {
                throw MIDIFileError(.truncated, at: pos,
                    "truncated chunk header at byte \(pos) (\(remaining) bytes left, a chunk header needs 8)")
            }
            let id = bytes[pos..<pos + 4]
            let length = Int(be32(pos + 4))
            let dataStart = pos + 8
            let isTrack = id.elementsEqual([0x4D, 0x54, 0x72, 0x6B])  // "MTrk"
            let number = tracks.count + 1
            guard isTrack || id.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
                throw MIDIFileError(.notMIDI, at: pos,
                    "bad chunk header \(MIDIFileError.chunkID(id)) at byte \(pos): expected 'MTrk' for track \(number)")
            }
            guard length <= limit - dataStart else {
                let present = limit - dataStart
                if isTrack {
                    throw MIDIFileError(.truncated, at: pos,
                        "track \(number) truncated at byte \(pos) (chunk says \(length) bytes, \(present) present)")
                }
                throw MIDIFileError(.truncated, at: pos,
                    "chunk \(MIDIFileError.chunkID(id)) at byte \(pos), where track \(number) was expected, is truncated (chunk says \(length) bytes, \(present) present)")
            }
            if isTrack {
                var parser = MIDITrackParser(bytes: bytes, start: dataStart, end: dataStart + length, number: number)
                tracks.append(MIDIFileTrack(events: try parser.parse(), byteOffset: pos))
            }
            pos = dataStart + length  // unknown chunks (e.g. 'XFIH') are skipped whole
        }
        return MIDIFile(format: header.format, ticksPerQuarter: header.division, tracks: tracks)
    }

    /// A RIFF RMID file carries a plain SMF in its 'data' chunk; any other RIFF (e.g. WAVE) is refused.
    mutating func unwrapRIFF() throws(MIDIFileError) -> Int {
        guard bytes.count >= 4, bytes[0..<4].elementsEqual([0x52, 0x49, 0x46, 0x46]) else { return 0 }  // "RIFF"
        guard bytes.count >= 12, bytes[8..<12].elementsEqual([0x52, 0x4D, 0x49, 0x44]) else {          // "RMID"
            throw MIDIFileError(.notMIDI, at: 0, "bad chunk header 'RIFF' at byte 0: not a Standard MIDI File")
        }
        var pos = 12
        while pos + 8 <= bytes.count {
            let length = Int(le32(pos + 4))
            if bytes[pos..<pos + 4].elementsEqual([0x64, 0x61, 0x74, 0x61]) {  // "data"
                limit = min(bytes.count, pos + 8 + length)
                return pos + 8
            }
            guard length <= bytes.count - pos - 8 else { break }
            pos += 8 + length + (length & 1)  // RIFF chunks are padded to even sizes
        }
        throw MIDIFileError(.notMIDI, at: 0, "RIFF RMID file at byte 0 has no 'data' chunk with MIDI data in it")
    }

    struct Header {
        var format: Int, trackCount: Int, division: Int, end: Int
    }

    func readHeader(at start: Int) throws(MIDIFileError) -> Header {
        let available = limit - start
        let magicCount = min(4, available)
        guard bytes[start..<start + magicCount].elementsEqual([0x4D, 0x54, 0x68, 0x64].prefix(magicCount)) else {
            throw MIDIFileError(.notMIDI, at: start,
                "bad chunk header \(MIDIFileError.chunkID(bytes[start..<start + magicCount])) at byte \(start): not a Standard MIDI File")
        }
        guard available >= 14 else {
            throw MIDIFileError(.truncated, at: start + available,
                "truncated header at byte \(start + available): a MIDI file header needs 14 bytes, the file has \(available)")
        }
        let length = Int(be32(start + 4))
        guard length >= 6 else {
            throw MIDIFileError(.badHeader, at: start + 4, "header chunk at byte \(start) says \(length) bytes, needs at least 6")
        }
        guard length <= available - 8 else {
            throw MIDIFileError(.truncated, at: start,
                "header chunk truncated at byte \(start) (chunk says \(length) bytes, \(available - 8) present)")
        }
        let format = Int(be16(start + 8)), trackCount = Int(be16(start + 10)), division = Int(be16(start + 12))
        switch format {
        case 0, 1: break
        case 2:
            throw MIDIFileError(.unsupportedFormat, at: start + 8,
                "format 2 (independent sequences) at byte \(start + 8) is not supported; only formats 0 and 1")
        default:
            throw MIDIFileError(.unsupportedFormat, at: start + 8,
                "unknown format \(format) at byte \(start + 8): Standard MIDI Files are format 0, 1 or 2")
        }
        if division & 0x8000 != 0 {
            let fps = 256 - (division >> 8), perFrame = division & 0xFF
            throw MIDIFileError(.smpteDivision, at: start + 12,
                "SMPTE time division (\(fps) frames per second, \(perFrame) ticks per frame) at byte \(start + 12) is not supported; only ticks per quarter note")
        }
        guard division > 0 else {
            throw MIDIFileError(.badHeader, at: start + 12, "division of 0 ticks per quarter note at byte \(start + 12)")
        }
        guard trackCount > 0 else {
            throw MIDIFileError(.noTracks, at: start + 10, "header at byte \(start + 10) declares 0 tracks: nothing to read")
        }
        return Header(format: format, trackCount: trackCount, division: division, end: start + 8 + length)
    }

    func be16(_ i: Int) -> UInt16 { UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) }
    func be32(_ i: Int) -> UInt32 {
        UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
    }
    func le32(_ i: Int) -> UInt32 {
        UInt32(bytes[i + 3]) << 24 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i])
    }
}
