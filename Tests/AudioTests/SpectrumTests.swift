import Foundation
import XCTest

/// The measuring tools are tested on signals with known answers before they judge the synth.
final class SpectrumTests: XCTestCase {
    private let rate = 44_100

    private func tone(_ frequency: Double, harmonics: [Double], seconds: Double = 1) -> [Double] {
        (0..<Int(seconds * Double(rate))).map { index in
            let t = Double(index) / Double(rate)
            return harmonics.enumerated().reduce(0) { $0 + $1.element * sin(2 * .pi * frequency * Double($1.offset + 1) * t) }
        }
    }

    func testFFTOfAPureToneHasItsPeakInTheRightBin() {
        var real = (0..<1024).map { sin(2 * Double.pi * 64 * Double($0) / 1024) }
        var imag = [Double](repeating: 0, count: 1024)
        Spectrum.fft(&real, &imag)
        let magnitudes = (0..<512).map { hypot(real[$0], imag[$0]) }
        XCTAssertEqual(magnitudes.firstIndex(of: magnitudes.max()!), 64)
        XCTAssertEqual(magnitudes[64], 512, accuracy: 1e-6)
    }

    func testFundamentalOfPureAndHarmonicTonesWithinACent() {
        for frequency in [65.4, 220, 440, 987.8] {
            let pure = tone(frequency, harmonics: [1])
            XCTAssertEqual(Spectrum.cents(Spectrum.fundamental(pure[...], sampleRate: rate), from: frequency), 0, accuracy: 1)
            // A strong second and third harmonic must not pull the estimate up an octave or a twelfth.
            let bright = tone(frequency, harmonics: [0.3, 1, 0.9, 0.5, 0.3])
            XCTAssertEqual(Spectrum.cents(Spectrum.fundamental(bright[...], sampleRate: rate), from: frequency), 0, accuracy: 1)
        }
    }

    func testFundamentalDetectsAToneThatIsOffByCentsOrOctaves() {
        let sharp = tone(440 * pow(2, 15.0 / 1200), harmonics: [1, 0.5])
        XCTAssertEqual(Spectrum.cents(Spectrum.fundamental(sharp[...], sampleRate: rate), from: 440), 15, accuracy: 1)
        let octaveDown = tone(220, harmonics: [1, 0.5, 0.3])
        XCTAssertEqual(Spectrum.cents(Spectrum.fundamental(octaveDown[...], sampleRate: rate), from: 440), -1200, accuracy: 1)
    }

    func testOnsetsFindEachBurstOnce() {
        var signal = [Double](repeating: 0, count: rate * 2)
        for start in [0.1, 0.6, 1.1, 1.6] {
            let first = Int(start * Double(rate))
            for index in 0..<2000 { signal[first + index] = exp(-Double(index) / 400) * sin(Double(index) * 0.3) }
        }
        let onsets = Spectrum.onsets(signal, sampleRate: rate)
        XCTAssertEqual(onsets.count, 4)
        for (found, expected) in zip(onsets, [0.1, 0.6, 1.1, 1.6]) { XCTAssertEqual(found, expected, accuracy: 0.002) }
    }

    func testWAVReaderReadsWhatTheEncoderWrote() throws {
        // Hand-built 16-bit stereo file: two frames.
        var bytes = Array("RIFF".utf8) + [44, 0, 0, 0] + Array("WAVEfmt ".utf8) + [16, 0, 0, 0, 1, 0, 2, 0]
        bytes += [0x44, 0xAC, 0, 0, 0x10, 0xB1, 0x02, 0, 4, 0, 16, 0] + Array("data".utf8) + [8, 0, 0, 0]
        bytes += [0xFF, 0x7F, 0x00, 0x80, 0x00, 0x00, 0x00, 0x40]
        let wav = try WAVFile(bytes: bytes)
        XCTAssertEqual(wav.sampleRate, 44_100)
        XCTAssertEqual(wav.channels.count, 2)
        XCTAssertEqual(wav.channels[0], [32767.0 / 32768, 0])
        XCTAssertEqual(wav.channels[1], [-1, 0.5])
    }
}
