import CFluidSynth
import Foundation

/// One FluidSynth synthesizer with one SoundFont and its event sequencer.
///
/// Live notes (`noteOn`, `noteOff`, controllers) may be called from any thread: FluidSynth's API lock makes
/// them safe, and they sound at the next audio block. Scheduled playback goes through `SongPlayer`, which
/// queues events on this engine's sequencer; the sequencer is advanced by the synth's own sample clock, so it
/// only moves while an `AudioOutput` (real time) or the `OfflineRenderer` (as fast as possible) drives it.
public final class SynthEngine: @unchecked Sendable {
    public let soundFontPath: String
    public let configuration: SynthConfiguration
    /// Number of presets (instruments and kits) in the SoundFont.
    public let presetCount: Int
    /// Whether the SoundFont has a drum kit on bank 128 (General MIDI percussion).
    public let hasDrumKit: Bool

    let settings: OpaquePointer
    let synth: OpaquePointer
    let sequencer: OpaquePointer
    /// The sequencer's client id for this synth: scheduled events are sent to it.
    let synthClientID: fluid_seq_id_t
    let soundFontID: Int32

    /// How the sequencer clock is being driven, so players know whether callbacks can arrive.
    enum Drive: Sendable { case idle, realTime, offline }
    let drive = Locked(Drive.idle)
    /// Delay between rendering a sample and hearing it (set by the audio output).
    let outputLatencyMs = Locked(0.0)

    /// Loads `soundFontPath` into a new synth. Throws a one-line error if the file is missing or is not a
    /// SoundFont FluidSynth can read.
    public init(soundFontPath: String, configuration: SynthConfiguration = SynthConfiguration()) throws(AudioError) {
        FluidLog.install()
        try configuration.validate()
        try SynthEngine.checkReadable(soundFontPath)
        guard let settings = new_fluid_settings() else { throw .synthFailure("could not create settings") }
        SynthEngine.apply(configuration, to: settings)
        guard let synth = new_fluid_synth(settings) else {
            delete_fluid_settings(settings)
            throw .synthFailure("could not create the synthesizer")
        }
        let mark = FluidLog.mark()
        let id = fluid_synth_sfload(synth, soundFontPath, 1)
        let presets = id == FLUID_FAILED ? [] : SynthEngine.presets(synth: synth, soundFontID: id)
        guard id != FLUID_FAILED, !presets.isEmpty else {
            delete_fluid_synth(synth)
            delete_fluid_settings(settings)
            let reason = id == FLUID_FAILED
                ? SynthEngine.loadFailureReason(path: soundFontPath, messages: FluidLog.errors(since: mark))
                : "the SoundFont contains no instruments"
            throw .soundFontInvalid(path: soundFontPath, reason: reason)
        }
        guard let sequencer = new_fluid_sequencer2(0) else {
            delete_fluid_synth(synth)
            delete_fluid_settings(settings)
            throw .synthFailure("could not create the sequencer")
        }
        self.settings = settings
        self.synth = synth
        self.sequencer = sequencer
        self.synthClientID = fluid_sequencer_register_fluidsynth(sequencer, synth)
        self.soundFontID = id
        self.soundFontPath = soundFontPath
        self.configuration = configuration
        self.presetCount = presets.count
        self.hasDrumKit = presets.contains { $0.bank == 128 }
    }

    deinit {
        // The sequencer goes first: unregistering its clients removes the synth binding's sample timer.
        delete_fluid_sequencer(sequencer)
        delete_fluid_synth(synth)
        delete_fluid_settings(settings)
    }

