/// Pairs a chunk's note-ons with note-offs per channel and key, first in first out: with overlapping notes of the
/// same pitch, each note-off ends the oldest sounding one. A note-on with velocity 0 is a note-off; a note-off with
/// nothing sounding is ignored; notes still sounding at the end of the chunk end there. Every note-on with
/// velocity above 0 gives exactly one note, so per-chunk note counts equal mido's.
struct MIDIChunkNotes {
    struct Part {
        var channel: UInt8
        var notes: [Note]
        /// True when this is the chunk's only part (so the chunk's name is the part's name).
        var isOnlyPart: Bool
    }

    // Scratch tables reused from chunk to chunk (a file may have 65535 chunks): sounding notes per
    // (channel, key) slot, oldest first from `oldest[slot]` on (an index rather than removeFirst, so very many
    // overlapping notes of one key stay linear), and the slots a chunk touched, to reset only those.
    private var sounding = [[(start: Int, velocity: UInt8)]](repeating: [], count: 16 * 128)
    private var oldest = [Int](repeating: 0, count: 16 * 128)
    private var touched: [Int] = []
    private var isTouched = [Bool](repeating: false, count: 16 * 128)

    /// One part per channel with notes, by channel. A chunk without notes gives one empty part only when it looks
    /// like an instrument track that is simply empty: written by us (it has our role tag), or named and using a
    /// single channel with a program change. Set-up chunks (controllers and programs for many channels) give none.
    mutating func parts(of chunk: MIDIFileTrack) -> [Part] {
        var notes = [[Note]](repeating: [], count: 16)
        var firstChannel: UInt8? = nil
        var hasProgramChange = false
        for event in chunk.events {
            switch event.message {
            case .noteOn(let channel, let key, let velocity) where velocity > 0:
                let slot = Int(channel) * 128 + Int(key)
                if !isTouched[slot] { isTouched[slot] = true; touched.append(slot) }
                sounding[slot].append((event.tick, velocity))
            case .noteOn(let channel, let key, _), .noteOff(let channel, let key, _):
                let slot = Int(channel) * 128 + Int(key)
                if oldest[slot] < sounding[slot].count {
                    let on = sounding[slot][oldest[slot]]
                    oldest[slot] += 1
                    if oldest[slot] == sounding[slot].count {
                        sounding[slot].removeAll(keepingCapacity: true)
                        oldest[slot] = 0
                    }
                    notes[Int(channel)].append(Note(pitch: key, velocity: on.velocity, start: on.start,
                                                    duration: max(1, event.tick - on.start)))
                }
            case .programChange:
                hasProgramChange = true
            default:
                break
            }
            if firstChannel == nil { firstChannel = event.message.channel }
        }
        let end = chunk.endTick
        for slot in touched {
            for on in sounding[slot][oldest[slot]...] {
                notes[slot / 128].append(Note(pitch: UInt8(slot % 128), velocity: on.velocity, start: on.start,
                                              duration: max(1, end - on.start)))
            }
            sounding[slot].removeAll(keepingCapacity: true)
            oldest[slot] = 0
            isTouched[slot] = false
        }
        touched.removeAll(keepingCapacity: true)
        var parts: [Part] = []
        for channel in 0..<16 where !notes[channel].isEmpty {
            parts.append(Part(channel: UInt8(channel), notes: Track.canonicallySorted(notes[channel]), isOnlyPart: false))
        }
        if parts.isEmpty, let channel = firstChannel, MIDIFile.declaredRole(in: chunk) != nil
            || (chunk.name != nil && hasProgramChange && chunk.channels.count == 1) {
            parts.append(Part(channel: channel, notes: [], isOnlyPart: true))
        }
        if parts.count == 1 { parts[0].isOnlyPart = true }
        return parts
    }
}

extension Track {
    /// Notes in the model's canonical order: by start, then pitch, then duration, then velocity.
    public static func canonicallySorted(_ notes: [Note]) -> [Note] {
        notes.sorted { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.pitch != b.pitch { return a.pitch < b.pitch }
            if a.duration != b.duration { return a.duration < b.duration }
            return a.velocity < b.velocity
        }
    }
}
