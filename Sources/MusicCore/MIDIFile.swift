/// A Standard MIDI File as its chunks and events, before any musical interpretation.
/// `MIDIFile(bytes:)` reads one; `bytes()` encodes one; `song()` (MIDIFileSong.swift) interprets it.
public struct MIDIFile: Hashable, Sendable {
    /// 0 (one multi-channel track) or 1 (simultaneous tracks). Format 2 is refused when reading.
    public var format: Int
    /// Ticks per quarter note (the header's division), 1...32767.
    public var ticksPerQuarter: Int
    /// The MTrk chunks in file order (other chunk types are skipped when reading).
    public var tracks: [MIDIFileTrack]

    public init(format: Int, ticksPerQuarter: Int, tracks: [MIDIFileTrack]) {
        self.format = format
        self.ticksPerQuarter = ticksPerQuarter
        self.tracks = tracks
    }
}

/// One MTrk chunk: its events with absolute tick times.
public struct MIDIFileTrack: Hashable, Sendable {
    public var events: [MIDIEvent]
    /// Where the chunk header starts in the file that was read (0 for built tracks).
    public var byteOffset: Int

    public init(events: [MIDIEvent] = [], byteOffset: Int = 0) {
        self.events = events
        self.byteOffset = byteOffset
    }

    /// The first track-name meta event's text, if the chunk has one.
    public var name: String? {
        for event in events { if case .trackName(let name) = event.message { return name } }
        return nil
    }

    /// Note-on events with velocity above 0: what mido, pretty_midi and most tools count as notes.
    public var noteOnCount: Int {
        var count = 0
        for event in events { if case .noteOn(_, _, let velocity) = event.message, velocity > 0 { count += 1 } }
        return count
    }

    /// The channels (0...15) this chunk sends channel messages on, ascending.
    public var channels: [UInt8] {
        var seen = [Bool](repeating: false, count: 16)
        for event in events { if let channel = event.message.channel { seen[Int(channel)] = true } }
        return (0..<16).filter { seen[$0] }.map(UInt8.init)
    }

    /// The tick of the last event (where "end of track" sits in a well-formed chunk).
    public var endTick: Int { events.last?.tick ?? 0 }
}

/// An event at an absolute tick.
public struct MIDIEvent: Hashable, Sendable {
    public var tick: Int
    public var message: MIDIMessage
    public init(tick: Int, _ message: MIDIMessage) {
        self.tick = tick
        self.message = message
    }
}

/// The messages a MIDI file track can hold. Meta events the music model uses are decoded; the others are kept
/// raw so nothing is lost, and sysex is kept only as its length (the model has no use for its bytes).
public enum MIDIMessage: Hashable, Sendable {
    case noteOff(channel: UInt8, key: UInt8, velocity: UInt8)
    case noteOn(channel: UInt8, key: UInt8, velocity: UInt8)
    case polyPressure(channel: UInt8, key: UInt8, value: UInt8)
    case controlChange(channel: UInt8, controller: UInt8, value: UInt8)
    case programChange(channel: UInt8, program: UInt8)
    case channelPressure(channel: UInt8, value: UInt8)
    /// −8192...8191, 0 = centre.
    case pitchBend(channel: UInt8, value: Int)
    case tempo(microsecondsPerQuarter: Int)
    /// Denominator as a power of two (2 = quarter), MIDI clocks per metronome click, 32nds per quarter.
    case timeSignature(numerator: Int, denominatorPower: Int, clocksPerClick: Int, thirtySecondsPerQuarter: Int)
    /// −7 (7 flats) ... 7 (7 sharps).
    case keySignature(sharps: Int, minor: Bool)
    case trackName(String)
    case endOfTrack
    /// Any other meta event (text, lyrics, markers, sequencer-specific, or a known type with a malformed length).
    case meta(type: UInt8, data: [UInt8])
    /// A system-exclusive event (F0 or F7) of `length` bytes, skipped.
    case sysex(length: Int)
    /// A system common or real-time byte that does not belong in a file but is tolerated (F1...FE but F4/F5).
    case system(status: UInt8)

    /// The channel of a channel message, nil for meta, sysex and system events.
    public var channel: UInt8? {
        switch self {
        case .noteOff(let c, _, _), .noteOn(let c, _, _), .polyPressure(let c, _, _), .controlChange(let c, _, _),
             .programChange(let c, _), .channelPressure(let c, _), .pitchBend(let c, _):
            return c
        default:
            return nil
        }
    }
}
