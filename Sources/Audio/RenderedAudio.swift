import Foundation

/// Interleaved stereo samples in memory, as rendered; normalising and WAV encoding are pure functions.
public struct RenderedAudio: Sendable, Equatable {
    public static let channelCount = 2

    public let sampleRate: Int
    /// Interleaved left/right, nominal range -1...1.
    public var samples: [Float]

    public init(sampleRate: Int, samples: [Float]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    public var frameCount: Int { samples.count / RenderedAudio.channelCount }
    public var duration: Double { Double(frameCount) / Double(max(sampleRate, 1)) }

    /// Largest absolute sample value.
    public var peak: Float { samples.reduce(0) { max($0, abs($1)) } }

    /// Peak level in dBFS (-infinity for silence).
    public var peakDBFS: Double { 20 * log10(Double(peak)) }

    /// Scales the whole take so its peak sits at `dBFS` (default -1 dBFS: loud, with headroom for
    /// lossy encoders). Silence is left as it is.
    public func normalized(toPeakDBFS dBFS: Double = -1) -> RenderedAudio {
        guard let gain = Self.gain(peak: peak, toPeakDBFS: dBFS) else { return self }
        return RenderedAudio(sampleRate: sampleRate, samples: samples.map { $0 * gain })
    }

    /// The factor that moves a take of peak `peak` to `dBFS`; nil for silence (or a level that is not a number).
    static func gain(peak: Float, toPeakDBFS dBFS: Double) -> Float? {
        guard peak > 0, dBFS.isFinite else { return nil }
        return Float(pow(10, dBFS / 20)) / peak
    }

    /// A RIFF/WAVE file: 16- or 24-bit PCM, stereo. Samples beyond ±1 are clamped (never wrapped).
    public func wavBytes(bitsPerSample: Int = 16) -> [UInt8] {
        var bytes = WAVEncoding.header(sampleRate: sampleRate, frames: frameCount, bitsPerSample: bitsPerSample)
        WAVEncoding.append(samples, gain: 1, bitsPerSample: bitsPerSample, to: &bytes)
        return bytes
    }
}

/// PCM WAV in pieces: the header for a known length, then samples appended block by block (`renderWAV` streams).
public enum WAVEncoding {
    /// The 44-byte RIFF/WAVE header of `frames` stereo frames of 16- or 24-bit PCM.
    public static func header(sampleRate: Int, frames: Int, bitsPerSample: Int) -> [UInt8] {
        precondition(bitsPerSample == 16 || bitsPerSample == 24, "16- or 24-bit PCM")
        let blockAlign = RenderedAudio.channelCount * bitsPerSample / 8
        // RIFF sizes are 32-bit: a render longer than they hold (hours at 96 kHz) keeps the largest they can say.
        let dataSize = UInt32(clamping: frames * blockAlign)
        var bytes: [UInt8] = []
        func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        func append16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        bytes += Array("RIFF".utf8)
        append32(dataSize &+ 36)
        bytes += Array("WAVEfmt ".utf8)
        append32(16)
        append16(1) // PCM
        append16(UInt16(RenderedAudio.channelCount))
        append32(UInt32(sampleRate))
        append32(UInt32(sampleRate * blockAlign))
        append16(UInt16(blockAlign))
        append16(UInt16(bitsPerSample))
        bytes += Array("data".utf8)
        append32(dataSize)
        return bytes
    }

    /// Appends `samples` × `gain` as little-endian PCM, clamped to ±1 (never wrapped).
    public static func append(_ samples: some Collection<Float>, gain: Float, bitsPerSample: Int, to bytes: inout [UInt8]) {
        let bytesPerSample = bitsPerSample / 8
        bytes.reserveCapacity(bytes.count + samples.count * bytesPerSample)
        let fullScale = Float((1 << (bitsPerSample - 1)) - 1)
        for sample in samples {
            let value = Int32((min(max(sample * gain, -1), 1) * fullScale).rounded())
            bytes.append(UInt8(truncatingIfNeeded: value))
            bytes.append(UInt8(truncatingIfNeeded: value >> 8))
            if bytesPerSample == 3 { bytes.append(UInt8(truncatingIfNeeded: value >> 16)) }
        }
    }
}
