/// Draws the whole studio into a screen buffer: header, piano roll, track list, keyboard, message and hints,
/// then any overlay (help, prompt). Pure: the same state always gives the same cells.
public enum StudioRenderer {
    public static func render(_ state: StudioState, into buffer: inout ScreenBuffer) {
        let layout = ScreenLayout(width: buffer.width, height: buffer.height)
        buffer.clear()
        if layout.isTooSmall {
            drawTooSmall(into: &buffer)
            return
        }
        HeaderView.draw(state, into: &buffer, layout.header)
        PianoRollView.draw(state, into: &buffer, layout)
        TrackListView.draw(state, into: &buffer, layout.trackList)
        KeyboardView.draw(state, into: &buffer, layout.keyboard)
        HintsView.drawMessage(state, into: &buffer, layout.message)
        HintsView.drawHints(into: &buffer, layout.hints)
        switch state.overlay {
        case .none: break
        case .help: HelpOverlay.draw(into: &buffer, width: buffer.width, height: buffer.height)
        case .prompt(let prompt): PromptView.draw(prompt, into: &buffer, width: buffer.width, height: buffer.height)
        }
    }

    /// A fresh buffer of the state's screen size, drawn.
    public static func render(_ state: StudioState) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: state.width, height: state.height)
        render(state, into: &buffer)
        return buffer
    }

    static func drawTooSmall(into buffer: inout ScreenBuffer) {
        let words = "Ensemble needs a terminal of at least \(StudioState.minimumWidth)x\(StudioState.minimumHeight); "
            + "this one is \(buffer.width)x\(buffer.height). Enlarge the window (Ctrl-Q quits)."
        var lines: [String] = [""]
        for word in words.split(separator: " ") {
            if lines[lines.count - 1].count + word.count + 1 > max(1, buffer.width) { lines.append("") }
            lines[lines.count - 1] += (lines[lines.count - 1].isEmpty ? "" : " ") + word
        }
        for (y, line) in lines.enumerated() where y < buffer.height { buffer.write(0, y, line, .error) }
    }
}
