/// F1 or ?: every key, by section, in as many columns as the screen allows, from the key map itself.
enum HelpOverlay {
    static func lines() -> [(text: String, isTitle: Bool)] {
        var result: [(String, Bool)] = [
            ("Notes (FastTracker 2 rows)", true),
            ("Z S X D C V G B H N J M , L . ; /   C to E", false),
            ("Q 2 W 3 E R 5 T 6 Y 7 U I 9 O 0 P [ = ]   C+1 to G", false),
        ]
        for section in KeyMap.Section.allCases {
            result.append((section.rawValue, true))
            for binding in KeyMap.bindings where binding.section == section && binding.inHelp {
                result.append((binding.label.padded(13) + binding.description, false))
            }
        }
        return result
    }

    static func draw(into buffer: inout ScreenBuffer, width: Int, height: Int) {
        let all = lines()
        let columnWidth = width >= 120 ? 52 : 39
        let columns = max(1, min(3, (width - 2) / columnWidth))
        let rowsNeeded = (all.count + columns - 1) / columns
        let boxHeight = min(height, rowsNeeded + 2)
        let boxWidth = min(width, columns * columnWidth + 2)
        let x0 = (width - boxWidth) / 2, y0 = max(0, (height - boxHeight) / 2)
        buffer.fill(x: x0, y: y0, width: boxWidth, height: boxHeight, " ", .overlay)
        buffer.write(x0 + 1, y0, "Ensemble keys — any key closes", .overlayTitle)
        let rows = boxHeight - 2
        for (i, line) in all.prefix(rows * columns).enumerated() {
            let x = x0 + 1 + (i / rows) * columnWidth, y = y0 + 1 + i % rows
            buffer.write(x, y, line.text.clipped(columnWidth - 2), line.isTitle ? .overlayTitle : .overlay)
        }
        if all.count > rows * columns {
            buffer.write(x0 + 1, y0 + boxHeight - 1, "(enlarge the terminal for the rest, or see docs/studio.md)", .overlay)
        }
    }
}
