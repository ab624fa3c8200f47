import CFluidSynth
import Foundation
import MusicCore

/// Plays a `Song` on a `SynthEngine`, scheduled ahead on FluidSynth's sequencer: play, pause, stop, seek,
/// loop, tempo scale, swing, mute/solo/volume/pan per track, metronome and count-in, and a playhead.
///
/// Every method may be called from any thread and returns at once. Transport changes are queued and applied
/// on the audio thread at the next pump (a sequencer timer event every ~10 ms), which then queues the notes
/// of the next ~200 ms; `snapshot()` reads the position from the synth's sample clock. The engine must be
/// driven — by an `AudioOutput`, or by `OfflineRenderer` — for anything to happen.
public final class SongPlayer: @unchecked Sendable {
    public let engine: SynthEngine
    private let core: PlayerCore

    public init(engine: SynthEngine, song: Song) {
        self.engine = engine
        core = PlayerCore(engine: engine, song: PreparedSong(song))
        core.start()
    }

    deinit { close() }

    /// Starts or resumes playback, after `countInBars` bars of metronome clicks.
    public func play(countInBars: Int = 0) { core.send(.play(countInBars: max(0, min(countInBars, 16)))) }
    public func pause() { core.send(.pause) }
    /// Stops and returns to the start (of the loop, when looping).
    public func stop() { core.send(.stop) }
    /// Jumps to the start of zero-based bar `bar`.
    public func seek(toBar bar: Int) { core.send(.seek(tick: Double(core.song.grid.tick(ofBar: max(0, bar))))) }
    public func seek(toTick tick: Int) { core.send(.seek(tick: Double(max(0, tick)))) }
    /// Loops zero-based bars `bars` (upper bound excluded); nil plays straight through.
    public func setLoop(bars: Range<Int>?) {
        let grid = core.song.grid
        core.send(.setLoop(bars.map { grid.tick(ofBar: max(0, $0.lowerBound))..<grid.tick(ofBar: max(0, $0.upperBound)) }))
    }
    public func setLoop(ticks: Range<Int>?) { core.send(.setLoop(ticks)) }
    /// Plays at `scale` × the written tempo (0.1...8), effective immediately, even mid-note.
    public func setTempoScale(_ scale: Double) { core.send(.setTempoScale(scale)) }
    public func setSwing(_ swing: Swing) { core.send(.setSwing(swing)) }
    public func setMuted(_ muted: Bool, track: Int) { core.send(.setMuted(track: track, muted)) }
    public func setSoloed(_ soloed: Bool, track: Int) { core.send(.setSoloed(track: track, soloed)) }
    public func setMetronome(_ metronome: Metronome) {
        if metronome.channel != ChannelPlan.drumChannel { engine.selectDrumKit(channel: Int(metronome.channel)) }
        core.send(.setMetronome(metronome))
    }
    /// Keeps the clock running past the last note (for recording over a metronome).
    public func setPlaysPastEnd(_ on: Bool) { core.send(.setEndless(on)) }
    /// Swaps in a new arrangement without stopping (e.g. regenerate while looping): notes already sounding
    /// finish, the new song continues from the same position.
    public func replaceSong(_ song: Song) { core.send(.replaceSong(PreparedSong(song))) }

    /// Track volume, 0...1 (sent as CC7 on the track's channel).
    public func setVolume(_ volume: Double, track: Int) {
        core.setMix(track: track) { $0.volume = UInt8((min(max(volume, 0), 1) * 127).rounded()) }
    }

    /// Track pan, -1 (left) ... 1 (right) (sent as CC10 on the track's channel).
    public func setPan(_ pan: Double, track: Int) {
        core.setMix(track: track) { $0.pan = UInt8(((min(max(pan, -1), 1) + 1) * 63.5).rounded(.down)) }
    }

    /// Where playback is, as heard (sample clock minus output latency). Cheap; poll it every frame.
    public func snapshot() -> PlaybackSnapshot { core.snapshot() }

    /// Stops this player's notes and detaches it from the engine's sequencer. Called on deinit.
    public func close() { core.close() }
}

/// Per-track mixer settings sent as channel controllers.
struct TrackMix: Sendable, Equatable {
    var volume: UInt8 = 100
    var pan: UInt8 = 64
}

/// The part of the player the sequencer calls back into (on the audio thread). The sequencer holds a
/// reference to it until it has unregistered the client, so a callback never outlives it.
final class PlayerCore: @unchecked Sendable {
    private struct Shared {
        var transport: Transport
        var commands: [TransportCommand] = []
        var mix: [Int: TrackMix] = [:]
        var closing = false
    }

    static let pumpIntervalMs: UInt32 = 10

    /// Unowned: the sequencer that calls us back belongs to the engine (a strong reference would be a cycle
    /// engine → sequencer → core → engine), and `SongPlayer` keeps the engine alive while it is in use.
    unowned let engine: SynthEngine
    private let shared: Locked<Shared>
    private let unregistered = DispatchSemaphore(value: 0)
    private(set) var clientID: fluid_seq_id_t = -1
    /// Used only on the thread that drives the sequencer.
    private let event: OpaquePointer

    init(engine: SynthEngine, song: PreparedSong) {
        self.engine = engine
        shared = Locked(Shared(transport: Transport(song: song)))
        event = new_fluid_event()
    }

    deinit { delete_fluid_event(event) }

    var song: PreparedSong { shared.withLock { $0.transport.song } }

