/// Our small text notation for melodies (the sample melodies are stored in it):
///
///     # comment line
///     title: Ode to Joy
///     origin: Ludwig van Beethoven, Symphony No. 9 (1824)
///     tempo: 100          quarter notes per minute
///     time: 4/4
///     key: C major        or "F# minor", "Bb major"
///     program: 73         optional GM program (default 0)
///     | E4q E4q F4q G4q | G4q F4q E4q D4q | ...
///
/// A note is a letter A–G, an optional # or b, an octave (C4 = middle C = MIDI 60) and a duration: w h q e s t
/// (whole ... 32nd), then optionally "." (dotted) and "3" (triplet), then optionally "~" (tied to the next note,
/// which must have the same pitch). A rest is "r" plus a duration. "|" separates bars: every bar must fill the
/// time signature exactly, except that the first may be shorter (a pickup, padded with rest at the start so bar
/// lines fall where the signature says) and the last may be shorter.
public struct MelodyNotation: Hashable, Sendable {
    public var title: String
    public var origin: String
    public var song: Song

    public static let ticksPerQuarter = 480

    /// Parses `text`; `source` names it in error messages.
    public init(parsing text: String, source: String) throws(MelodyParseError) {
        var parser = MelodyParser(source: source)
        self = try parser.parse(text)
    }
}

/// A melody text that does not parse: where and why, on one line.
public struct MelodyParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public var source: String
    public var line: Int
    public var message: String
    public var description: String { "\(source) line \(line): \(message)" }
}

struct MelodyParser {
    let source: String
    var header: [String: (value: String, line: Int)] = [:]
    /// (start, duration, pitch) in ticks from the first bar line; pitch nil for rests.
    var events: [(start: Int, duration: Int, pitch: UInt8?)] = []
    var bars: [(length: Int, line: Int)] = []
    var barLength = 0
    var position = 0
    var barStart = 0
    var tieFrom: (index: Int, line: Int)? = nil

    init(source: String) { self.source = source }

    static let headerNames: Set<String> = ["title", "origin", "tempo", "time", "key", "program"]

