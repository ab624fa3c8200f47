/// What the player asks the synth and sequencer to do. Times are sequencer milliseconds.
enum SequencerAction: Sendable, Equatable {
    /// Remove every event this player has queued (notes on and off).
    case clearPending
    /// Set programs and channel controllers for a (new) song.
    case configureChannels(ChannelPlan)
    case noteOn(channel: UInt8, key: UInt8, velocity: UInt8, atMs: Int)
    case noteOff(channel: UInt8, key: UInt8, atMs: Int)
}

/// A request from the UI thread, applied on the audio thread at the next pump.
enum TransportCommand: Sendable {
    case play(countInBars: Int)
    case pause
    case stop
    case seek(tick: Double)
    case setLoop(Range<Int>?)
    case setTempoScale(Double)
    case setSwing(Swing)
    case setMuted(track: Int, Bool)
    case setSoloed(track: Int, Bool)
    case setMetronome(Metronome)
    case setEndless(Bool)
    case replaceSong(PreparedSong)
}

/// The playback state machine, pure: commands and the sequencer clock in, sequencer actions out.
///
/// Scheduling works a window ahead: every pump (a timer event on the sequencer, ~10 ms apart) queues the
/// notes that start before `now + lookahead`. Every queued note is remembered in `book` until its note-off
/// time has passed. A change while playing (tempo, swing, loop, mute, new song) removes everything queued,
/// re-sends note-offs for the notes still sounding at their new times, and queues again from "now" — so no
/// note is lost, doubled or left hanging. Pumps run at sequencer times the player chose itself, and the
/// sequencer dispatches events in time order with note-ons last, so at a pump everything before "now" has
/// been played and everything from "now" on is still queued.
struct Transport: Sendable {
    enum Mode: Sendable, Equatable { case stopped, paused, playing }

    struct ScheduledNote: Sendable {
        /// Track index, or -1 for a metronome click.
        let track: Int
        var segment: Int
        let channel: UInt8
        let key: UInt8
        let startTick: Double
        let endTick: Double
        let onMs: Int
        var offMs: Int
    }

    static let minimumTempoScale = 0.1
    static let maximumTempoScale = 8.0

    private(set) var song: PreparedSong
    private(set) var mode: Mode = .stopped
    private(set) var finished = false
    /// Position while stopped or paused.
    private(set) var restTick: Double = 0
    /// The pass being heard first, then any passes already scheduled after it (loop wraps).
    private(set) var segments: [PlaybackSegment] = []
    /// When a non-looping pass ends (known once scheduling reaches it).
    private(set) var endMs: Double?
    private(set) var book: [ScheduledNote] = []
    private var cursorTick: Double = 0
    private var nextSegmentID = 0

    private(set) var loop: Range<Int>?
    private(set) var tempoScale = 1.0
    private(set) var swing = Swing.straight
    private(set) var muted = Set<Int>()
    private(set) var soloed = Set<Int>()
    private(set) var metronome = Metronome()
    private(set) var endless = false
    let lookaheadMs: Double

    init(song: PreparedSong, lookaheadMs: Double = 200) {
        self.song = song
        self.lookaheadMs = lookaheadMs
    }

    // MARK: Pump

    /// Advances to sequencer time `now`: retires what has played, applies `commands` in order, and
    /// schedules the window ahead.
    mutating func pump(nowMs now: Int, commands: [TransportCommand]) -> [SequencerAction] {
        retire(now: now)
        var actions: [SequencerAction] = []
        for command in commands { actions += apply(command, now: now) }
        actions += schedule(now: now)
        return actions
    }

    func isAudible(track: Int) -> Bool {
        !muted.contains(track) && (soloed.isEmpty || soloed.contains(track))
    }

    private mutating func retire(now: Int) {
        book.removeAll { $0.offMs < now }
        guard mode == .playing else { return }
        while segments.count > 1, segments[1].startMs <= Double(now) { segments.removeFirst() }
        if let endMs, Double(now) >= endMs {
            mode = .stopped
            finished = true
            restTick = segments.last.map(\.toTick) ?? Double(song.endTick)
            segments = []
            self.endMs = nil
        }
    }

    // MARK: Commands