    /// Registers with the sequencer, sets up the channels and starts the pump chain.
    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        clientID = fluid_sequencer_register_client(engine.sequencer, "ensemble-player", playerCallback, context)
        configure(song.plan, mix: [:])
        sendPump(at: engine.clockMilliseconds)
    }

    func send(_ command: TransportCommand) {
        shared.withLock { $0.commands.append(command) }
    }

    func setMix(track: Int, _ change: (inout TrackMix) -> Void) {
        let (mix, channel) = shared.withLock { state -> (TrackMix, UInt8?) in
            var mix = state.mix[track] ?? TrackMix()
            change(&mix)
            state.mix[track] = mix
            let assignments = state.transport.song.plan.assignments
            return (mix, track >= 0 && track < assignments.count ? assignments[track].channel : nil)
        }
        guard let channel else { return }
        engine.setVolume(channel: Int(channel), Int(mix.volume))
        engine.setPan(channel: Int(channel), Int(mix.pan))
    }

    func snapshot() -> PlaybackSnapshot {
        let now = Double(engine.clockMilliseconds) - engine.outputLatencyMs.current
        return shared.withLock { $0.transport.snapshot(atMs: now) }
    }

    func close() {
        let wasClosing = shared.withLock { state -> Bool in
            defer { state.closing = true }
            return state.closing
        }
        guard !wasClosing, clientID >= 0 else { return }
        if engine.drive.current == .realTime {
            // The audio thread detaches us at its next pump; wait briefly so notes stop before we return.
            _ = unregistered.wait(timeout: .now() + .milliseconds(500))
        } else {
            // Nothing drives the sequencer now, so no callback can race with us.
            fluid_sequencer_remove_events(engine.sequencer, clientID, engine.synthClientID, -1)
            fluid_sequencer_unregister_client(engine.sequencer, clientID)
        }
    }

    // MARK: Audio thread

    /// Runs at sequencer time `pumpMs` (the time this pump was scheduled for, which is what the transport's
    /// bookkeeping needs — the callback itself may run a block later).
    fileprivate func pump(at pumpMs: UInt32) {
        let (actions, mix, closing) = shared.withLock { state -> ([SequencerAction], [Int: TrackMix], Bool) in
            if state.closing {
                return (state.transport.pump(nowMs: Int(pumpMs), commands: [.stop]), state.mix, true)
            }
            let commands = state.commands
            state.commands = []
            return (state.transport.pump(nowMs: Int(pumpMs), commands: commands), state.mix, false)
        }
        perform(actions, mix: mix)
        if closing {
            fluid_sequencer_unregister_client(engine.sequencer, clientID)
        } else {
            sendPump(at: pumpMs &+ PlayerCore.pumpIntervalMs)
        }
    }

    fileprivate func didUnregister() { unregistered.signal() }

    private func perform(_ actions: [SequencerAction], mix: [Int: TrackMix]) {
        for action in actions {
            switch action {
            case .clearPending:
                fluid_sequencer_remove_events(engine.sequencer, clientID, engine.synthClientID, -1)
            case .configureChannels(let plan):
                configure(plan, mix: mix)
            case .noteOn(let channel, let key, let velocity, let atMs):
                fluid_event_noteon(event, Int32(channel), Int16(key), Int16(velocity))
                sendNote(at: atMs)
            case .noteOff(let channel, let key, let atMs):
                fluid_event_noteoff(event, Int32(channel), Int16(key))
                sendNote(at: atMs)
            }
        }
    }

    private func sendNote(at ms: Int) {
        fluid_event_set_source(event, clientID)
        fluid_event_set_dest(event, engine.synthClientID)
        _ = fluid_sequencer_send_at(engine.sequencer, event, UInt32(clamping: ms), 1)
    }

    /// The pump's own time travels in the event's data pointer (offset by one: a null pointer means none).
    private func sendPump(at ms: UInt32) {
        let pumpEvent = new_fluid_event()
        defer { delete_fluid_event(pumpEvent) }
        fluid_event_set_source(pumpEvent, -1)
        fluid_event_set_dest(pumpEvent, clientID)
        fluid_event_timer(pumpEvent, UnsafeMutableRawPointer(bitPattern: UInt(ms) + 1))
        _ = fluid_sequencer_send_at(engine.sequencer, pumpEvent, ms, 1)
    }

    private func configure(_ plan: ChannelPlan, mix: [Int: TrackMix]) {
        var configured = Set<UInt8>()
        for (track, assignment) in plan.assignments.enumerated() where configured.insert(assignment.channel).inserted {
            let channel = Int(assignment.channel)
            if assignment.isDrum {
                engine.selectDrumKit(Int(assignment.program), channel: channel)
            } else {
                engine.selectProgram(Int(assignment.program), channel: channel)
            }
            let trackMix = mix[track] ?? TrackMix()
            engine.setVolume(channel: channel, Int(trackMix.volume))
            engine.setPan(channel: channel, Int(trackMix.pan))
        }
    }
}

/// The sequencer's callback for player clients: timer events are pumps; the unregistering event releases
/// the reference taken in `PlayerCore.start()`.
private let playerCallback: fluid_event_callback_t = { _, event, _, data in
    guard let event, let data else { return }
    let unmanaged = Unmanaged<PlayerCore>.fromOpaque(data)
    let core = unmanaged.takeUnretainedValue()
    switch fluid_event_get_type(event) {
    case Int32(FLUID_SEQ_TIMER.rawValue):
        guard let stamp = fluid_event_get_data(event) else { return }
        core.pump(at: UInt32(truncatingIfNeeded: UInt(bitPattern: stamp) - 1))
    case Int32(FLUID_SEQ_UNREGISTERING.rawValue):
        core.didUnregister()
        unmanaged.release()
    default:
        break
    }
}