    mutating func parse(_ text: String) throws(MelodyParseError) -> MelodyNotation {
        var musicStarted = false
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = Self.trimmed(rawLine)
            let number = index + 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let colon = line.firstIndex(of: ":"), !musicStarted {
                let name = Self.trimmed(line[..<colon]).lowercased()
                guard Self.headerNames.contains(name) else { throw error(number, "unknown field '\(name)'") }
                guard header[name] == nil else { throw error(number, "'\(name)' is given twice") }
                header[name] = (String(Self.trimmed(line[line.index(after: colon)...])), number)
                continue
            }
            if !musicStarted {
                barLength = try timeSignature().ticksPerBar
                musicStarted = true
            }
            try parseMusic(line, line: number)
        }
        return try finish(lineCount: text.split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    // MARK: Header

    func field(_ name: String) throws(MelodyParseError) -> (value: String, line: Int) {
        guard let entry = header[name], !entry.value.isEmpty else { throw error(1, "missing '\(name):' line") }
        return entry
    }

    func timeSignature() throws(MelodyParseError) -> (signature: TimeSignature, ticksPerBar: Int) {
        let (value, line) = try field("time")
        let parts = value.split(separator: "/")
        guard parts.count == 2, let n = Int(parts[0]), let d = Int(parts[1]), (1...32).contains(n),
              [1, 2, 4, 8, 16].contains(d) else {
            throw error(line, "time '\(value)' is not a time signature like 3/4 or 6/8")
        }
        return (TimeSignature(tick: 0, numerator: n, denominator: d), n * MelodyNotation.ticksPerQuarter * 4 / d)
    }

    func tempo() throws(MelodyParseError) -> Double {
        let (value, line) = try field("tempo")
        guard let bpm = Double(value), bpm >= 20, bpm <= 400 else {
            throw error(line, "tempo '\(value)' must be a number of quarter notes per minute, 20...400")
        }
        return bpm
    }

    func key() throws(MelodyParseError) -> Key {
        let (value, line) = try field("key")
        let words = value.split(separator: " ")
        guard words.count == 2, let mode = Key.Mode(rawValue: words[1].lowercased()),
              let tonic = Self.pitchClass(Array(words[0])), tonic.rest.isEmpty else {
            throw error(line, "key '\(value)' is not a key like 'C major' or 'F# minor'")
        }
        return Key(tonic: tonic.pitchClass, mode: mode)
    }

    func program() throws(MelodyParseError) -> UInt8 {
        guard let entry = header["program"] else { return 0 }
        guard let program = UInt8(entry.value), program < 128 else {
            throw error(entry.line, "program '\(entry.value)' must be 0...127")
        }
        return program
    }

    // MARK: Music

    mutating func parseMusic(_ line: Substring, line number: Int) throws(MelodyParseError) {
        var token = ""
        for character in line + " " {
            if character == "|" || character == " " || character == "\t" {
                if !token.isEmpty { try addToken(token, line: number) }
                token = ""
                if character == "|" { try closeBar(line: number) }
            } else {
                token.append(character)
            }
        }
    }

    mutating func closeBar(line: Int) throws(MelodyParseError) {
        let length = position - barStart
        guard length > 0 else { return }  // a leading "|" or "||"
        guard length <= barLength else {
            throw error(line, "bar \(bars.count + 1) is \(describe(length)) long; \(describe(barLength)) fit in a bar")
        }
        bars.append((length, line))
        barStart = position
    }

    mutating func addToken(_ token: String, line: Int) throws(MelodyParseError) {
        var chars = Array(token)
        let tied = chars.last == "~"
        if tied { chars.removeLast() }
        var pitch: UInt8? = nil
        if chars.first == "r" {
            chars.removeFirst()
        } else {
            guard let (pc, restSlice) = Self.pitchClass(chars) else { throw badToken(token, line) }
            let rest = Array(restSlice)
            var octaveDigits = ""
            var i = 0
            if i < rest.count, rest[i] == "-" { octaveDigits.append("-"); i += 1 }
            while i < rest.count, rest[i].isNumber { octaveDigits.append(rest[i]); i += 1 }
            guard let octave = Int(octaveDigits) else { throw badToken(token, line) }
            // Bounded before the arithmetic: a 19-digit octave would overflow it (found by fuzzing).
            let midi = (-2...11).contains(octave) ? (octave + 1) * 12 + pc : -1
            guard (0...127).contains(midi) else { throw error(line, "'\(token)' is outside the MIDI range C-1...G9") }
            pitch = UInt8(midi)
            chars = Array(rest[i...])
        }
        guard let duration = Self.duration(chars[...]) else { throw badToken(token, line) }
        if let tie = tieFrom {
            guard let pitch, events[tie.index].pitch == pitch else {
                throw error(line, "'\(token)' follows a tie (~) but is not the same pitch as the tied note")
            }
            events[tie.index].duration += duration
        } else {
            events.append((position, duration, pitch))
        }
        if tied {
            guard pitch != nil else { throw error(line, "a rest cannot be tied ('\(token)')") }
            tieFrom = (events.count - 1, line)
        } else {
            tieFrom = nil
        }
        position += duration
    }

    /// Pitch class of a leading note name (letter plus optional # or b) and the characters after it.
    static func pitchClass(_ chars: [Character]) -> (pitchClass: Int, rest: ArraySlice<Character>)? {
        let letters: [Character: Int] = ["C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11]
        guard let first = chars.first, let base = letters[first] else { return nil }
        var pc = base, rest = chars.dropFirst()
        if rest.first == "#" { pc += 1; rest = rest.dropFirst() }
        else if rest.first == "b" { pc -= 1; rest = rest.dropFirst() }
        return (pc, rest)  // −1 for Cb and 12 for B#: the octave arithmetic wants them unwrapped
    }

    /// Ticks of a duration code like "q", "h.", "e3".
    static func duration(_ chars: ArraySlice<Character>) -> Int? {
        let base: [Character: Int] = ["w": 1920, "h": 960, "q": 480, "e": 240, "s": 120, "t": 60]
        guard let first = chars.first, var ticks = base[first] else { return nil }
        var rest = chars.dropFirst()
        if rest.first == "." { ticks = ticks * 3 / 2; rest = rest.dropFirst() }
        if rest.first == "3" { ticks = ticks * 2 / 3; rest = rest.dropFirst() }
        return rest.isEmpty ? ticks : nil
    }

    // MARK: Result

    mutating func finish(lineCount: Int) throws(MelodyParseError) -> MelodyNotation {
        let (signature, _) = try timeSignature()
        try closeBar(line: lineCount)
        if let tie = tieFrom { throw error(tie.line, "the last note is tied (~) to nothing") }
        guard !events.isEmpty, events.contains(where: { $0.pitch != nil }) else { throw error(lineCount, "no notes") }
        // Every bar but the first (pickup) and the last must be full.
        for (index, bar) in bars.enumerated() where index > 0 && index < bars.count - 1 && bar.length != barLength {
            throw error(bar.line, "bar \(index + 1) is \(describe(bar.length)) long; every bar but the first and last must be \(describe(barLength))")
        }
        let pickupPad = bars.count > 1 ? barLength - bars[0].length : 0
        let title = try field("title").value
        let key = try key()
        var notes: [Note] = []
        for event in events {
            guard let pitch = event.pitch else { continue }
            let start = event.start + pickupPad
            let velocity: UInt8 = start % barLength == 0 ? 100 : 88  // a light accent on each downbeat
            notes.append(Note(pitch: pitch, velocity: velocity, start: start, duration: event.duration))
        }
        let track = Track(name: "Melody", program: try program(), isDrum: false, channel: 0, role: .melody,
                          notes: Track.canonicallySorted(notes))
        let song = Song(tracks: [track], ticksPerQuarter: MelodyNotation.ticksPerQuarter,
                        tempos: [TempoChange(tick: 0, bpm: try tempo())], timeSignatures: [signature], key: key)
        return MelodyNotation(title: title, origin: header["origin"]?.value ?? "", song: song)
    }

    func describe(_ ticks: Int) -> String {
        let quarters = Double(ticks) / Double(MelodyNotation.ticksPerQuarter)
        let text = quarters == quarters.rounded() ? String(Int(quarters)) : String(quarters)
        return "\(text) quarter\(quarters == 1 ? "" : "s")"
    }

    func badToken(_ token: String, _ line: Int) -> MelodyParseError {
        error(line, "'\(token)' is not a note or rest (expected e.g. C4q, F#3e., Bb4h~, rq)")
    }

    func error(_ line: Int, _ message: String) -> MelodyParseError {
        MelodyParseError(source: source, line: line, message: message)
    }
}

extension MelodyNotation {
    init(title: String, origin: String, song: Song) {
        self.title = title
        self.origin = origin
        self.song = song
    }
}

extension MelodyParser {
    static func trimmed<S: StringProtocol>(_ text: S) -> Substring {
        var s = text[...]
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return Substring(s)
    }
}