    private mutating func apply(_ command: TransportCommand, now: Int) -> [SequencerAction] {
        switch command {
        case .play(let bars):
            guard mode != .playing else { return [] }
            start(at: restTick, countInBars: max(0, bars), now: now)
            return []
        case .pause:
            guard mode == .playing else { return [] }
            let position = max(currentTick(now: now), currentAnchor(now: now))
            let actions = hardStop(now: now)
            mode = .paused
            restTick = position
            return actions
        case .stop:
            let actions = mode == .playing ? hardStop(now: now) : []
            mode = .stopped
            finished = false
            restTick = Double(loop?.lowerBound ?? 0)
            return actions
        case .seek(let tick):
            let target = min(max(tick, 0), endless ? tick : Double(max(song.endTick, loop?.upperBound ?? 0)))
            finished = false
            guard mode == .playing else { restTick = target; return [] }
            let actions = hardStop(now: now)
            start(at: target, countInBars: 0, now: now)
            return actions
        case .setLoop(let range):
            loop = range.flatMap { $0.lowerBound >= 0 && $0.count > 0 ? $0 : nil }
            if mode == .playing, let loop, currentTick(now: now) >= Double(loop.upperBound) {
                let actions = hardStop(now: now)
                start(at: Double(loop.lowerBound), countInBars: 0, now: now)
                return actions
            }
            return replan(now: now)
        case .setTempoScale(let scale):
            guard scale.isFinite else { return [] }
            tempoScale = min(max(scale, Transport.minimumTempoScale), Transport.maximumTempoScale)
            return replan(now: now)
        case .setSwing(let newSwing):
            swing = newSwing
            return replan(now: now)
        case .setMuted(let track, let isMuted):
            if isMuted { muted.insert(track) } else { muted.remove(track) }
            return replan(now: now)
        case .setSoloed(let track, let isSoloed):
            if isSoloed { soloed.insert(track) } else { soloed.remove(track) }
            return replan(now: now)
        case .setMetronome(let settings):
            metronome = settings
            return replan(now: now)
        case .setEndless(let isEndless):
            endless = isEndless
            return replan(now: now)
        case .replaceSong(let newSong):
            return replaceSong(newSong, now: now)
        }
    }

    private mutating func replaceSong(_ newSong: PreparedSong, now: Int) -> [SequencerAction] {
        let ratio = Double(newSong.ticksPerQuarter) / Double(song.ticksPerQuarter)
        if let range = loop {
            let lower = Int((Double(range.lowerBound) * ratio).rounded())
            let upper = Int((Double(range.upperBound) * ratio).rounded())
            loop = upper > lower ? lower..<upper : nil
        }
        let position = mode == .playing ? currentTick(now: now) : restTick
        let anchor = mode == .playing ? currentAnchor(now: now) : restTick
        song = newSong
        restTick *= ratio
        return [.configureChannels(newSong.plan)]
            + replan(now: now, songReplaced: (position * ratio, anchor * ratio))
    }

    // MARK: Starting and stopping

    private mutating func start(at tick: Double, countInBars: Int, now: Int) {
        var target = tick
        if !endless, loop == nil, target >= Double(song.endTick) { target = 0 }
        if let loop, target >= Double(loop.upperBound) { target = Double(loop.lowerBound) }
        let meter = song.grid.meter(atTick: target)
        let from = target - Double(countInBars * meter.barTicks)
        let segment = makeSegment(startMs: Double(now), from: from, anchor: target)
        segments = [segment]
        cursorTick = from
        mode = .playing
        finished = false
        endMs = nil
    }

    /// Cuts what is sounding now and forgets everything queued.
    private mutating func hardStop(now: Int) -> [SequencerAction] {
        var actions: [SequencerAction] = [.clearPending]
        for note in book where note.onMs < now && note.offMs >= now {
            actions.append(.noteOff(channel: note.channel, key: note.key, atMs: now))
        }
        book = []
        segments = []
        endMs = nil
        return actions
    }

