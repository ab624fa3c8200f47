/// The bottom two lines: the last message (errors stand out) and the key hints that fit the width.
enum HintsView {
    static func drawMessage(_ state: StudioState, into buffer: inout ScreenBuffer, _ rect: ScreenLayout.Rect) {
        buffer.fill(x: rect.x, y: rect.y, width: rect.width, height: 1, " ", .normal)
        guard let message = state.message else { return }
        buffer.write(rect.x + 1, rect.y, message.text.clipped(rect.width - 2), message.isError ? .error : .message)
    }

    static func drawHints(into buffer: inout ScreenBuffer, _ rect: ScreenLayout.Rect) {
        buffer.fill(x: rect.x, y: rect.y, width: rect.width, height: 1, " ", .hint)
        var x = rect.x + 1
        for hint in KeyMap.hints(width: rect.width - 2) {
            let parts = hint.split(separator: " ", maxSplits: 1).map(String.init)
            x = buffer.write(x, rect.y, parts[0], .hintKey)
            if parts.count > 1 { x = buffer.write(x + 1, rect.y, parts[1], .hint) }
            x += 2
        }
    }
}
