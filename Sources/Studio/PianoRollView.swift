import MusicCore

/// The scrolling multi-track piano roll: a bar ruler, pitch rows with note names, one column per step, the
/// accompaniment in a colour per track, the melody on top (and notes being recorded), a drum lane, the
/// cursor and the playhead.
///
/// Without colours the tracks stay apart by their characters: melody `#===`, accompaniment the role's letter
/// (`b` bass, `c` chords, `g` guitar, `p` pad) then `-`, drums `x`.
enum PianoRollView {
    static func draw(_ state: StudioState, into buffer: inout ScreenBuffer, _ layout: ScreenLayout) {
        let rect = layout.roll
        guard rect.height >= 3 else { return }
        let grid = Grid(state: state, layout: layout)
        buffer.fill(x: rect.x, y: rect.y, width: rect.width, height: rect.height, " ", .normal)
        drawRuler(state, grid, &buffer)
        drawBackground(state, grid, &buffer)
        let parts = Arrangement.parts(of: state.project)
        let mix = Arrangement.mix(of: state.project)
        for (index, part) in parts.enumerated().dropFirst() where !part.track.isDrum {
            let style: CellStyle = Arrangement.isAudible(index, mix: mix) ? .track(index - 1) : .dim
            drawNotes(part.track.notes, grid, &buffer, head: headCharacter(part.track.role), body: "-", style: style)
        }
        let melodyStyle: CellStyle = Arrangement.isAudible(0, mix: mix) ? .melodyNote : .dim
        drawNotes(state.project.melody.notes + (state.recording?.notes ?? []), grid, &buffer, head: "#", body: "=",
                  style: melodyStyle)
        drawDrumLane(parts, grid, &buffer)
        drawPlayhead(state, grid, &buffer)
        drawCursor(state, grid, &buffer)
    }

    /// Maps ticks and pitches to screen cells.
    struct Grid {
        let x0: Int, rulerY: Int, firstRowY: Int, rows: Int, columns: Int, laneY: Int
        let startTick: Int, ticksPerColumn: Int, topPitch: Int

        init(state: StudioState, layout: ScreenLayout) {
            x0 = layout.roll.x + ScreenLayout.gutterWidth
            rulerY = layout.roll.y
            firstRowY = layout.roll.y + 1
            rows = layout.pitchRows
            columns = layout.rollColumns
            laneY = firstRowY + rows
            startTick = state.view.startTick
            ticksPerColumn = state.ticksPerColumn
            topPitch = state.view.topPitch
        }

        func column(_ tick: Int) -> Int? {
            guard tick >= startTick else { return nil }
            let c = (tick - startTick) / ticksPerColumn
            return c < columns ? c : nil
        }

        func row(_ pitch: Int) -> Int? {
            let r = topPitch - pitch
            return r >= 0 && r < rows ? r : nil
        }
    }

    static func headCharacter(_ role: TrackRole) -> Unicode.Scalar {
        switch role {
        case .bass: return "b"
        case .chords: return "c"
        case .guitar: return "g"
        case .pad: return "p"
        case .drums: return "x"
        case .melody: return "m"
        }
    }

    private static func drawRuler(_ state: StudioState, _ grid: Grid, _ buffer: inout ScreenBuffer) {
        buffer.write(0, grid.rulerY, "bar".padded(ScreenLayout.gutterWidth), .label)
        let bar = state.project.ticksPerBar, quarter = state.project.ticksPerQuarter
        let loop = state.loopTicks
        var c = 0
        while c < grid.columns {
            let tick = grid.startTick + c * grid.ticksPerColumn
            let inLoop = loop?.contains(tick) ?? false
            let x = grid.x0 + c
            if tick % bar == 0 {
                let end = buffer.write(x, grid.rulerY, "\(tick / bar + 1)", inLoop ? .loopRange : .ruler)
                for k in x..<end { if inLoop { buffer.setStyle(k, grid.rulerY, .loopRange) } }
                c += max(1, end - x)
                continue
            }
            buffer.put(x, grid.rulerY, tick % quarter == 0 ? "." : " ", inLoop ? .loopRange : .ruler)
            c += 1
        }
    }

