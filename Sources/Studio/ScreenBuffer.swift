import MusicCore

/// What a cell means, not how it looks: the terminal edge maps styles to colours, or to bold/reverse/underline
/// on a terminal without colours, so the screen stays readable either way.
public enum CellStyle: UInt8, CaseIterable, Sendable {
    case normal, title, label, value, dim
    case ruler, barLine, loopRange
    case melodyNote, track1, track2, track3, track4, track5, drumHit
    case cursor, playhead
    case keyWhite, keyBlack, keyHeld, keySounding
    case hint, hintKey, message, error, recording, playing
    case overlay, overlayTitle, selected, input

    /// The colour slot for accompaniment track `index` (0-based, after the melody).
    public static func track(_ index: Int) -> CellStyle {
        [.track1, .track2, .track3, .track4, .track5][index % 5]
    }
}

/// One character cell.
public struct Cell: Equatable, Sendable {
    public var scalar: Unicode.Scalar
    public var style: CellStyle

    public init(_ scalar: Unicode.Scalar = " ", _ style: CellStyle = .normal) {
        self.scalar = scalar
        self.style = style
    }
}

/// A grid of cells the renderer draws into; the terminal edge copies it to the screen (only what changed).
/// Testable as text.
public struct ScreenBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { if x >= 0, y >= 0, x < width, y < height { cells[y * width + x] = newValue } }
    }

    public mutating func clear() {
        for i in cells.indices { cells[i] = Cell() }
    }

    public mutating func put(_ x: Int, _ y: Int, _ scalar: Unicode.Scalar, _ style: CellStyle) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x] = Cell(scalar, style)
    }

    public mutating func setStyle(_ x: Int, _ y: Int, _ style: CellStyle) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x].style = style
    }

    /// Writes `text` from (x, y), clipped to `limit` columns (and the screen); returns the column after it.
    /// Control characters, and characters wider or narrower than one cell, are shown as "?"
    /// (`TerminalText.singleCell`) so no name can move the cursor or shift the columns after it.
    @discardableResult
    public mutating func write(_ x: Int, _ y: Int, _ text: String, _ style: CellStyle, limit: Int = .max) -> Int {
        var column = x
        let end = min(width, limit == .max ? width : x + limit)
        for scalar in text.unicodeScalars {
            guard column < end else { break }
            put(column, y, TerminalText.singleCell(scalar), style)
            column += 1
        }
        return column
    }

    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, _ scalar: Unicode.Scalar = " ",
                              _ style: CellStyle) {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) { cells[row * width + column] = Cell(scalar, style) }
        }
    }

    /// Row `y` as text (styles dropped).
    public func line(_ y: Int) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: cells[y * width..<(y + 1) * width].map(\.scalar))
        return String(text)
    }

    /// The whole screen as text, one line per row, trailing spaces removed.
    public var text: String {
        (0..<height).map { line($0).replacingTrailingSpaces() }.joined(separator: "\n")
    }

    /// A run of changed cells on one row.
    public struct Run: Equatable, Sendable {
        public var x: Int
        public var y: Int
        public var cells: ArraySlice<Cell>
    }

    /// The spans that differ from `old` (everything when the size differs), for the edge to redraw.
    public func changes(since old: ScreenBuffer?) -> [Run] {
        guard let old, old.width == width, old.height == height else {
            return (0..<height).map { Run(x: 0, y: $0, cells: cells[$0 * width..<($0 + 1) * width]) }
        }
        var runs: [Run] = []
        for y in 0..<height {
            var x = 0
            let base = y * width
            while x < width {
                guard cells[base + x] != old.cells[base + x] else { x += 1; continue }
                var end = x + 1
                while end < width, cells[base + end] != old.cells[base + end] { end += 1 }
                runs.append(Run(x: x, y: y, cells: cells[base + x..<base + end]))
                x = end
            }
        }
        return runs
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }

    /// Cut to `n` characters, with "…" when something was cut.
    func clipped(_ n: Int) -> String {
        guard n > 0 else { return "" }
        return count <= n ? self : String(prefix(max(0, n - 1))) + "…"
    }

    func padded(_ n: Int) -> String { count >= n ? String(prefix(n)) : self + String(repeating: " ", count: n - count) }
}
