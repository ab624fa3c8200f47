import MusicCore

/// The studio's logic: (state, event) → (new state, effects). Pure — no curses, audio, threads or files — so
/// every behaviour can be tested by feeding events and reading the state and the effects.
public enum StudioReducer {
    public static func reduce(_ state: StudioState, _ event: StudioEvent) -> (StudioState, [StudioEffect]) {
        var next = state
        let effects = next.apply(event)
        return (next, effects)
    }
}

extension StudioState {
    /// Applies one event in place and returns the effects for the edges, in order.
    public mutating func apply(_ event: StudioEvent) -> [StudioEffect] {
        let before = playbackInputs
        var effects = dispatch(event)
        keepInView()
        // Anything that changes what plays (notes, takes, mixer, tempo, loop) reaches the player at once.
        if playbackInputs != before, transport.mode != .stopped,
           !effects.contains(where: { if case .play = $0 { return true } else { return false } }) {
            effects.append(.updatePlayback(playbackRequest(fromTick: playheadTick(at: nowMs))))
        }
        return effects
    }

    private mutating func dispatch(_ event: StudioEvent) -> [StudioEffect] {
        switch event {
        case .key(let press, let at):
            nowMs = at
            return handleKey(press)
        case .stopSignal(let number, let at):
            nowMs = at
            return quit(status: 128 + number, ask: false)
        case .tick(let at):
            nowMs = at
            return releaseExpiredNotes() + autosaveIfDue()
        case .playhead(let report, let at):
            nowMs = at
            return updatePlayhead(report)
        case .midiNoteOn(let pitch, let velocity, let at):
            nowMs = at
            guard velocity > 0 else { return endLiveNote(pitch) }
            return startLiveNote(pitch, velocity: velocity, source: .midi, timed: false)
        case .midiNoteOff(let pitch, let at):
            nowMs = at
            return endLiveNote(pitch)
        case .resized(let width, let height):
            self.width = max(1, width)
            self.height = max(1, height)
            return [.redraw]
        case .environment(let status):
            environment = status
            return []
        case .choicesLoaded(let list):
            choices = list
            return []
        case .sampleNames(let names):
            sampleNames = names
            return []
        case .generated(let id, let accompaniment):
            return acceptTake(requestID: id, accompaniment: accompaniment)
        case .generationFailed(let id, let text):
            guard generation?.requestID == id else { return [] }
            generation = nil
            say(text, error: true)
            return []
        case .opened(let file):
            return opened(file)
        case .fileFailed(let text):
            say(text, error: true)
            return []
        case .saved(let path, let savedAt):
            savedRevision = savedAt
            projectPath = path
            say("saved \(path)")
            return []
        case .exported(let path, let summary):
            say("exported \(path)" + (summary.isEmpty ? "" : ": \(summary)"))
            return []
        case .autosaved(let savedAt):
            autosavedRevision = max(autosavedRevision, savedAt)
            autosaveInFlight = nil
            autosaveError = nil
            return []
        case .autosaveFailed(let text):
            autosaveInFlight = nil
            autosaveError = text
            say("autosave failed: \(text)", error: true)
            return []
        case .autosaveFound(let saved, let savedAt):
            overlay = .prompt(Prompt(kind: .restore(saved, savedAt: savedAt)))
            return []
        }
    }

    /// What the player depends on; a change while playing is sent as an update.
    struct PlaybackInputs: Equatable {
        var project: Project
        var loop: LoopMode
        var metronome: Bool
    }

    var playbackInputs: PlaybackInputs { PlaybackInputs(project: project, loop: loop, metronome: metronome) }

    func playbackRequest(fromTick: Int, countInBars: Int = 0) -> PlaybackRequest {
        PlaybackRequest(song: Arrangement.song(of: project), mix: Arrangement.mix(of: project), fromTick: max(0, fromTick),
                        countInBars: countInBars, loop: loopTicks, metronome: metronome || isRecording,
                        playsPastEnd: loopTicks != nil || isRecording)
    }

    mutating func say(_ text: String, error: Bool = false) { message = Message(text: text, isError: error) }

    /// Records an undoable change: remembers the project as it was, then counts a revision.
    mutating func edit(_ label: String, _ change: (inout Project) -> Void) {
        let old = project
        change(&project)
        guard project != old else { return }
        history.record(label, before: old)
        revision += 1
    }

    /// A change that is saved but not undone (mixer, tempo).
    mutating func adjust(_ change: (inout Project) -> Void) {
        let old = project
        change(&project)
        if project != old { revision += 1 }
    }

    // MARK: View

    mutating func keepInView() {
        let layout = ScreenLayout(width: width, height: height)
        let visible = layout.rollColumns * ticksPerColumn
        let focus = transport.mode == .stopped ? cursor.tick : max(0, playheadTick(at: nowMs))
        if focus < view.startTick || focus >= view.startTick + visible {
            let bar = project.ticksPerBar
            var start = focus / bar * bar
            if focus - start >= visible { start = focus / ticksPerColumn * ticksPerColumn }
            view.startTick = start
        }
        let rows = layout.pitchRows
        if cursor.pitch > view.topPitch { view.topPitch = cursor.pitch }
        if cursor.pitch <= view.topPitch - rows { view.topPitch = cursor.pitch + rows - 1 }
        view.topPitch = min(max(view.topPitch, rows - 1), 127)
    }
}
