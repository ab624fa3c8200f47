@preconcurrency import CNCurses
import Foundation
import Studio

/// The ncurses side of the screen: copies a `ScreenBuffer` to the terminal, only the cells that changed since
/// the last frame. Styles become colour pairs when the terminal has colours, else bold/reverse/underline/dim.
/// Every call must come from the UI thread (ncurses is not thread-safe).
final class TerminalScreen {
    private let window: UnsafeMutablePointer<WINDOW>
    private let hasColors: Bool
    private var previous: ScreenBuffer?
    private var scratch: [wchar_t] = []

    /// False when the locale cannot show non-ASCII characters (then "·" and "…" are drawn as ASCII).
    private let unicode: Bool

    init?() {
        setlocale(LC_ALL, "")
        unicode = String(cString: nl_langinfo(nl_item(CODESET))).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        guard let window = initscr() else { return nil }
        self.window = window
        raw()
        noecho()
        nonl()
        _ = curs_set(0)
        hasColors = has_colors() && ens_colors() >= 8 && ens_color_pairs() > CellStyle.allCases.count
        if hasColors {
            start_color()
            use_default_colors()
            for style in CellStyle.allCases {
                let (fg, bg) = TerminalScreen.colors(style)
                init_pair(Int16(style.rawValue) + 1, fg, bg)
            }
        }
    }

    var size: (width: Int, height: Int) {
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 {
            return (Int(ws.ws_col), Int(ws.ws_row))
        }
        return (Int(ens_getmaxx(window)), Int(ens_getmaxy(window)))
    }

    /// Tells curses about a new size and forgets the last frame (everything is drawn again).
    func resize(width: Int, height: Int) {
        resizeterm(Int32(height), Int32(width))
        previous = nil
        _ = wclear(window)
    }

    func invalidate() {
        previous = nil
        _ = wclear(window)
    }

    /// Draws what changed; returns the number of cells written.
    @discardableResult
    func show(_ buffer: ScreenBuffer) -> Int {
        let runs = buffer.changes(since: previous)
        var written = 0
        for run in runs {
            var start = run.cells.startIndex
            while start < run.cells.endIndex {
                let style = run.cells[start].style
                var end = start + 1
                while end < run.cells.endIndex, run.cells[end].style == style { end += 1 }
                scratch.removeAll(keepingCapacity: true)
                for cell in run.cells[start..<end] {
                    let value = unicode || cell.scalar.isASCII ? cell.scalar.value : TerminalScreen.ascii(cell.scalar)
                    scratch.append(wchar_t(bitPattern: value))
                }
                let x = run.x + (start - run.cells.startIndex)
                // The bottom-right cell would scroll some terminals: leave it.
                let count = run.y == buffer.height - 1 && x + scratch.count >= buffer.width ? scratch.count - 1 : scratch.count
                if count > 0 {
                    let (attrs, pair) = attributes(style)
                    ens_draw(window, Int32(run.y), Int32(x), scratch, Int32(count), attrs, pair)
                }
                written += end - start
                start = end
            }
        }
        if !runs.isEmpty { wrefresh(window) }
        previous = buffer
        return written
    }

    static func ascii(_ scalar: Unicode.Scalar) -> UInt32 {
        switch scalar {
        case "·": return UInt32(UInt8(ascii: "/"))
        case "…": return UInt32(UInt8(ascii: "~"))
        case "—": return UInt32(UInt8(ascii: "-"))
        default: return UInt32(UInt8(ascii: "?"))
        }
    }

    func close() {
        endwin()
    }

    private func attributes(_ style: CellStyle) -> (attr_t, Int16) {
        if hasColors { return (TerminalScreen.colorAttributes(style), Int16(style.rawValue) + 1) }
        return (TerminalScreen.monochrome(style), 0)
    }

    private static let black: Int16 = 0, red: Int16 = 1, green: Int16 = 2, yellow: Int16 = 3, blue: Int16 = 4,
                        magenta: Int16 = 5, cyan: Int16 = 6, white: Int16 = 7, none: Int16 = -1

    static func colors(_ style: CellStyle) -> (Int16, Int16) {
        switch style {
        case .normal, .dim: return (none, none)
        case .title: return (black, cyan)
        case .label: return (cyan, none)
        case .value: return (none, none)
        case .ruler: return (yellow, none)
        case .barLine: return (blue, none)
        case .loopRange: return (black, yellow)
        case .melodyNote: return (yellow, none)
        case .track1: return (green, none)
        case .track2: return (magenta, none)
        case .track3: return (cyan, none)
        case .track4: return (blue, none)
        case .track5: return (red, none)
        case .drumHit: return (red, none)
        case .cursor: return (black, white)
        case .playhead: return (black, green)
        case .keyWhite: return (black, white)
        case .keyBlack: return (white, black)
        case .keyHeld: return (black, yellow)
        case .keySounding: return (black, green)
        case .hint: return (white, blue)
        case .hintKey: return (yellow, blue)
        case .message: return (green, none)
        case .error: return (red, none)
        case .recording: return (white, red)
        case .playing: return (green, none)
        case .overlay: return (white, blue)
        case .overlayTitle: return (yellow, blue)
        case .selected: return (black, cyan)
        case .input: return (white, black)
        }
    }

    static func colorAttributes(_ style: CellStyle) -> attr_t {
        switch style {
        case .title, .value, .melodyNote, .hintKey, .error, .recording, .playing, .overlayTitle, .keyHeld:
            return ens_A_BOLD()
        case .dim: return ens_A_DIM()
        default: return 0
        }
    }

    /// Without colours the meaning is carried by attributes alone.
    static func monochrome(_ style: CellStyle) -> attr_t {
        switch style {
        case .title, .recording, .hintKey: return ens_A_REVERSE() | ens_A_BOLD()
        case .value, .melodyNote, .error, .playing, .overlayTitle: return ens_A_BOLD()
        case .dim: return ens_A_DIM()
        case .loopRange, .keySounding, .input: return ens_A_UNDERLINE()
        case .cursor, .keyBlack, .hint, .selected: return ens_A_REVERSE()
        case .playhead, .keyHeld: return ens_A_BOLD() | ens_A_UNDERLINE()
        default: return 0
        }
    }
}
