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
        let currentPeak = peak
        guard currentPeak > 0, dBFS.isFinite else { return self }
        let gain = Float(pow(10, dBFS / 20)) / currentPeak
        return RenderedAudio(sampleRate: sampleRate, samples: samples.map { $0 * gain })
    }

    /// A RIFF/WAVE file: 16- or 24-bit PCM, stereo. Samples beyond ±1 are clamped (never wrapped).
    public func wavBytes(bitsPerSample: Int = 16) -> [UInt8] {
        precondition(bitsPerSample == 16 || bitsPerSample == 24, "16- or 24-bit PCM")
        let bytesPerSample = bitsPerSample / 8
        let blockAlign = RenderedAudio.channelCount * bytesPerSample
        let dataSize = samples.count * bytesPerSample
        var bytes: [UInt8] = []
        bytes.reserveCapacity(44 + dataSize)
        func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        func append16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        bytes += Array("RIFF".utf8)
        append32(UInt32(36 + dataSize))
        bytes += Array("WAVEfmt ".utf8)
        append32(16)
        append16(1) // PCM
        append16(UInt16(RenderedAudio.channelCount))
        append32(UInt32(sampleRate))
        append32(UInt32(sampleRate * blockAlign))
        append16(UInt16(blockAlign))
        append16(UInt16(bitsPerSample))
        bytes += Array("data".utf8)
        append32(UInt32(dataSize))
        let fullScale = Float((1 << (bitsPerSample - 1)) - 1)
        for sample in samples {
            let value = Int32((min(max(sample, -1), 1) * fullScale).rounded())
            bytes.append(UInt8(truncatingIfNeeded: value))
            bytes.append(UInt8(truncatingIfNeeded: value >> 8))
            if bytesPerSample == 3 { bytes.append(UInt8(truncatingIfNeeded: value >> 16)) }
        }
        return bytes
    }
}