    private static func drawBackground(_ state: StudioState, _ grid: Grid, _ buffer: inout ScreenBuffer) {
        let bar = state.project.ticksPerBar, quarter = state.project.ticksPerQuarter
        for r in 0..<grid.rows {
            let pitch = grid.topPitch - r
            let y = grid.firstRowY + r
            let black = KeyboardLayout.isBlack(pitch)
            let name = MIDIFileSummary.noteName(UInt8(max(0, min(127, pitch))))
            buffer.write(0, y, (pitch % 12 == 0 || !black ? name : "").padded(ScreenLayout.gutterWidth - 1),
                         black ? .dim : .label)
            for c in 0..<grid.columns {
                let tick = grid.startTick + c * grid.ticksPerColumn
                if tick % bar == 0 { buffer.put(grid.x0 + c, y, "|", .barLine) }
                else if tick % quarter == 0, !black { buffer.put(grid.x0 + c, y, ".", .dim) }
            }
        }
    }

    private static func drawNotes(_ notes: [Note], _ grid: Grid, _ buffer: inout ScreenBuffer,
                                  head: Unicode.Scalar, body: Unicode.Scalar, style: CellStyle) {
        let viewEnd = grid.startTick + grid.columns * grid.ticksPerColumn
        for note in notes where note.end > grid.startTick && note.start < viewEnd {
            guard let r = grid.row(Int(note.pitch)) else { continue }
            let first = max(note.start, grid.startTick)
            let startColumn = (first - grid.startTick) / grid.ticksPerColumn
            let endColumn = min(grid.columns, max(startColumn + 1, (note.end - grid.startTick + grid.ticksPerColumn - 1) / grid.ticksPerColumn))
            for c in startColumn..<endColumn {
                let isHead = c == startColumn && note.start >= grid.startTick
                buffer.put(grid.x0 + c, grid.firstRowY + r, isHead ? head : body, style)
            }
        }
    }

    private static func drawDrumLane(_ parts: [Arrangement.Part], _ grid: Grid, _ buffer: inout ScreenBuffer) {
        buffer.write(0, grid.laneY, "drum".padded(ScreenLayout.gutterWidth - 1), .label)
        for part in parts where part.track.isDrum {
            for note in part.track.notes {
                guard let c = grid.column(note.start) else { continue }
                buffer.put(grid.x0 + c, grid.laneY, "x", .drumHit)
            }
        }
    }

    private static func drawPlayhead(_ state: StudioState, _ grid: Grid, _ buffer: inout ScreenBuffer) {
        guard state.transport.mode != .stopped, let c = grid.column(state.playheadTick(at: state.nowMs)) else { return }
        let x = grid.x0 + c
        buffer.put(x, grid.rulerY, "v", .playhead)
        for y in grid.firstRowY...grid.laneY {
            if buffer[x, y].scalar == " " || buffer[x, y].scalar == "." { buffer.put(x, y, ":", .playhead) }
            else { buffer.setStyle(x, y, .playhead) }
        }
    }

    private static func drawCursor(_ state: StudioState, _ grid: Grid, _ buffer: inout ScreenBuffer) {
        guard let c = grid.column(state.cursor.tick), let r = grid.row(state.cursor.pitch) else { return }
        let x = grid.x0 + c, y = grid.firstRowY + r
        if buffer[x, y].scalar == " " || buffer[x, y].scalar == "." || buffer[x, y].scalar == "|" {
            buffer.put(x, y, "+", .cursor)
        } else {
            buffer.setStyle(x, y, .cursor)
        }
        buffer.setStyle(ScreenLayout.gutterWidth - 2, y, .cursor)
    }
}
