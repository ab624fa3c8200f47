/// Why bytes could not be read as a Standard MIDI File. `description` is one line that names the byte offset;
/// the CLI prefixes the file name.
public struct MIDIFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem, for callers (and tests) that branch on it.
    public enum Kind: String, Hashable, Sendable {
        case notMIDI            // wrong magic, garbage, empty file
        case badHeader          // header chunk too short or inconsistent
        case unsupportedFormat  // format 2 or an unknown format
        case smpteDivision      // SMPTE (frames per second) time division
        case noTracks           // header declares zero tracks
        case truncated          // the file ends before a chunk or header it promises
        case badVariableLength  // a variable-length quantity longer than 4 bytes
        case runningStatus      // a data byte where a status byte is needed and none came before
        case badEvent           // an event that is cut off, has a bad data byte or an undefined status
    }

    public var kind: Kind
    /// Byte offset in the file where the problem was found.
    public var offset: Int
    /// One line, without the file name.
    public var message: String

    public init(_ kind: Kind, at offset: Int, _ message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    public var description: String { message }
}

extension MIDIFileError {
    /// Four chunk-id bytes shown as text when printable ('RIFF'), else as hex (0x00 0x01 0x02 0x03).
    static func chunkID(_ bytes: ArraySlice<UInt8>) -> String {
        if !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return "'" + String(decoding: bytes, as: UTF8.self) + "'"
        }
        return bytes.map { hex($0) }.joined(separator: " ")
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
