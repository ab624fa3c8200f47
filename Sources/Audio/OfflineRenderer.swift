import CFluidSynth
import FileOutput
import Foundation
import MusicCore

/// Options for rendering a song to audio.
public struct RenderOptions: Sendable, Equatable {
    public var sampleRate: Double
    /// Silence rendered after the last note so releases and reverb can ring out.
    public var tailSeconds: Double
    /// Peak level of the result; nil keeps FluidSynth's levels as they are.
    public var peakDBFS: Double?
    public var tempoScale: Double
    public var swing: Swing
    public var metronome: Metronome
    public var mutedTracks: Set<Int>
    public var soloedTracks: Set<Int>
    /// Track volume 0...1 by track index (CC7; tracks not listed play at the General MIDI default).
    public var trackVolumes: [Int: Double]
    /// Track pan -1 (left) ... 1 (right) by track index (CC10; tracks not listed are centred).
    public var trackPans: [Int: Double]
    public var reverb: SynthConfiguration.Reverb?
    /// Off by default: a `Song` carries no chorus sends (CC93), so the chorus unit would only cost time.
    public var chorus: Bool

    public init(sampleRate: Double = 44_100, tailSeconds: Double = 2, peakDBFS: Double? = -1, tempoScale: Double = 1,
                swing: Swing = .straight, metronome: Metronome = Metronome(), mutedTracks: Set<Int> = [],
                soloedTracks: Set<Int> = [], trackVolumes: [Int: Double] = [:], trackPans: [Int: Double] = [:], reverb: SynthConfiguration.Reverb? = SynthConfiguration.Reverb(),
                chorus: Bool = false) {
        self.sampleRate = sampleRate
        self.tailSeconds = tailSeconds
        self.peakDBFS = peakDBFS
        self.tempoScale = tempoScale
        self.swing = swing
        self.metronome = metronome
        self.mutedTracks = mutedTracks
        self.soloedTracks = soloedTracks
        self.trackVolumes = trackVolumes
        self.trackPans = trackPans
        self.reverb = reverb
        self.chorus = chorus
    }
}

/// Renders a song through FluidSynth's file renderer as fast as the CPU allows.
///
/// The same `SongPlayer` scheduling that plays live also drives the render (the sequencer follows the
/// rendered samples), so swing, mutes and the metronome sound the same in both. FluidSynth writes raw 32-bit
/// float samples to a temporary file — no clipping at that stage. `renderWAV` streams that file into a WAV in
/// blocks (one pass for the peak, one to scale and encode), so memory stays flat for any length and rate;
/// `render` reads it back whole, for short takes and analysis.
public enum OfflineRenderer {
    /// Longest song rendered (a corrupt file can claim notes hours away).
    public static let maximumSeconds = 2.0 * 3600
    static let blockFrames: Int32 = 512
    /// Frames read back from the temporary file at a time.
    static let readFrames = 65_536

    /// What `renderWAV` wrote.
    public struct Summary: Sendable, Equatable {
        public var sampleRate: Int
        public var frameCount: Int
        /// Peak of the written file, in dBFS (−∞ for silence).
        public var peakDBFS: Double
        public var duration: Double { Double(frameCount) / Double(max(sampleRate, 1)) }
    }

    public static func render(_ song: Song, soundFontPath: String,
                              options: RenderOptions = RenderOptions()) throws(AudioError) -> RenderedAudio {
        let raw = try renderRaw(song, soundFontPath: soundFontPath, options: options)
        defer { raw.remove() }
        let reader = try raw.open()
        var samples: [Float] = []
        samples.reserveCapacity(raw.frames * RenderedAudio.channelCount)
        while let block = reader.next() { samples += block }
        let audio = RenderedAudio(sampleRate: Int(options.sampleRate), samples: samples)
        return options.peakDBFS.map { audio.normalized(toPeakDBFS: $0) } ?? audio
    }

    /// Renders `song` into a 16- or 24-bit WAV at `path` through the program's safe writer (`OutputFile`:
    /// atomic, nothing left under the name on failure). Throws `AudioError`, or `FileError` for the output.
    public static func renderWAV(_ song: Song, soundFontPath: String, options: RenderOptions = RenderOptions(),
                                 to path: String, bitsPerSample: Int = 16) throws -> Summary {
        let raw = try renderRaw(song, soundFontPath: soundFontPath, options: options)
        defer { raw.remove() }
        var peak: Float = 0
        let scan = try raw.open()
        while let block = scan.next() { peak = block.reduce(peak) { max($0, abs($1)) } }
        let gain = options.peakDBFS.flatMap { RenderedAudio.gain(peak: peak, toPeakDBFS: $0) } ?? 1
        let sampleRate = Int(options.sampleRate)
        let reader = try raw.open()
        try OutputFile.write(to: path) { (sink: OutputFile.Sink) throws(FileError) in
            try sink.append(WAVEncoding.header(sampleRate: sampleRate, frames: raw.frames, bitsPerSample: bitsPerSample))
            while let block = reader.next() {
                var bytes: [UInt8] = []
                WAVEncoding.append(block, gain: gain, bitsPerSample: bitsPerSample, to: &bytes)
                try sink.append(bytes)
            }
        }
        return Summary(sampleRate: sampleRate, frameCount: raw.frames, peakDBFS: 20 * log10(Double(peak * gain)))
    }