    private static func checkReadable(_ path: String) throws(AudioError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .soundFontInvalid(path: path, reason: "no such SoundFont file")
        }
        guard !isDirectory.boolValue else { throw .soundFontInvalid(path: path, reason: "is a directory, not a SoundFont file") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .soundFontInvalid(path: path, reason: "permission denied")
        }
    }

    /// Says why FluidSynth refused a file, from its header (FluidSynth's own message repeats the path).
    static func loadFailureReason(path: String, messages: [String]) -> String {
        let header = FileHandle(forReadingAtPath: path).map { handle -> [UInt8] in
            defer { try? handle.close() }
            return [UInt8]((try? handle.read(upToCount: 12)) ?? Data())
        } ?? []
        guard header.count == 12 else { return "the file is too short to be a SoundFont" }
        let isRIFF = Array(header[0..<4]) == Array("RIFF".utf8)
        guard isRIFF, Array(header[8..<12]) == Array("sfbk".utf8) else {
            return isRIFF ? "a RIFF file, but not a SoundFont (no sfbk form)"
                : "not a SoundFont (SF2 and SF3 files start with a RIFF sfbk header)"
        }
        let detail = messages.first { !$0.contains(path) }
        return "damaged or truncated SoundFont" + (detail.map { " (FluidSynth: \($0))" } ?? "")
    }

    private static func apply(_ configuration: SynthConfiguration, to settings: OpaquePointer) {
        fluid_settings_setnum(settings, "synth.sample-rate", configuration.sampleRate)
        fluid_settings_setnum(settings, "synth.gain", configuration.gain)
        fluid_settings_setint(settings, "synth.polyphony", Int32(configuration.polyphony))
        // Samples are loaded whole: on-demand loading (synth.dynamic-sample-loading) starts large SoundFonts
        // faster but plays garbage past the end of some samples (FluidSynth issue #1484, still in 2.4).
        fluid_settings_setint(settings, "synth.chorus.active", configuration.chorus ? 1 : 0)
        fluid_settings_setint(settings, "synth.reverb.active", configuration.reverb == nil ? 0 : 1)
        if let reverb = configuration.reverb {
            fluid_settings_setnum(settings, "synth.reverb.room-size", reverb.roomSize)
            fluid_settings_setnum(settings, "synth.reverb.damp", reverb.damping)
            fluid_settings_setnum(settings, "synth.reverb.width", reverb.width)
            fluid_settings_setnum(settings, "synth.reverb.level", reverb.level)
        }
    }

    private static func presets(synth: OpaquePointer, soundFontID: Int32) -> [(bank: Int32, program: Int32)] {
        guard let font = fluid_synth_get_sfont_by_id(synth, soundFontID) else { return [] }
        var result: [(bank: Int32, program: Int32)] = []
        fluid_sfont_iteration_start(font)
        while let preset = fluid_sfont_iteration_next(font) {
            result.append((fluid_preset_get_banknum(preset), fluid_preset_get_num(preset)))
        }
        return result
    }

    // MARK: Live control (any thread)

    public func noteOn(channel: Int, key: Int, velocity: Int) {
        _ = fluid_synth_noteon(synth, clampChannel(channel), clamp7(key), clamp7(velocity))
    }

    public func noteOff(channel: Int, key: Int) {
        _ = fluid_synth_noteoff(synth, clampChannel(channel), clamp7(key))
    }

    public func controlChange(channel: Int, controller: Int, value: Int) {
        _ = fluid_synth_cc(synth, clampChannel(channel), clamp7(controller), clamp7(value))
    }

    /// Channel volume, CC7 (0...127; 100 is the General MIDI default).
    public func setVolume(channel: Int, _ value: Int) { controlChange(channel: channel, controller: 7, value: value) }

    /// Channel pan, CC10 (0 = left, 64 = centre, 127 = right).
    public func setPan(channel: Int, _ value: Int) { controlChange(channel: channel, controller: 10, value: value) }

    /// Selects a General MIDI program (bank 0). When the SoundFont lacks it, falls back to the first
    /// program of the same family (piano, organ, guitar, ...), then to program 0. Returns whether the
    /// exact program was found.
    @discardableResult
    public func selectProgram(_ program: Int, channel: Int) -> Bool {
        let program = Int(clamp7(program))
        let candidates = [program, program - program % 8, 0]
        for (index, candidate) in candidates.enumerated() where select(bank: 0, preset: candidate, channel: channel) {
            return index == 0
        }
        return false
    }

    /// Selects a percussion kit on bank 128 (kit 0 is the GM standard kit) and makes `channel` a drum
    /// channel. Returns whether the exact kit was found.
    @discardableResult
    public func selectDrumKit(_ kit: Int = 0, channel: Int = 9) -> Bool {
        _ = fluid_synth_set_channel_type(synth, clampChannel(channel), Int32(CHANNEL_TYPE_DRUM.rawValue))
        if select(bank: 128, preset: Int(clamp7(kit)), channel: channel) { return true }
        _ = select(bank: 128, preset: 0, channel: channel)
        return false
    }

    private func select(bank: Int, preset: Int, channel: Int) -> Bool {
        fluid_synth_program_select(synth, clampChannel(channel), soundFontID, Int32(bank), Int32(preset)) == FLUID_OK
    }

    /// Releases every held note (on one channel, or all), letting them fade naturally.
    public func allNotesOff(channel: Int? = nil) {
        _ = fluid_synth_all_notes_off(synth, channel.map(clampChannel) ?? -1)
    }

    /// Silences everything at once, including release tails and sustained notes.
    public func panic() {
        _ = fluid_synth_all_sounds_off(synth, -1)
    }

    public func setReverb(_ on: Bool) { _ = fluid_synth_reverb_on(synth, -1, on ? 1 : 0) }
    public func setChorus(_ on: Bool) { _ = fluid_synth_chorus_on(synth, -1, on ? 1 : 0) }

    /// Voices currently sounding (a rough meter; also handy in tests).
    public var activeVoiceCount: Int { Int(fluid_synth_get_active_voice_count(synth)) }

    /// The sequencer clock: milliseconds of audio rendered since the engine was created.
    public var clockMilliseconds: UInt32 { fluid_sequencer_get_tick(sequencer) }

    private func clampChannel(_ channel: Int) -> Int32 { Int32(min(max(channel, 0), 15)) }
    private func clamp7(_ value: Int) -> Int32 { Int32(min(max(value, 0), 127)) }
}
