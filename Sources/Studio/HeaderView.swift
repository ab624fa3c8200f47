import MusicCore

/// The two header lines: song, genre and generator, tempo, position, transport; then MIDI input, SoundFont,
/// audio, and the playing settings.
enum HeaderView {
    static func draw(_ state: StudioState, into buffer: inout ScreenBuffer, _ rect: ScreenLayout.Rect) {
        buffer.fill(x: rect.x, y: rect.y, width: rect.width, height: rect.height, " ", .label)
        var x = buffer.write(rect.x, rect.y, " ENSEMBLE ", .title)
        let project = state.project
        x = field(&buffer, x + 1, rect.y, "", project.title.clipped(24) + (state.isDirty ? "*" : ""))
        let generatorName = GeneratorCatalog.displayName(project.generator)
        x = field(&buffer, x, rect.y, "", "\(project.genre) · \(generatorName)")
        x = field(&buffer, x, rect.y, "", "\(Int(project.tempo)) bpm \(project.beatsPerBar)/4")
        x = field(&buffer, x, rect.y, "bar ", position(state))
        let (text, style) = transport(state)
        x = buffer.write(x, rect.y, text, style) + 2
        if let generation = state.generation {
            x = buffer.write(x, rect.y, "generating… seed \(generation.seed)", .playing) + 2
        } else if let t = project.currentTake, let take = project.take {
            x = field(&buffer, x, rect.y, "take ", "\(t + 1)/\(project.takes.count) seed \(take.seed)")
        }

        let y = rect.y + 1
        let env = state.environment
        x = buffer.write(rect.x + 1, y, env.midiInput.clipped(36), env.midiInput.contains("unavailable") ? .dim : .value) + 2
        if !env.soundFont.isEmpty { x = field(&buffer, x, y, "SF ", env.soundFont.clipped(22)) }
        if !env.audio.isEmpty { x = buffer.write(x, y, env.audio.clipped(16), .dim) + 2 }
        x = field(&buffer, x, y, "oct ", "\(state.octave)")
        x = field(&buffer, x, y, "vel ", "\(state.velocity)")
        x = field(&buffer, x, y, "q ", state.quantize.rawValue)
        x = field(&buffer, x, y, "loop ", loopText(state))
        x = field(&buffer, x, y, "click ", state.metronome ? "on" : "off")
        _ = field(&buffer, x, y, "keys ", env.keyReleases ? "press/release" : "auto-release")
    }

    @discardableResult
    static func field(_ buffer: inout ScreenBuffer, _ x: Int, _ y: Int, _ label: String, _ value: String) -> Int {
        let after = buffer.write(x, y, label, .label)
        return buffer.write(after, y, value, .value) + 2
    }

    static func position(_ state: StudioState) -> String {
        let tick = state.transport.mode == .stopped ? state.cursor.tick : max(0, state.playheadTick(at: state.nowMs))
        let bar = tick / state.project.ticksPerBar
        let beat = tick % state.project.ticksPerBar / state.project.ticksPerQuarter
        return "\(bar + 1):\(beat + 1)"
    }

    static func transport(_ state: StudioState) -> (String, CellStyle) {
        switch (state.transport.mode, state.isRecording) {
        case (.countingIn, _): return ("count-in \(max(1, state.transport.countInBeatsLeft))", .recording)
        case (.playing, true): return ("(*) RECORDING", .recording)
        case (.playing, false): return ("> playing", .playing)
        case (.stopped, _): return ("[] stopped", .value)
        }
    }

    static func loopText(_ state: StudioState) -> String {
        switch state.loop {
        case .song: return "song"
        case .off: return "off"
        case .range(let bars): return "\(bars.lowerBound + 1)-\(bars.upperBound)"
        }
    }
}