    /// The song rendered to a temporary file of little-endian float frames (interleaved stereo).
    static func renderRaw(_ song: Song, soundFontPath: String, options: RenderOptions) throws(AudioError) -> RawFile {
        guard options.tailSeconds.isFinite, (0...60).contains(options.tailSeconds) else {
            throw .invalidOption("tail \(options.tailSeconds) s is out of range (0 to 60 s)")
        }
        guard options.tempoScale.isFinite,
              (Transport.minimumTempoScale...Transport.maximumTempoScale).contains(options.tempoScale) else {
            throw .invalidOption("tempo scale \(options.tempoScale) is out of range (0.1 to 8)")
        }
        let configuration = SynthConfiguration(sampleRate: options.sampleRate, gain: 0.5,
                                               reverb: options.reverb, chorus: options.chorus)
        let engine = try SynthEngine(soundFontPath: soundFontPath, configuration: configuration)
        let prepared = PreparedSong(song)
        let songSeconds = playbackSeconds(prepared, options: options)
        guard songSeconds <= maximumSeconds else {
            throw .invalidOption("the song lasts \(Int(songSeconds / 60)) minutes; refusing to render more than "
                + "\(Int(maximumSeconds / 60)) minutes")
        }
        let frames = Int(((songSeconds + options.tailSeconds) * options.sampleRate).rounded(.up))
        return try renderToFile(engine: engine, song: song, options: options, frames: frames)
    }

    /// How long the notes play with these options (without the tail).
    static func playbackSeconds(_ song: PreparedSong, options: RenderOptions) -> Double {
        var transport = Transport(song: song)
        _ = transport.pump(nowMs: 0, commands: [.setTempoScale(options.tempoScale), .setSwing(options.swing), .play(countInBars: 0)])
        guard let segment = transport.segments.first else { return 0 }
        return segment.endMs / 1000
    }

    private static func renderToFile(engine: SynthEngine, song: Song, options: RenderOptions,
                                     frames: Int) throws(AudioError) -> RawFile {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ensemble-render-\(UUID().uuidString).f32").path
        let raw = RawFile(path: path, frames: frames)
        let settings = engine.settings
        fluid_settings_setstr(settings, "audio.file.name", path)
        fluid_settings_setstr(settings, "audio.file.type", "raw")
        fluid_settings_setstr(settings, "audio.file.format", "float")
        fluid_settings_setstr(settings, "audio.file.endian", "little")
        fluid_settings_setint(settings, "audio.period-size", blockFrames)

        let mark = FluidLog.mark()
        guard let renderer = new_fluid_file_renderer(engine.synth) else {
            throw .renderFailure(FluidLog.errors(since: mark).last ?? "could not open a temporary file in \(path)")
        }
        let player = SongPlayer(engine: engine, song: song)
        player.setTempoScale(options.tempoScale)
        player.setSwing(options.swing)
        player.setMetronome(options.metronome)
        for track in options.mutedTracks { player.setMuted(true, track: track) }
        for track in options.soloedTracks { player.setSoloed(true, track: track) }
        for (track, volume) in options.trackVolumes { player.setVolume(volume, track: track) }
        for (track, pan) in options.trackPans { player.setPan(pan, track: track) }
        player.play()

        engine.drive.withLock { $0 = .offline }
        var rendered = 0
        var failed = false
        while rendered < frames {
            if fluid_file_renderer_process_block(renderer) != FLUID_OK {
                failed = true
                break
            }
            rendered += Int(blockFrames)
        }
        engine.drive.withLock { $0 = .idle }
        delete_fluid_file_renderer(renderer)
        player.close()
        guard !failed else {
            raw.remove()
            throw .renderFailure(FluidLog.errors(since: mark).last ?? "FluidSynth could not write \(path)")
        }
        return raw
    }
}

/// FluidSynth's raw render on disk: `frames` interleaved stereo float frames, read back in blocks.
struct RawFile {
    let path: String
    let frames: Int

    func remove() { unlink(path) }

    /// A reader from the first frame.
    func open() throws(AudioError) -> Reader {
        guard let file = fopen(path, "rb") else { throw .renderFailure("could not read back \(path)") }
        return Reader(file: file, samples: frames * RenderedAudio.channelCount)
    }

    /// Consecutive blocks of `OfflineRenderer.readFrames` frames, up to `frames` in all (a short file ends early).
    final class Reader {
        private let file: UnsafeMutablePointer<FILE>
        private var remaining: Int
        private var block = [Float](repeating: 0, count: OfflineRenderer.readFrames * RenderedAudio.channelCount)

        init(file: UnsafeMutablePointer<FILE>, samples: Int) {
            self.file = file
            remaining = samples
        }

        deinit { fclose(file) }

        func next() -> [Float]? {
            let wanted = min(remaining, block.count)
            guard wanted > 0 else { return nil }
            let got = block.withUnsafeMutableBytes { fread($0.baseAddress!, 4, wanted, file) }
            guard got > 0 else { return nil }
            remaining -= got
            // FluidSynth was told little-endian; so is every machine this runs on, but say so.
            return block[0..<got].map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        }
    }
}
