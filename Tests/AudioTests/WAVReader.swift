import Foundation

/// A WAV reader written for the tests, independent of the encoder under test: walks the RIFF chunks and
/// decodes 16/24/32-bit PCM or 32-bit float into per-channel Double samples.
struct WAVFile {
    let sampleRate: Int
    let channels: [[Double]]
    let bitsPerSample: Int

    var frameCount: Int { channels.first?.count ?? 0 }
    var duration: Double { Double(frameCount) / Double(sampleRate) }

    /// Left and right averaged.
    var mono: [Double] {
        guard channels.count > 1 else { return channels.first ?? [] }
        return (0..<frameCount).map { index in channels.reduce(0) { $0 + $1[index] } / Double(channels.count) }
    }

    enum ReadError: Error { case notRIFF, missingChunk(String), unsupported(String) }

    init(path: String) throws {
        try self.init(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    init(bytes: [UInt8]) throws {
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        guard bytes.count >= 12, Array(bytes[0..<4]) == Array("RIFF".utf8), Array(bytes[8..<12]) == Array("WAVE".utf8) else {
            throw ReadError.notRIFF
        }
        var format: (tag: Int, channels: Int, rate: Int, bits: Int)?
        var data: Range<Int>?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = u32(offset + 4)
            let body = offset + 8
            if id == "fmt " { format = (u16(body), u16(body + 2), u32(body + 4), u16(body + 14)) }
            if id == "data" { data = body..<min(body + size, bytes.count) }
            offset = body + size + (size & 1)
        }
        guard let format else { throw ReadError.missingChunk("fmt ") }
        guard let data else { throw ReadError.missingChunk("data") }
        let bytesPerSample = format.bits / 8
        let frame = bytesPerSample * format.channels
        let frames = data.count / frame
        var channels = [[Double]](repeating: [Double](repeating: 0, count: frames), count: format.channels)
        for index in 0..<frames {
            for channel in 0..<format.channels {
                let at = data.lowerBound + index * frame + channel * bytesPerSample
                let value: Double
                switch (format.tag, format.bits) {
                case (1, 16): value = Double(Int16(bitPattern: UInt16(u16(at)))) / 32768
                case (1, 24):
                    let raw = Int32(bitPattern: UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 24)
                    value = Double(raw >> 8) / 8_388_608
                case (1, 32): value = Double(Int32(bitPattern: UInt32(u32(at)))) / 2_147_483_648
                case (3, 32): value = Double(Float(bitPattern: UInt32(u32(at))))
                default: throw ReadError.unsupported("format \(format.tag), \(format.bits) bits")
                }
                channels[channel][index] = value
            }
        }
        sampleRate = format.rate
        self.channels = channels
        bitsPerSample = format.bits
    }
}
