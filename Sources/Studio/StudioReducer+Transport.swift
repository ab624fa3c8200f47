import MusicCore

extension StudioState {
    /// Reports of "stopped" this soon after asking to play are from before the player saw the request.
    static let staleStopMs = 300.0

    mutating func playStop() -> [StudioEffect] {
        if isRecording { return stopRecording() }
        if transport.mode != .stopped {
            transport.mode = .stopped
            return [.stop]
        }
        guard Arrangement.parts(of: project).contains(where: { !$0.track.notes.isEmpty }) else {
            say("nothing to play yet: play the keys, record with Ctrl-R, or open a melody with Ctrl-O")
            return []
        }
        let from: Int
        if case .range(let bars) = loop { from = bars.lowerBound * project.ticksPerBar } else {
            from = cursor.tick / project.ticksPerBar * project.ticksPerBar
        }
        return startPlayback(from: from, countIn: 0)
    }

    mutating func startPlayback(from tick: Int, countIn: Int) -> [StudioEffect] {
        transport.mode = countIn > 0 ? .countingIn : .playing
        transport.tick = countIn > 0 ? tick - countIn * project.ticksPerBar : tick
        transport.reportedAtMs = nowMs
        transport.requestedAtMs = nowMs
        transport.countInBeatsLeft = countIn * project.beatsPerBar
        return [.play(playbackRequest(fromTick: tick, countInBars: countIn))]
    }

    mutating func updatePlayhead(_ report: PlayheadReport) -> [StudioEffect] {
        if report.mode == .stopped {
            guard transport.mode != .stopped, nowMs - transport.requestedAtMs > StudioState.staleStopMs else { return [] }
            // The song played to its end (no loop).
            if isRecording { return stopRecording() }
            transport.mode = .stopped
            transport.tick = report.tick
            return []
        }
        guard transport.mode != .stopped else { return [] }
        transport.mode = report.mode == .countingIn ? .countingIn : .playing
        transport.tick = report.tick
        transport.reportedAtMs = nowMs
        transport.countInBeatsLeft = report.countInBeatsLeft
        return []
    }

    // MARK: Recording

    mutating func toggleRecording() -> [StudioEffect] {
        if isRecording { return stopRecording() }
        if case .prompt = overlay { return [] }
        let range = loopTicks ?? 0..<project.lengthTicks
        recording = RecordingSession(before: project, range: range)
        if transport.mode == .playing {
            say("recording (punched in) — Ctrl-R or Space stops")
            return []
        }
        say("recording after a one-bar count-in — Ctrl-R or Space stops")
        return startPlayback(from: range.lowerBound, countIn: 1)
    }

    /// Ends held notes, quantizes what was played into the melody (one undo step), stops, autosaves.
    mutating func stopRecording() -> [StudioEffect] {
        var effects = releaseAllNotes()
        guard let session = recording else { return effects }
        recording = nil
        transport.mode = .stopped
        effects.append(.stop)
        let grid = quantize.grid(ticksPerQuarter: project.ticksPerQuarter)
        if session.notes.isEmpty {
            say("recording stopped: no notes played")
        } else {
            let merged = RecordingMath.merge(session.notes, into: project.melody, grid: grid,
                                             ticksPerQuarter: project.ticksPerQuarter)
            history.record("recording", before: session.before)
            project.melody = merged
            revision += 1
            let how = grid == nil ? "not quantized" : "quantized to \(quantize.rawValue)"
            say("recorded \(session.notes.count) notes (\(how)); Ctrl-Z undoes, Ctrl-G generates a band")
        }
        effects.append(contentsOf: autosaveNow())
        return effects
    }

    // MARK: Autosave

    mutating func autosaveIfDue() -> [StudioEffect] {
        guard revision != autosavedRevision, autosaveInFlight == nil,
              nowMs - lastAutosaveMs >= StudioState.autosaveIntervalMs else { return [] }
        return autosaveNow()
    }

    mutating func autosaveNow() -> [StudioEffect] {
        guard revision != autosavedRevision else { return [] }
        autosaveInFlight = revision
        lastAutosaveMs = nowMs
        return [.autosave(projectIncludingRecording, revision: revision)]
    }

    // MARK: Quit

    mutating func quit(status: Int32, ask: Bool = true) -> [StudioEffect] {
        var effects = isRecording ? stopRecording() : releaseAllNotes()
        if transport.mode != .stopped, !effects.contains(.stop) { effects.append(.stop) }
        transport.mode = .stopped
        if revision == savedRevision || project.isEmpty {
            return effects + [.discardAutosave, .quit(status: status)]
        }
        if ask, autosaveError != nil {
            overlay = .prompt(Prompt(kind: .confirmQuit))
            return effects
        }
        let pending: [StudioEffect] = revision != autosavedRevision ? [.autosave(project, revision: revision)] : []
        return effects + pending + [.quit(status: status)]
    }

    // MARK: Tempo, loop, length

    mutating func changeTempo(by delta: Int) -> [StudioEffect] {
        adjust { $0.tempo = Project.studioTempo($0.tempo + Double(delta)) }
        say("tempo \(Int(project.tempo)) bpm")
        return []
    }

    mutating func cycleLoop() -> [StudioEffect] {
        let bar = cursor.tick / project.ticksPerBar
        switch loop {
        case .song: loop = .range(bar..<bar + 1)
        case .range: loop = .off
        case .off: loop = .song
        }
        say("loop: \(loopDescription)")
        return []
    }

    var loopDescription: String {
        switch loop {
        case .song: return "the song (\(project.bars) bars)"
        case .off: return "off"
        case .range(let bars): return "bars \(bars.lowerBound + 1)-\(bars.upperBound)"
        }
    }

    mutating func setLoopEdge(start: Bool) -> [StudioEffect] {
        let bar = cursor.tick / project.ticksPerBar
        var range: Range<Int> = 0..<project.bars
        if case .range(let current) = loop { range = current }
        range = start ? bar..<max(bar + 1, range.upperBound) : min(range.lowerBound, bar)..<bar + 1
        loop = .range(range)
        say("loop: \(loopDescription)")
        return []
    }

    static let songLengths = [2, 4, 8, 12, 16, 24, 32]

    mutating func cycleSongLength() -> [StudioEffect] {
        let next = StudioState.songLengths.first { $0 > project.bars } ?? StudioState.songLengths[0]
        edit("song length") { $0.bars = next }
        say("song length \(project.bars) bars")
        return []
    }
}
