/// Parses the events of one MTrk chunk, bytes[start..<end]. Running status is kept across meta and sysex events
/// (as mido and most players do), so files that rely on it after a meta event still read.
struct MIDITrackParser {
    let bytes: [UInt8]
    let start: Int
    let end: Int
    /// 1-based track number, for messages.
    let number: Int
    var pos: Int

    init(bytes: [UInt8], start: Int, end: Int, number: Int) {
        self.bytes = bytes
        self.start = start
        self.end = end
        self.number = number
        self.pos = start
    }

    mutating func parse() throws(MIDIFileError) -> [MIDIEvent] {
        var events: [MIDIEvent] = []
        events.reserveCapacity((end - start) / 4)  // backed by bytes present: an event takes at least 2
        var tick = 0
        var running: UInt8? = nil
        while pos < end {
            tick += try readVariableLength()
            guard pos < end else { throw cutOff("event", at: pos) }
            let eventStart = pos
            var status = bytes[pos]
            if status < 0x80 {
                guard let previous = running else {
                    throw MIDIFileError(.runningStatus, at: pos,
                        "track \(number): data byte \(MIDIFileError.hex(status)) at byte \(pos) with no status byte before it (running status without a previous status)")
                }
                status = previous
            } else {
                pos += 1
            }
            switch status {
            case 0xFF:
                events.append(MIDIEvent(tick: tick, try readMeta(eventStart: eventStart)))
            case 0xF0, 0xF7:
                let length = try readVariableLength()
                guard length <= end - pos else {
                    throw MIDIFileError(.badEvent, at: eventStart,
                        "track \(number): sysex at byte \(eventStart) says \(length) bytes but only \(end - pos) remain in the chunk")
                }
                pos += length
                events.append(MIDIEvent(tick: tick, .sysex(length: length)))
            case 0xF1...0xFE:
                events.append(MIDIEvent(tick: tick, try readSystem(status, eventStart: eventStart)))
            default:
                running = status
                events.append(MIDIEvent(tick: tick, try readChannel(status, eventStart: eventStart)))
            }
        }
        return events
    }

    /// A variable-length quantity: 7 bits per byte, high bit = more follows, at most 4 bytes (28 bits).
    mutating func readVariableLength() throws(MIDIFileError) -> Int {
        let first = pos
        var value = 0
        for _ in 0..<4 {
            guard pos < end else { throw cutOff("variable-length quantity", at: first) }
            let byte = bytes[pos]
            pos += 1
            value = value << 7 | Int(byte & 0x7F)
            if byte < 0x80 { return value }
        }
        throw MIDIFileError(.badVariableLength, at: first,
            "track \(number): variable-length quantity at byte \(first) is longer than 4 bytes")
    }

    mutating func readMeta(eventStart: Int) throws(MIDIFileError) -> MIDIMessage {
        guard pos < end else { throw cutOff("meta event", at: eventStart) }
        let type = bytes[pos]
        pos += 1
        let length = try readVariableLength()
        guard length <= end - pos else {
            throw MIDIFileError(.badEvent, at: eventStart,
                "track \(number): meta event \(MIDIFileError.hex(type)) at byte \(eventStart) says \(length) bytes but only \(end - pos) remain in the chunk")
        }
        let data = bytes[pos..<pos + length]
        pos += length
        return MIDIFileReader.decodeMeta(type: type, data: data)
    }

    mutating func readSystem(_ status: UInt8, eventStart: Int) throws(MIDIFileError) -> MIDIMessage {
        let dataCount: Int
        switch status {
        case 0xF1, 0xF3: dataCount = 1
        case 0xF2: dataCount = 2
        case 0xF4, 0xF5:
            throw MIDIFileError(.badEvent, at: eventStart,
                "track \(number): undefined status byte \(MIDIFileError.hex(status)) at byte \(eventStart)")
        default: dataCount = 0
        }
        try readData(count: dataCount, what: "system message", eventStart: eventStart)
        return .system(status: status)
    }

    mutating func readChannel(_ status: UInt8, eventStart: Int) throws(MIDIFileError) -> MIDIMessage {
        let channel = status & 0x0F
        let kind = status & 0xF0
        let count = (kind == 0xC0 || kind == 0xD0) ? 1 : 2
        let first = pos
        try readData(count: count, what: Self.name(ofChannelMessage: kind), eventStart: eventStart)
        let a = bytes[first], b = count == 2 ? bytes[first + 1] : 0
        switch kind {
        case 0x80: return .noteOff(channel: channel, key: a, velocity: b)
        case 0x90: return .noteOn(channel: channel, key: a, velocity: b)
        case 0xA0: return .polyPressure(channel: channel, key: a, value: b)
        case 0xB0: return .controlChange(channel: channel, controller: a, value: b)
        case 0xC0: return .programChange(channel: channel, program: a)
        case 0xD0: return .channelPressure(channel: channel, value: a)
        default: return .pitchBend(channel: channel, value: (Int(b) << 7 | Int(a)) - 8192)
        }
    }

    static func name(ofChannelMessage kind: UInt8) -> String {
        switch kind {
        case 0x80: "note-off"
        case 0x90: "note-on"
        case 0xA0: "aftertouch"
        case 0xB0: "control change"
        case 0xC0: "program change"
        case 0xD0: "channel pressure"
        default: "pitch bend"
        }
    }

    /// Consumes `count` data bytes, each below 0x80.
    mutating func readData(count: Int, what: String, eventStart: Int) throws(MIDIFileError) {
        guard count <= end - pos else { throw cutOff(what, at: eventStart) }
        for i in pos..<pos + count where bytes[i] >= 0x80 {
            throw MIDIFileError(.badEvent, at: i,
                "track \(number): \(what) at byte \(eventStart) has data byte \(MIDIFileError.hex(bytes[i])) at byte \(i) (must be below 0x80)")
        }
        pos += count
    }

    func cutOff(_ what: String, at offset: Int) -> MIDIFileError {
        MIDIFileError(.badEvent, at: offset,
            "track \(number): \(what) at byte \(offset) is cut off by the end of the chunk at byte \(end)")
    }
}

extension MIDIFileReader {
    /// Decodes the meta events the model uses; a known type with a wrong length is kept raw (and so ignored).
    static func decodeMeta(type: UInt8, data: ArraySlice<UInt8>) -> MIDIMessage {
        let d = Array(data)
        switch (type, d.count) {
        case (0x2F, _):
            return .endOfTrack
        case (0x51, 3):
            return .tempo(microsecondsPerQuarter: Int(d[0]) << 16 | Int(d[1]) << 8 | Int(d[2]))
        case (0x58, 4...):
            return .timeSignature(numerator: Int(d[0]), denominatorPower: Int(d[1]),
                                  clocksPerClick: Int(d[2]), thirtySecondsPerQuarter: Int(d[3]))
        case (0x59, 2...):
            return .keySignature(sharps: Int(Int8(bitPattern: d[0])), minor: d[1] != 0)
        case (0x03, _):
            return .trackName(decodeText(d))
        default:
            return .meta(type: type, data: d)
        }
    }

    /// UTF-8 when the bytes are valid UTF-8, else Latin-1 (what older files use); trailing NULs dropped.
    static func decodeText(_ data: [UInt8]) -> String {
        var bytes = data
        while bytes.last == 0 { bytes.removeLast() }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
