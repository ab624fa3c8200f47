import MusicCore

/// Export, open/import, save, restore: prompts and the results the file edge reports.
extension StudioState {
    /// "my-song" from "My Song!" — the default file name.
    var fileStem: String {
        let allowed = project.title.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let stem = String(allowed).split(separator: "-").joined(separator: "-")
        return stem.isEmpty ? "untitled" : stem
    }

    mutating func beginExport() -> [StudioEffect] {
        guard Arrangement.parts(of: project).contains(where: { !$0.track.notes.isEmpty }) else {
            say("nothing to export yet: record or open a melody first", error: true)
            return []
        }
        overlay = .prompt(Prompt(kind: .export, text: "\(fileStem).mid"))
        return []
    }

    mutating func beginOpen() -> [StudioEffect] {
        overlay = .prompt(Prompt(kind: .open, text: ""))
        return []
    }

    mutating func save() -> [StudioEffect] {
        if let projectPath { return [.saveProject(path: projectPath, project: project, revision: revision)] }
        overlay = .prompt(Prompt(kind: .save, text: "\(fileStem).json"))
        return []
    }

    // MARK: Prompt keys

    mutating func handlePromptKey(_ original: Prompt, _ press: KeyPress) -> [StudioEffect] {
        guard press.action != .release else { return [] }
        var prompt = original
        if prompt.isYesNo { return answer(prompt, press) }
        if case .chooseTrack(let song, let title) = prompt.kind {
            return chooseTrackKey(prompt, press, song: song, title: title)
        }
        switch (press.key, press.modifiers) {
        case (.escape, _), (.character("c"), .ctrl), (.character("g"), .ctrl):
            overlay = .none
            say("cancelled")
            return []
        case (.enter, _):
            overlay = .none
            return accept(prompt)
        case (.backspace, _): prompt.backspace()
        case (.delete, _): prompt.deleteForward()
        case (.left, _): prompt.moveCursor(-1)
        case (.right, _): prompt.moveCursor(1)
        case (.home, _), (.character("a"), .ctrl): prompt.cursor = 0
        case (.end, _), (.character("e"), .ctrl): prompt.cursor = prompt.text.count
        case (.character("u"), .ctrl): prompt.setText("")
        case (.tab, _): prompt = completed(prompt)
        case (.space, []): prompt.insert(" ")
        case (.character(let c), let modifiers) where modifiers.subtracting(.shift).isEmpty: prompt.insert(c)
        default: break
        }
        overlay = .prompt(prompt)
        return []
    }

    /// Tab: .mid ⇄ .wav when exporting; the next sample melody when opening.
    private func completed(_ prompt: Prompt) -> Prompt {
        var prompt = prompt
        switch prompt.kind {
        case .export:
            let text = prompt.text
            if text.lowercased().hasSuffix(".mid") { prompt.setText(String(text.dropLast(4)) + ".wav") }
            else if text.lowercased().hasSuffix(".wav") { prompt.setText(String(text.dropLast(4)) + ".mid") }
            else { prompt.setText(text + ".wav") }
        case .open:
            guard !sampleNames.isEmpty else { break }
            let next = sampleNames.firstIndex(of: prompt.text).map { ($0 + 1) % sampleNames.count } ?? 0
            prompt.setText(sampleNames[next])
        default: break
        }
        return prompt
    }