    /// Re-plans from `now` after a change, keeping what is sounding (with note-offs at their new times)
    /// except notes of tracks that just became inaudible, which stop now.
    private mutating func replan(now: Int, songReplaced: (position: Double, anchor: Double)? = nil)
        -> [SequencerAction] {
        guard mode == .playing, let current = segment(atMs: Double(now)) else { return [] }
        let position = songReplaced?.position ?? current.tick(atMs: Double(now))
        let oldAnchor = songReplaced?.anchor ?? current.anchorTick
        let anchor = position < oldAnchor ? oldAnchor : position
        let next = makeSegment(startMs: Double(now), from: position, anchor: anchor)

        var actions: [SequencerAction] = [.clearPending]
        var kept: [ScheduledNote] = []
        var earliestPending: Double?
        for var note in book where note.offMs >= now {
            guard note.onMs < now else {
                if note.segment == current.id { earliestPending = min(earliestPending ?? note.startTick, note.startTick) }
                continue
            }
            let silenced = songReplaced == nil && note.track >= 0 && !isAudible(track: note.track)
            if silenced {
                note.offMs = now
            } else if songReplaced == nil, note.track >= 0, note.segment == current.id {
                let end = min(note.endTick, next.toTick)
                note.offMs = max(now, note.onMs + 1, Int(next.milliseconds(atTick: end).rounded(.down)))
                note.segment = next.id
            } else {
                note.offMs = max(now, note.offMs)
            }
            actions.append(.noteOff(channel: note.channel, key: note.key, atMs: note.offMs))
            kept.append(note)
        }
        book = kept
        segments = [next]
        endMs = nil
        cursorTick = songReplaced == nil ? min(position, earliestPending ?? position) : position
        return actions
    }

    private mutating func makeSegment(startMs: Double, from: Double, anchor: Double) -> PlaybackSegment {
        nextSegmentID += 1
        let to: Double
        let wraps: Bool
        if let loop, from < Double(loop.upperBound) {
            to = Double(loop.upperBound)
            wraps = true
        } else {
            to = endless ? .infinity : max(Double(song.endTick), anchor)
            wraps = false
        }
        let performedAnchor = swing.warp(anchor, ticksPerQuarter: song.ticksPerQuarter)
        return PlaybackSegment(
            id: nextSegmentID, startMs: startMs, fromTick: from, toTick: max(to, from), anchorTick: anchor,
            preRollSecondsPerTick: song.clock.secondsPerTick(atTick: performedAnchor), scale: tempoScale,
            swing: swing, clock: song.clock, wrapsToLoop: wraps)
    }

    // MARK: Scheduling

    private mutating func schedule(now: Int) -> [SequencerAction] {
        guard mode == .playing, endMs == nil, var segment = segments.last else { return [] }
        let horizon = Double(now) + lookaheadMs
        var actions: [SequencerAction] = []
        while true {
            let segmentEnd = segment.endMs
            let limitTick = horizon >= segmentEnd ? segment.toTick : segment.tick(atMs: horizon)
            if limitTick > cursorTick {
                actions += emit(segment, from: cursorTick, to: limitTick)
                cursorTick = limitTick
            }
            if horizon < segmentEnd { break }
            guard segment.wrapsToLoop, let loop else {
                endMs = segmentEnd
                break
            }
            let next = makeSegment(startMs: segmentEnd, from: Double(loop.lowerBound), anchor: Double(loop.lowerBound))
            // A pass shorter than a millisecond cannot be played; stop rather than spin.
            guard next.endMs - next.startMs >= 1 else {
                endMs = segmentEnd
                break
            }
            segments.append(next)
            segment = next
            cursorTick = next.fromTick
        }
        return actions
    }

