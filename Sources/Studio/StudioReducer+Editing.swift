import MusicCore

/// Step editing in the piano roll: the cursor picks a pitch and a column; edits apply to the melody.
extension StudioState {
    /// The melody note under the cursor: its pitch, sounding at the cursor's tick (or starting in its column).
    var noteIndexAtCursor: Int? {
        let notes = project.melody.notes
        let column = cursor.tick..<cursor.tick + ticksPerColumn
        return notes.firstIndex { Int($0.pitch) == cursor.pitch && $0.start <= cursor.tick && cursor.tick < $0.end }
            ?? notes.firstIndex { Int($0.pitch) == cursor.pitch && column.contains($0.start) }
    }

    mutating func blockedWhileRecording() -> Bool {
        guard isRecording else { return false }
        say("stop recording first (Ctrl-R)", error: true)
        return true
    }

    mutating func addNote() -> [StudioEffect] {
        guard !blockedWhileRecording() else { return [] }
        guard noteIndexAtCursor == nil else {
            say("a note is already there: Shift-Right lengthens it", error: true)
            return []
        }
        let note = Note(pitch: UInt8(cursor.pitch), velocity: velocity, start: cursor.tick, duration: ticksPerColumn)
        edit("add note") { $0.melody.notes = Track.canonicallySorted($0.melody.notes + [note]) }
        cursor.tick += ticksPerColumn
        return startLiveNote(note.pitch, velocity: velocity, source: .keys, timed: true)
    }

    mutating func deleteNote() -> [StudioEffect] {
        guard !blockedWhileRecording() else { return [] }
        guard let index = noteIndexAtCursor else {
            say("no note at the cursor", error: true)
            return []
        }
        edit("delete note") { _ = $0.melody.notes.remove(at: index) }
        return []
    }

    mutating func resizeNote(by steps: Int) -> [StudioEffect] {
        guard !blockedWhileRecording() else { return [] }
        guard let index = noteIndexAtCursor else {
            say("no note at the cursor", error: true)
            return []
        }
        let duration = project.melody.notes[index].duration + steps * ticksPerColumn
        guard duration >= 1, duration >= min(ticksPerColumn, project.melody.notes[index].duration) else {
            say("the note is as short as one column; Del removes it", error: true)
            return []
        }
        edit(steps > 0 ? "lengthen note" : "shorten note") { $0.melody.notes[index].duration = duration }
        return []
    }

    mutating func moveNote(steps: Int, semitones: Int) -> [StudioEffect] {
        guard !blockedWhileRecording() else { return [] }
        guard let index = noteIndexAtCursor else {
            say("no note at the cursor", error: true)
            return []
        }
        var note = project.melody.notes[index]
        let start = note.start + steps * ticksPerColumn
        let pitch = Int(note.pitch) + semitones
        guard start >= 0, (0...127).contains(pitch) else { return [] }
        note.start = start
        note.pitch = UInt8(pitch)
        edit("move note") { project in
            project.melody.notes.remove(at: index)
            project.melody.notes = Track.canonicallySorted(project.melody.notes + [note])
        }
        cursor.tick = max(0, cursor.tick + steps * ticksPerColumn)
        cursor.pitch = pitch
        return semitones != 0 ? startLiveNote(note.pitch, velocity: note.velocity, source: .keys, timed: true) : []
    }

    mutating func clearMelody() -> [StudioEffect] {
        guard !blockedWhileRecording() else { return [] }
        guard !project.melody.notes.isEmpty else {
            say("the melody is already empty")
            return []
        }
        edit("clear melody") { $0.melody.notes = [] }
        say("melody cleared (Ctrl-Z brings it back)")
        return []
    }

    /// Removes empty bars before the first melody note and after the last; takes move with the melody.
    mutating func trim() -> [StudioEffect] {
        guard !blockedWhileRecording() else { return [] }
        let notes = project.melody.notes
        guard let first = notes.map(\.start).min(), let last = notes.map(\.end).max() else {
            say("nothing to trim: the melody is empty", error: true)
            return []
        }
        let bar = project.ticksPerBar
        let firstBar = first / bar
        let bars = max(1, (last + bar - 1) / bar - firstBar)
        let shift = firstBar * bar
        edit("trim") { project in
            project.melody.notes = notes.map { var n = $0; n.start -= shift; return n }
            for t in project.takes.indices {
                for k in project.takes[t].tracks.indices {
                    project.takes[t].tracks[k].notes = project.takes[t].tracks[k].notes.compactMap { note in
                        var n = note
                        n.start -= shift
                        return n.start >= 0 && n.start < bars * bar ? n : nil
                    }
                }
            }
            project.bars = bars
        }
        cursor.tick = max(0, cursor.tick - shift)
        say("trimmed to \(bars) bars")
        return []
    }

    // MARK: Undo

    mutating func undo() -> [StudioEffect] {
        guard !blockedWhileRecording() else { return [] }
        guard let step = history.undo(current: project) else {
            say("nothing to undo")
            return []
        }
        project = step.project
        revision += 1
        say("undid \(step.label)")
        return []
    }

    mutating func redo() -> [StudioEffect] {
        guard !blockedWhileRecording() else { return [] }
        guard let step = history.redo(current: project) else {
            say("nothing to redo")
            return []
        }
        project = step.project
        revision += 1
        say("redid \(step.label)")
        return []
    }

    // MARK: Mixer

    mutating func selectTrack(by delta: Int) -> [StudioEffect] {
        let count = Arrangement.parts(of: project).count
        selectedTrack = ((selectedTrack + delta) % count + count) % count
        say("selected track: \(Arrangement.parts(of: project)[selectedTrack].track.name)")
        return []
    }

    var selectedPart: Arrangement.Part {
        let parts = Arrangement.parts(of: project)
        return parts[min(selectedTrack, parts.count - 1)]
    }

    mutating func toggleMix(_ flag: WritableKeyPath<TrackMix, Bool>, _ on: String, _ off: String) -> [StudioEffect] {
        let part = selectedPart
        adjust { $0.mixer[part.key, default: TrackMix()][keyPath: flag].toggle() }
        say("\(part.track.name) \(project.mixer[part.key]?[keyPath: flag] == true ? on : off)")
        return []
    }

    mutating func changeVolume(by delta: Int) -> [StudioEffect] {
        let part = selectedPart
        adjust { project in
            let volume = project.mixer[part.key, default: TrackMix()].volume + Double(delta) / 10
            project.mixer[part.key, default: TrackMix()].volume = (min(max(volume, 0), 1) * 10).rounded() / 10
        }
        say("\(part.track.name) volume \(Int(((project.mixer[part.key]?.volume ?? 0.8) * 100).rounded()))%")
        return []
    }

    mutating func changeInstrument(by delta: Int) -> [StudioEffect] {
        let part = selectedPart
        guard !part.track.isDrum else {
            say("drums keep their kit; the genre chooses it", error: true)
            return []
        }
        let program = UInt8((Int(part.track.program) + delta + 128) % 128)
        adjust { $0.mixer[part.key, default: TrackMix()].program = program }
        say("\(part.key): \(GeneralMIDI.programName(program))")
        return part.key == "melody" ? [.programChange(channel: project.melody.channel, program: program)] : []
    }
}
