/// Writing a Song as a format-1 Standard MIDI File: a conductor track (time signatures, key signature, tempo map)
/// then one track per instrument (name, role, program change, notes), drums on channel 10.
///
/// Reading the bytes back gives the same Song when the Song is well formed: notes in canonical order
/// (`Track.canonicallySorted`), drum tracks on channel 9, pitched tracks off it, ticksPerQuarter 1...32767,
/// time-signature denominators powers of two, the first tempo at tick 0, and same-pitch notes of a track that
/// overlap ending in the order they start (MIDI cannot say which note-off ends which of two sounding notes of one
/// key; readers pair them first in, first out). Out-of-range values are clamped so the file is always valid:
/// velocity to 1...127, duration to ≥ 1 tick, start to ≥ 0, tempo to 1...16777215 µs; notes above pitch 127 are
/// left out; a pitched track on channel 9 is moved to a free channel.
extension Song {
    public func midiFileBytes() -> [UInt8] { midiFile().bytes() }

    /// The Song as MIDI file events (format 1).
    public func midiFile() -> MIDIFile {
        var chunks = [conductorTrack()]
        let channels = writtenChannels()
        for (track, channel) in zip(tracks, channels) {
            chunks.append(Self.instrumentTrack(track, channel: channel))
        }
        return MIDIFile(format: 1, ticksPerQuarter: min(max(ticksPerQuarter, 1), 0x7FFF), tracks: chunks)
    }

    func conductorTrack() -> MIDIFileTrack {
        var events: [MIDIEvent] = []
        for signature in timeSignatures {
            let power = Self.log2Floor(max(signature.denominator, 1))
            events.append(MIDIEvent(tick: max(signature.tick, 0), .timeSignature(
                numerator: min(max(signature.numerator, 1), 255), denominatorPower: power,
                clocksPerClick: max(96 >> power, 1), thirtySecondsPerQuarter: 8)))
        }
        if let key {
            events.append(MIDIEvent(tick: 0, .keySignature(sharps: key.signatureSharps, minor: key.mode == .minor)))
        }
        for tempo in tempos {
            events.append(MIDIEvent(tick: max(tempo.tick, 0),
                                    .tempo(microsecondsPerQuarter: min(max(tempo.microsecondsPerQuarter, 1), 0xFF_FFFF))))
        }
        events = events.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)
        events.append(MIDIEvent(tick: events.last?.tick ?? 0, .endOfTrack))
        return MIDIFileTrack(events: events)
    }

    static func instrumentTrack(_ track: Track, channel: UInt8) -> MIDIFileTrack {
        var events: [MIDIEvent] = [
            MIDIEvent(tick: 0, .trackName(track.name)),
            MIDIEvent(tick: 0, .meta(type: 0x7F, data: MIDIFile.roleTag + Array(track.role.rawValue.utf8))),
            MIDIEvent(tick: 0, .programChange(channel: channel, program: track.program & 0x7F)),
        ]
        // Note-offs before note-ons at the same tick, so a note ending where the next one of its key starts is
        // closed first; same-key note-ons ordered by end, so first-in-first-out pairing gives each its own end.
        var noteEvents: [(tick: Int, isOn: Bool, key: UInt8, end: Int, velocity: UInt8)] = []
        noteEvents.reserveCapacity(track.notes.count * 2)
        for note in track.notes where note.pitch <= 127 {
            let start = max(note.start, 0), end = start + max(note.duration, 1)
            let velocity = min(max(note.velocity, 1), 127)
            noteEvents.append((start, true, note.pitch, end, velocity))
            noteEvents.append((end, false, note.pitch, end, 0))
        }
        noteEvents.sort { a, b in
            if a.tick != b.tick { return a.tick < b.tick }
            if a.isOn != b.isOn { return !a.isOn }
            if a.key != b.key { return a.key < b.key }
            return a.end < b.end
        }
        for e in noteEvents {
            events.append(MIDIEvent(tick: e.tick, e.isOn ? .noteOn(channel: channel, key: e.key, velocity: e.velocity)
                                                         : .noteOff(channel: channel, key: e.key, velocity: 64)))
        }
        events.append(MIDIEvent(tick: events.last?.tick ?? 0, .endOfTrack))
        return MIDIFileTrack(events: events)
    }

    /// Drums on 9; pitched tracks keep their channel unless it is 9, which moves to the lowest channel no other
    /// track uses (0 if all are taken).
    func writtenChannels() -> [UInt8] {
        var used = Set(tracks.filter { !$0.isDrum }.map { $0.channel & 0x0F })
        return tracks.map { track in
            if track.isDrum { return 9 }
            let channel = track.channel & 0x0F
            guard channel == 9 else { return channel }
            let free: UInt8 = (UInt8(0)..<16).first { $0 != 9 && !used.contains($0) } ?? 0
            used.insert(free)
            return free
        }
    }

    static func log2Floor(_ n: Int) -> Int {
        var power = 0
        while power < 6 && (1 << (power + 1)) <= n { power += 1 }
        return power
    }
}

