/// Where each panel goes on a screen of a given size. Shared by the renderer and by the reducer (which keeps
/// the cursor and playhead inside the visible part of the roll).
public struct ScreenLayout: Equatable, Sendable {
    public struct Rect: Equatable, Sendable {
        public var x: Int, y: Int, width: Int, height: Int
        public var maxY: Int { y + height }
        public var maxX: Int { x + width }
    }

    public static let headerHeight = 2
    public static let keyboardHeight = 5
    public static let gutterWidth = 5

    public var width: Int
    public var height: Int
    public var header: Rect
    /// Ruler, pitch rows and the drum lane.
    public var roll: Rect
    public var trackList: Rect
    public var keyboard: Rect
    public var message: Rect
    public var hints: Rect

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        let panel = width >= 120 ? 34 : 26
        header = Rect(x: 0, y: 0, width: width, height: ScreenLayout.headerHeight)
        hints = Rect(x: 0, y: height - 1, width: width, height: 1)
        message = Rect(x: 0, y: height - 2, width: width, height: 1)
        keyboard = Rect(x: 0, y: height - 2 - ScreenLayout.keyboardHeight, width: width, height: ScreenLayout.keyboardHeight)
        let rollHeight = max(0, keyboard.y - header.maxY)
        roll = Rect(x: 0, y: header.maxY, width: max(0, width - panel), height: rollHeight)
        trackList = Rect(x: roll.maxX, y: header.maxY, width: panel, height: rollHeight)
    }

    public var isTooSmall: Bool { width < StudioState.minimumWidth || height < StudioState.minimumHeight }

    /// Columns of time in the roll (after the pitch-name gutter and a border column).
    public var rollColumns: Int { max(1, roll.width - ScreenLayout.gutterWidth - 1) }
    /// Pitch rows in the roll (minus the ruler and the drum lane).
    public var pitchRows: Int { max(1, roll.height - 2) }
}