    /// Queues the notes and clicks that start in `from..<to` of `segment`.
    private mutating func emit(_ segment: PlaybackSegment, from: Double, to: Double) -> [SequencerAction] {
        var actions: [SequencerAction] = []
        let firstMs = Int(segment.startMs.rounded(.up))
        func time(_ tick: Double) -> Int { max(firstMs, Int(segment.milliseconds(atTick: tick).rounded(.down))) }

        let notesFrom = max(from, segment.anchorTick)
        if notesFrom < to {
            var next = song.firstNote(atOrAfter: notesFrom)
            while next < song.timeline.count, Double(song.timeline[next].start) < to {
                let ref = song.timeline[next], index = Int(ref.track)
                next += 1
                guard isAudible(track: index) else { continue }
                let track = song.tracks[index], note = track.notes[Int(ref.index)]
                let end = min(Double(note.end), segment.toTick)
                let onMs = time(Double(note.start))
                let offMs = max(onMs + 1, time(end))
                actions.append(.noteOn(channel: track.channel, key: note.pitch, velocity: note.velocity, atMs: onMs))
                actions.append(.noteOff(channel: track.channel, key: note.pitch, atMs: offMs))
                book.append(ScheduledNote(track: index, segment: segment.id, channel: track.channel, key: note.pitch,
                                          startTick: Double(note.start), endTick: end, onMs: onMs, offMs: offMs))
            }
        }
        for click in clicks(in: segment, from: from, to: to) {
            let onMs = time(click.tick)
            let offMs = onMs + Int(Metronome.clickMilliseconds)
            let key = metronome.key(isDownbeat: click.isDownbeat)
            actions.append(.noteOn(channel: metronome.channel, key: key,
                                   velocity: metronome.velocity(isDownbeat: click.isDownbeat), atMs: onMs))
            actions.append(.noteOff(channel: metronome.channel, key: key, atMs: offMs))
            book.append(ScheduledNote(track: -1, segment: segment.id, channel: metronome.channel, key: key,
                                      startTick: click.tick, endTick: click.tick, onMs: onMs, offMs: offMs))
        }
        return actions
    }

    /// Count-in clicks before the anchor (always), and beat clicks in the song when the metronome is on.
    private func clicks(in segment: PlaybackSegment, from: Double, to: Double) -> [(tick: Double, isDownbeat: Bool)] {
        var result: [(tick: Double, isDownbeat: Bool)] = []
        let anchor = segment.anchorTick
        if from < anchor {
            let meter = song.grid.meter(atTick: anchor)
            let beat = Double(meter.beatTicks)
            let high = min(to, anchor)
            // Beats before the anchor are anchor - k·beat for k ≥ 1.
            var k = Int(((anchor - from) / beat).rounded(.down))
            while k >= 1 {
                let tick = anchor - Double(k) * beat
                if tick >= high { break }
                if tick >= from { result.append((tick, (k * meter.beatTicks) % meter.barTicks == 0)) }
                k -= 1
            }
        }
        if metronome.isEnabled {
            for beat in song.grid.beats(from: max(from, anchor), to: to) {
                result.append((Double(beat.tick), beat.isDownbeat))
            }
        }
        return result
    }

    // MARK: Position

    /// The segment being heard at sequencer time `ms`.
    func segment(atMs ms: Double) -> PlaybackSegment? {
        segments.last { $0.startMs <= ms } ?? segments.first
    }

    private func currentTick(now: Int) -> Double {
        segment(atMs: Double(now))?.tick(atMs: Double(now)) ?? restTick
    }

    private func currentAnchor(now: Int) -> Double {
        segment(atMs: Double(now))?.anchorTick ?? restTick
    }

    /// The playhead at sequencer time `ms` (the caller subtracts the output latency).
    func snapshot(atMs ms: Double) -> PlaybackSnapshot {
        var state: PlaybackSnapshot.State
        var tick: Double
        var countInBeats = 0
        switch mode {
        case .playing:
            let current = segment(atMs: ms)
            tick = current?.tick(atMs: ms) ?? restTick
            state = .playing
            if let current, tick < current.anchorTick {
                state = .countingIn
                let beat = Double(song.grid.meter(atTick: current.anchorTick).beatTicks)
                countInBeats = Int(((current.anchorTick - tick) / beat).rounded(.up))
            }
        case .paused:
            tick = restTick
            state = .paused
        case .stopped:
            tick = restTick
            state = .stopped
        }
        let position = song.grid.position(ofTick: tick)
        let clampedTick = max(tick, 0)
        return PlaybackSnapshot(
            state: state, tick: Int(tick.rounded(.down)), bar: position.bar, beat: position.beat,
            beatFraction: position.beatFraction, seconds: song.clock.seconds(atTick: clampedTick),
            bpm: song.clock.bpm(atTick: clampedTick) * tempoScale, countInBeatsLeft: countInBeats,
            finished: finished, loop: loop, lengthTicks: song.endTick, lengthSeconds: song.endSeconds)
    }
}
