import CFluidSynth
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
/// float samples to a temporary file — no clipping at that stage — which is read back, normalised to the
/// requested peak and returned; the caller encodes (`RenderedAudio.wavBytes`) and writes the result.
public enum OfflineRenderer {
    /// Longest song rendered (a corrupt file can claim notes hours away).
    public static let maximumSeconds = 2.0 * 3600
    static let blockFrames: Int32 = 512

    public static func render(_ song: Song, soundFontPath: String,
                              options: RenderOptions = RenderOptions()) throws(AudioError) -> RenderedAudio {
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
        let rawSamples = try renderToFloats(engine: engine, song: song, options: options, frames: frames)
        let audio = RenderedAudio(sampleRate: Int(options.sampleRate), samples: rawSamples)
        return options.peakDBFS.map { audio.normalized(toPeakDBFS: $0) } ?? audio
    }

    /// How long the notes play with these options (without the tail).
    static func playbackSeconds(_ song: PreparedSong, options: RenderOptions) -> Double {
        var transport = Transport(song: song)
        _ = transport.pump(nowMs: 0, commands: [.setTempoScale(options.tempoScale), .setSwing(options.swing), .play(countInBars: 0)])
        guard let segment = transport.segments.first else { return 0 }
        return segment.endMs / 1000
    }

    private static func renderToFloats(engine: SynthEngine, song: Song, options: RenderOptions,
                                       frames: Int) throws(AudioError) -> [Float] {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ensemble-render-\(UUID().uuidString).f32").path
        defer { try? FileManager.default.removeItem(atPath: path) }
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
            throw .renderFailure(FluidLog.errors(since: mark).last ?? "FluidSynth could not write \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .renderFailure("could not read back \(path)")
        }
        return decodeFloats(data, count: frames * RenderedAudio.channelCount)
    }

    /// Little-endian 32-bit floats, the first `count` of them.
    static func decodeFloats(_ data: Data, count: Int) -> [Float] {
        let available = min(count, data.count / 4)
        var samples = [Float](repeating: 0, count: available)
        data.withUnsafeBytes { raw in
            for index in 0..<available {
                let bits = raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)
                samples[index] = Float(bitPattern: UInt32(littleEndian: bits))
            }
        }
        return samples
    }
}