    private mutating func accept(_ prompt: Prompt) -> [StudioEffect] {
        let text = prompt.text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            say("cancelled")
            return []
        }
        switch prompt.kind {
        case .export:
            let song = Arrangement.song(of: project)
            if text.lowercased().hasSuffix(".wav") {
                say("rendering \(text)…")
                return [.exportWAV(path: text, song: song, mix: Arrangement.mix(of: project))]
            }
            let path = text.lowercased().hasSuffix(".mid") || text.lowercased().hasSuffix(".midi") ? text : text + ".mid"
            return [.exportMIDI(path: path, song: song)]
        case .open:
            return [.open(text)]
        case .save:
            let path = text.lowercased().hasSuffix(".json") ? text : text + ".json"
            return [.saveProject(path: path, project: project, revision: revision)]
        default:
            return []
        }
    }

    private mutating func answer(_ prompt: Prompt, _ press: KeyPress) -> [StudioEffect] {
        let yes: Bool
        switch press.key {
        case .character("y"), .character("Y"): yes = true
        case .character("n"), .character("N"), .escape: yes = false
        case .enter:
            if case .restore = prompt.kind { yes = true } else { yes = false }
        default: return []
        }
        overlay = .none
        switch prompt.kind {
        case .confirmQuit:
            return yes ? [.quit(status: 0)] : []
        case .restore(let saved, _):
            guard yes else {
                say("started a new session (the old autosave is discarded)")
                return [.discardAutosave]
            }
            load(saved, path: nil)
            savedRevision = -1
            autosavedRevision = revision
            say("restored the autosaved session: \(saved.title)")
            return []
        default:
            return []
        }
    }

    private mutating func chooseTrackKey(_ original: Prompt, _ press: KeyPress, song: Song, title: String) -> [StudioEffect] {
        var prompt = original
        let candidates = StudioState.melodyCandidates(song)
        switch press.key {
        case .up: prompt.selection = max(0, prompt.selection - 1)
        case .down: prompt.selection = min(candidates.count - 1, prompt.selection + 1)
        case .escape:
            overlay = .none
            say("import cancelled")
            return []
        case .enter:
            overlay = .none
            return importMelody(from: song, track: candidates[prompt.selection], title: title)
        default: break
        }
        overlay = .prompt(prompt)
        return []
    }

    /// Tracks that can be a melody: pitched, with notes.
    public static func melodyCandidates(_ song: Song) -> [Int] {
        song.tracks.indices.filter { !song.tracks[$0].isDrum && !song.tracks[$0].notes.isEmpty }
    }

    // MARK: Results from the file edge

    mutating func opened(_ file: OpenedFile) -> [StudioEffect] {
        var effects: [StudioEffect] = []
        if isRecording { effects += stopRecording() }
        if transport.mode != .stopped {
            transport.mode = .stopped
            effects.append(.stop)
        }
        switch file {
        case .project(let opened, let path):
            history.record("open \(path)", before: project)
            load(opened, path: path)
            say("opened \(path): \(opened.melody.notes.count) notes, \(opened.takes.count) takes")
        case .song(let song, let title):
            let candidates = StudioState.melodyCandidates(song)
            if candidates.isEmpty {
                say("\(title): no pitched notes to use as a melody", error: true)
            } else if candidates.count == 1 {
                effects += importMelody(from: song, track: candidates[0], title: title)
            } else {
                let preferred = candidates.firstIndex { song.tracks[$0].role == .melody } ?? 0
                overlay = .prompt(Prompt(kind: .chooseTrack(song, title: title), selection: preferred))
            }
        }
        return effects
    }

    private mutating func load(_ opened: Project, path: String?) {
        project = opened
        if project.currentTake.map({ !project.takes.indices.contains($0) }) ?? false { project.currentTake = nil }
        projectPath = path
        revision += 1
        savedRevision = path == nil ? savedRevision : revision
        cursor = Cursor(tick: 0, pitch: project.melody.notes.first.map { Int($0.pitch) } ?? 60)
        selectedTrack = 0
        loop = .song
    }

    /// Track `index` of `song` becomes the melody of a fresh arrangement (tempo and meter from the file).
    mutating func importMelody(from song: Song, track index: Int, title: String) -> [StudioEffect] {
        let resampled = song.resampled(ticksPerQuarter: project.ticksPerQuarter)
        var melody = resampled.tracks[index]
        melody.role = .melody
        melody.channel = 0
        melody.isDrum = false
        let meter = resampled.timeSignatures.first ?? TimeSignature()
        let beats = max(1, min(12, meter.numerator * 4 / max(1, meter.denominator)))
        edit("import \(title)") { project in
            project.title = title
            project.melody = melody
            // Within the studio's range: a file's absurd tempo (a 1 µs quarter) must not make a project that
            // `Project.problem` refuses when it is opened again.
            project.tempo = Project.studioTempo(resampled.tempos.first?.bpm ?? 120)
            project.beatsPerBar = beats
            let end = melody.notes.map(\.end).max() ?? 0
            project.bars = max(1, min(256, (end + project.ticksPerBar - 1) / project.ticksPerBar))
            project.takes = []
            project.currentTake = nil
        }
        projectPath = nil
        cursor = Cursor(tick: 0, pitch: melody.notes.first.map { Int($0.pitch) } ?? 60)
        loop = .song
        say("imported \(title) (track \(index + 1): \(melody.name), \(melody.notes.count) notes, \(project.bars) bars)")
        return []
    }
}