extension MIDIFile {
    /// Encodes the file: MThd then one MTrk per track, with running status for channel messages.
    public func bytes() -> [UInt8] {
        var out: [UInt8] = Array("MThd".utf8)
        Self.appendBE32(6, to: &out)
        Self.appendBE16(UInt16(min(max(format, 0), 1)), to: &out)
        Self.appendBE16(UInt16(min(tracks.count, 0xFFFF)), to: &out)
        Self.appendBE16(UInt16(min(max(ticksPerQuarter, 1), 0x7FFF)), to: &out)
        for track in tracks.prefix(0xFFFF) {
            let body = Self.encode(track)
            out.append(contentsOf: Array("MTrk".utf8))
            Self.appendBE32(UInt32(body.count), to: &out)
            out.append(contentsOf: body)
        }
        return out
    }

    static func encode(_ track: MIDIFileTrack) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(track.events.count * 4 + 4)
        var tick = 0
        var running: UInt8? = nil
        var endWritten = false
        for event in track.events {
            var delta = max(event.tick - tick, 0)
            tick = max(event.tick, tick)
            // A delta longer than a 4-byte quantity holds is bridged with empty text events.
            while delta > 0x0FFF_FFFF {
                appendVariableLength(0x0FFF_FFFF, to: &out)
                out.append(contentsOf: [0xFF, 0x01, 0x00])
                running = nil
                delta -= 0x0FFF_FFFF
            }
            appendVariableLength(delta, to: &out)
            if case .endOfTrack = event.message { endWritten = true }
            encode(event.message, running: &running, to: &out)
        }
        if !endWritten {
            out.append(0)
            out.append(contentsOf: [0xFF, 0x2F, 0x00])
        }
        return out
    }

    static func encode(_ message: MIDIMessage, running: inout UInt8?, to out: inout [UInt8]) {
        func channel(_ kind: UInt8, _ c: UInt8, _ data: [UInt8]) {
            let status = kind | (c & 0x0F)
            if running != status { out.append(status) }
            running = status
            out.append(contentsOf: data.map { $0 & 0x7F })
        }
        func meta(_ type: UInt8, _ data: [UInt8]) {
            out.append(contentsOf: [0xFF, type])
            appendVariableLength(data.count, to: &out)
            out.append(contentsOf: data)
            running = nil  // a meta event ends running status for strict readers
        }
        switch message {
        case .noteOff(let c, let k, let v): channel(0x80, c, [k, v])
        case .noteOn(let c, let k, let v): channel(0x90, c, [k, v])
        case .polyPressure(let c, let k, let v): channel(0xA0, c, [k, v])
        case .controlChange(let c, let n, let v): channel(0xB0, c, [n, v])
        case .programChange(let c, let p): channel(0xC0, c, [p])
        case .channelPressure(let c, let v): channel(0xD0, c, [v])
        case .pitchBend(let c, let value):
            let v = min(max(value + 8192, 0), 16383)
            channel(0xE0, c, [UInt8(v & 0x7F), UInt8(v >> 7)])
        case .tempo(let us):
            let v = min(max(us, 1), 0xFF_FFFF)
            meta(0x51, [UInt8(v >> 16), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)])
        case .timeSignature(let n, let power, let clocks, let thirtySeconds):
            meta(0x58, [UInt8(min(max(n, 0), 255)), UInt8(min(max(power, 0), 255)),
                        UInt8(min(max(clocks, 0), 255)), UInt8(min(max(thirtySeconds, 0), 255))])
        case .keySignature(let sharps, let minor):
            meta(0x59, [UInt8(bitPattern: Int8(min(max(sharps, -7), 7))), minor ? 1 : 0])
        case .trackName(let name): meta(0x03, textBytes(name))
        case .endOfTrack: meta(0x2F, [])
        case .meta(let type, let data): meta(type, data)
        case .sysex, .system:
            return  // not written: the model never produces them and their bytes were not kept
        }
    }

    /// Latin-1 when every character fits (what mido, pretty_midi and most older tools decode), else UTF-8 (which
    /// the reader recognises first). A Latin-1 text that happens to be valid UTF-8 too ("Ã©") would read back
    /// differently; names like that do not occur in practice.
    static func textBytes(_ text: String) -> [UInt8] {
        let scalars = text.unicodeScalars
        if scalars.allSatisfy({ $0.value < 0x100 }) { return scalars.map { UInt8($0.value) } }
        return Array(text.utf8)
    }

    static func appendVariableLength(_ value: Int, to out: inout [UInt8]) {
        var v = min(max(value, 0), 0x0FFF_FFFF)
        var stack: [UInt8] = [UInt8(v & 0x7F)]
        v >>= 7
        while v > 0 {
            stack.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(contentsOf: stack.reversed())
    }

    static func appendBE16(_ v: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(v >> 8)); out.append(UInt8(v & 0xFF))
    }

    static func appendBE32(_ v: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(v >> 24)); out.append(UInt8(v >> 16 & 0xFF)); out.append(UInt8(v >> 8 & 0xFF)); out.append(UInt8(v & 0xFF))
    }
}
