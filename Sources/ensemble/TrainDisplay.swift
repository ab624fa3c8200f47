import Foundation
import Generators

/// Training progress on stderr. On a terminal: a status block and the loss chart, redrawn in place (ANSI cursor
/// movement, at most a few times a second) with the cursor hidden until `finish`. Otherwise (a log file, a pipe):
/// one plain line every `plainEvery` iterations.
final class TrainDisplay {
    let interactive: Bool
    let plainEvery: Int
    private var drawnLines = 0
    private var lastDraw = Date.distantPast
    private var note = ""
    private var finished = false

    init(plainEvery: Int = 10) {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        interactive = isatty(STDERR_FILENO) != 0 && term != "dumb" && !term.isEmpty
        self.plainEvery = plainEvery
    }

    /// The escape sequence that shows the cursor again (also written by a second Ctrl-C before exiting).
    static let showCursor = "\u{1B}[?25h"

    func start() {
        if interactive { write("\u{1B}[?25l") }
    }

    /// A one-off message: on a terminal it shows under the status line; otherwise printed as a line.
    func say(_ message: String) {
        if interactive { note = message } else { write(message + "\n") }
    }

    /// Called after each iteration.
    func update(history: LossHistory, target: Int, force: Bool = false) {
        guard let last = history.last else { return }
        if interactive {
            guard force || Date().timeIntervalSince(lastDraw) >= 0.25 else { return }
            lastDraw = Date()
            redraw(block(history: history, target: target))
        } else if force || last.iteration == 1 || last.iteration % plainEvery == 0 || last.iteration == target {
            write(Self.status(history: history, target: target) + "\n")
        }
    }

    /// Leaves the final picture on screen and shows the cursor.
    func finish(history: LossHistory, target: Int) {
        if interactive && !finished {
            finished = true
            update(history: history, target: target, force: true)
            write(Self.showCursor)
        }
    }

    /// Status, losses, the last message and the chart, each line cut to the terminal's width (a wrapped line
    /// would break the in-place redraw).
    private func block(history: LossHistory, target: Int) -> [String] {
        let size = Self.terminalSize()
        let columns = max(20, min(size.columns - 1, 100))
        let height = max(8, min(14, size.rows - 4))
        let chart = LossChart.render([.init("critic loss", history.critic), .init("generator loss", history.generator)],
                                     width: columns, height: height, iterations: 1...max(target, history.count))
        let lines = [Self.progress(history: history, target: target), Self.losses(history.last!), note] + chart
        return lines.map { $0.count > columns ? String($0.prefix(columns - 1)) + "…" : $0 }
    }

    private func redraw(_ lines: [String]) {
        var out = drawnLines > 0 ? "\u{1B}[\(drawnLines)A" : ""
        for line in lines { out += "\r\u{1B}[2K" + line + "\n" }
        drawnLines = lines.count
        write(out)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// "iteration 120/1000  2.41 it/s  ETA 6:05  critic -1.234  generator 0.567  penalty 0.0123  wasserstein 1.890"
    static func status(history: LossHistory, target: Int) -> String {
        guard let last = history.last else { return "" }
        return progress(history: history, target: target) + "  " + losses(last)
    }

    /// "iteration 120/1000  2.41 it/s  ETA 6:05"
    static func progress(history: LossHistory, target: Int) -> String {
        guard let last = history.last else { return "" }
        let speed = iterationsPerSecond(history)
        let eta = speed > 0 ? clock(Double(max(0, target - last.iteration)) / speed) : "–"
        return "iteration \(last.iteration)/\(target)  " + String(format: "%.2f it/s  ETA %@", speed, eta)
    }

    /// "critic -1.234  generator 0.567  penalty 0.0123  wasserstein 1.890"
    static func losses(_ record: LossRecord) -> String {
        let l = record.losses
        return "critic \(LossChart.format(l.critic))  generator \(LossChart.format(l.generator))  "
            + "penalty \(LossChart.format(l.gradientPenalty))  wasserstein \(LossChart.format(l.wasserstein))"
    }

    /// Over the last 20 iterations (this session's pace, not the average since the start).
    static func iterationsPerSecond(_ history: LossHistory) -> Double {
        let records = history.records
        guard let last = records.last else { return 0 }
        let window = min(20, records.count - 1)
        if window == 0 { return last.seconds > 0 ? 1 / last.seconds : 0 }
        let first = records[records.count - 1 - window]
        let seconds = last.seconds - first.seconds
        return seconds > 0 ? Double(window) / seconds : 0
    }

    /// "1:02:03" or "2:03".
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    static func terminalSize() -> (columns: Int, rows: Int) {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return (80, 24) }
        return (Int(size.ws_col), Int(size.ws_row))
    }
}
