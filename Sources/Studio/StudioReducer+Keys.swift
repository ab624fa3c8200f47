import MusicCore

extension StudioState {
    mutating func handleKey(_ press: KeyPress) -> [StudioEffect] {
        if case .prompt(let prompt) = overlay { return handlePromptKey(prompt, press) }
        if overlay == .help {
            if press.action == .press { overlay = .none }
            return []
        }
        if press.modifiers.subtracting(.shift).isEmpty, case .character(let c) = press.key,
           let semitone = KeyboardLayout.semitone(for: c) {
            return noteKey(KeyboardLayout.baseNote(octave: octave) + semitone, press)
        }
        guard let command = KeyMap.command(for: press) else { return [] }
        return perform(command)
    }

    private mutating func noteKey(_ pitch: Int, _ press: KeyPress) -> [StudioEffect] {
        guard (0...127).contains(pitch) else { return [] }
        let pitch = UInt8(pitch)
        switch press.action {
        case .release:
            return live[pitch]?.source == .keys ? endLiveNote(pitch) : []
        case .repeated:
            return []
        case .press:
            if !press.reportsRelease, live.isAutoRepeat(pitch, at: nowMs) {
                live.extend(pitch, at: nowMs)
                return []
            }
            return startLiveNote(pitch, velocity: velocity, source: .keys, timed: !press.reportsRelease)
        }
    }

    mutating func perform(_ command: StudioCommand) -> [StudioEffect] {
        switch command {
        case .playStop: return playStop()
        case .record: return toggleRecording()
        case .generate: return generate()
        case .nextGenre: return changeGenre(by: 1)
        case .previousGenre: return changeGenre(by: -1)
        case .switchGenerator: return switchGenerator()
        case .previousTake: return flipTake(by: -1)
        case .nextTake: return flipTake(by: 1)
        case .export: return beginExport()
        case .open: return beginOpen()
        case .save: return save()
        case .undo: return undo()
        case .redo: return redo()
        case .help:
            overlay = .help
            return []
        case .quit: return quit(status: 0)
        case .interrupt: return quit(status: 130, ask: false)
        case .redraw: return [.redraw]
        case .moveCursor(let steps, let semitones):
            moveCursor(steps: steps, semitones: semitones)
            return []
        case .octave(let delta):
            octave = min(max(octave + delta, KeyboardLayout.octaveRange.lowerBound), KeyboardLayout.octaveRange.upperBound)
            say("octave \(octave): Z plays \(MIDIFileSummary.noteName(UInt8(KeyboardLayout.baseNote(octave: octave))))")
            return []
        case .velocity(let delta):
            velocity = UInt8(min(max(Int(velocity) + delta, 1), 127))
            say("velocity \(velocity)")
            return []
        case .addNote: return addNote()
        case .deleteNote: return deleteNote()
        case .lengthenNote: return resizeNote(by: 1)
        case .shortenNote: return resizeNote(by: -1)
        case .moveNote(let steps, let semitones): return moveNote(steps: steps, semitones: semitones)
        case .clearMelody: return clearMelody()
        case .trim: return trim()
        case .tempo(let delta): return changeTempo(by: delta)
        case .metronome:
            metronome.toggle()
            say("metronome \(metronome ? "on" : "off")")
            return []
        case .quantizeSetting:
            quantize = quantize.next
            say("quantize on stop: \(quantize.rawValue)")
            return []
        case .loopMode: return cycleLoop()
        case .loopStart: return setLoopEdge(start: true)
        case .loopEnd: return setLoopEdge(start: false)
        case .songLength: return cycleSongLength()
        case .zoom(let delta):
            zoomIndex = min(max(zoomIndex - delta, 0), StudioState.zoomSteps.count - 1)
            cursor.tick = cursor.tick / ticksPerColumn * ticksPerColumn
            say("zoom: one column is \(columnName)")
            return []
        case .selectTrack(let delta): return selectTrack(by: delta)
        case .mute: return toggleMix(\.muted, "muted", "unmuted")
        case .solo: return toggleMix(\.soloed, "soloed", "unsoloed")
        case .volume(let delta): return changeVolume(by: delta)
        case .instrument(let delta): return changeInstrument(by: delta)
        }
    }

    /// "1/16" for the current zoom.
    var columnName: String {
        switch ticksPerColumn * 4 / project.ticksPerQuarter {
        case 0...1: return "1/32"
        case 2: return "1/16"
        case 3...4: return "1/8"
        default: return "1/4"
        }
    }

    mutating func moveCursor(steps: Int, semitones: Int) {
        let limit = max(project.lengthTicks, project.melody.notes.map(\.end).max() ?? 0) + project.ticksPerBar * 8
        let column = ticksPerColumn
        cursor.tick = min(max(cursor.tick / column * column + steps * column, 0), limit)
        cursor.pitch = min(max(cursor.pitch + semitones, 0), 127)
    }

    // MARK: Live notes

    mutating func startLiveNote(_ pitch: UInt8, velocity: UInt8, source: LiveNotes.Source, timed: Bool) -> [StudioEffect] {
        var effects = live[pitch] != nil ? endLiveNote(pitch) : []
        let channel = project.melody.channel
        effects.append(.noteOn(channel: channel, pitch: pitch, velocity: velocity))
        live.press(LiveNotes.Held(pitch: pitch, velocity: velocity, source: source, pressedMs: nowMs, lastPressMs: nowMs,
                                  releaseMs: timed ? nowMs + LiveNotes.heldMs : nil, recordTick: recordingTick()))
        return effects
    }

    /// Where a note played now lands in the recording (nil when not recording, or well before the downbeat).
    private func recordingTick() -> Int? {
        guard let recording, transport.mode != .stopped else { return nil }
        let tick = playheadTick(at: nowMs)
        let early = project.ticksPerQuarter / 2
        if tick < recording.range.lowerBound {
            // A note just before the downbeat belongs on it; one earlier in the count-in is not recorded.
            return tick >= recording.range.lowerBound - early ? recording.range.lowerBound : nil
        }
        return RecordingMath.fold(tick, into: recording.range)
    }

    mutating func endLiveNote(_ pitch: UInt8) -> [StudioEffect] {
        guard let held = live.release(pitch) else { return [] }
        if let start = held.recordTick, recording != nil {
            let endMs = min(held.releaseMs ?? nowMs, nowMs)
            let ticksPerMs = project.tempo * Double(project.ticksPerQuarter) / 60_000
            let duration = max(1, Int(((endMs - held.pressedMs) * ticksPerMs).rounded()))
            recording?.notes.append(Note(pitch: pitch, velocity: held.velocity, start: start, duration: duration))
            revision += 1
        }
        return [.noteOff(channel: project.melody.channel, pitch: pitch)]
    }

    mutating func releaseExpiredNotes() -> [StudioEffect] {
        live.expired(at: nowMs).flatMap { endLiveNote($0.pitch) }
    }

    mutating func releaseAllNotes() -> [StudioEffect] {
        live.notes.keys.sorted().flatMap { endLiveNote($0) }
    }
}
