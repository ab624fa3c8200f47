import MusicCore

/// The mixer beside the roll: one line per track (instrument, mute, solo, volume), then the takes and the
/// genre's model status.
enum TrackListView {
    static func draw(_ state: StudioState, into buffer: inout ScreenBuffer, _ rect: ScreenLayout.Rect) {
        buffer.fill(x: rect.x, y: rect.y, width: rect.width, height: rect.height, " ", .normal)
        let x = rect.x + 1, width = rect.width - 1
        for y in rect.y..<rect.maxY { buffer.put(rect.x, y, "|", .dim) }
        var y = rect.y
        buffer.write(x, y, "Tracks  F6 sel F7 M F8 S", .label, limit: width)
        y += 1
        let parts = Arrangement.parts(of: state.project)
        for (index, part) in parts.enumerated() where y < rect.maxY - 3 {
            let strip = state.project.mixer[part.key] ?? TrackMix()
            let selected = index == min(state.selectedTrack, parts.count - 1)
            let style: CellStyle = index == 0 ? .melodyNote : part.track.isDrum ? .drumHit : .track(index - 1)
            let instrument = part.track.isDrum ? "drum kit \(part.track.program)" : GeneralMIDI.programName(part.track.program)
            let flags = (strip.muted ? "M" : "-") + (strip.soloed ? "S" : "-")
            let volume = String(Int((strip.volume * 100).rounded())).padded(3)
            let nameWidth = max(4, width - 18)
            var cx = buffer.write(x, y, selected ? ">" : " ", selected ? .selected : .normal)
            cx = buffer.write(cx, y, part.key.padded(7), style)
            cx = buffer.write(cx + 1, y, instrument.clipped(nameWidth - 1).padded(nameWidth - 1), selected ? .selected : .value)
            cx = buffer.write(cx + 1, y, flags, strip.muted || strip.soloed ? .error : .dim)
            buffer.write(cx + 1, y, volume, .dim, limit: rect.maxX - cx - 1)
            y += 1
        }
        y += 1
        guard y < rect.maxY else { return }
        let project = state.project
        if project.takes.isEmpty {
            buffer.write(x, y, "No takes yet: ^G generates", .dim, limit: width)
        } else {
            buffer.write(x, y, "Take \((project.currentTake ?? 0) + 1) of \(project.takes.count)  ^N/^P flip", .label, limit: width)
            if let take = project.take, y + 1 < rect.maxY {
                buffer.write(x, y + 1, "\(take.genre), \(GeneratorCatalog.displayName(take.generator)), seed \(take.seed)",
                             .value, limit: width)
            }
        }
        y += 2
        guard y < rect.maxY else { return }
        let (available, why) = state.availability(genre: project.genre, generator: project.generator)
        buffer.write(x, y, available ? "model: \(why.isEmpty ? "ready" : why)" : why, available ? .value : .error, limit: width)
    }
}
