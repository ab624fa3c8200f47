import MusicCore

/// A prompt drawn as a box over the lower part of the roll: title, the line being edited (or the track list
/// to choose from), and what the keys do.
enum PromptView {
    static func draw(_ prompt: Prompt, into buffer: inout ScreenBuffer, width: Int, height: Int) {
        var body: [(String, CellStyle)] = []
        if case .chooseTrack(let song, _) = prompt.kind {
            for (row, index) in StudioState.melodyCandidates(song).enumerated() {
                let track = song.tracks[index]
                let text = "\(index + 1). \(track.name) — \(GeneralMIDI.programName(track.program)), \(track.notes.count) notes"
                body.append(((row == prompt.selection ? "> " : "  ") + text, row == prompt.selection ? .selected : .overlay))
            }
        } else if !prompt.isYesNo {
            body.append(("> " + prompt.text, .input))
        }
        let boxWidth = min(width - 4, 76)
        let boxHeight = min(height - 4, body.count + 4)
        let x0 = (width - boxWidth) / 2
        let y0 = max(2, height - 8 - boxHeight)
        buffer.fill(x: x0, y: y0, width: boxWidth, height: boxHeight, " ", .overlay)
        buffer.write(x0 + 2, y0 + 1, prompt.title.clipped(boxWidth - 4), .overlayTitle)
        let visible = boxHeight - 4
        let first = max(0, min(prompt.selection - visible + 1, body.count - visible))
        for (row, line) in body.dropFirst(first).prefix(visible).enumerated() {
            buffer.write(x0 + 2, y0 + 2 + row, line.0.clipped(boxWidth - 4).padded(boxWidth - 4), line.1)
        }
        if !prompt.isYesNo, case .chooseTrack = prompt.kind {} else if !prompt.isYesNo {
            // Show the insertion point (the text may be scrolled when long).
            let shown = "> " + prompt.text
            let offset = max(0, shown.count - (boxWidth - 5))
            let x = x0 + 2 + min(2 + prompt.cursor - offset, boxWidth - 5)
            let y = y0 + 2
            if offset > 0 { buffer.write(x0 + 2, y, ("…" + shown.suffix(boxWidth - 6)).padded(boxWidth - 4), .input) }
            buffer.setStyle(x, y, .cursor)
        }
        buffer.write(x0 + 2, y0 + boxHeight - 1, prompt.help.clipped(boxWidth - 4), .dim)
    }
}
