/// Interpreting a MIDI file as a Song: note-on/off pairs become notes, meta events become the tempo map, time
/// signatures and key, and each (track chunk, channel) with notes becomes one Track.
extension Song {
    /// Reads Standard MIDI File bytes (see `MIDIFile(bytes:)` for what is accepted).
    public init(midiBytes bytes: [UInt8]) throws(MIDIFileError) {
        self = try MIDIFile(bytes: bytes).song()
    }
}

extension MIDIFile {
    /// Where a Song track came from: its MTrk chunk (0-based) and channel.
    public struct TrackSource: Hashable, Sendable {
        public var chunk: Int
        public var channel: UInt8
    }

    /// The file as a Song. A chunk playing on one channel (the usual format-1 layout) becomes one Track; a chunk
    /// using several channels (format 0, or a format-1 chunk that mixes instruments) becomes one Track per channel,
    /// so drums on channel 10 never mix with pitched parts. Chunks without channel messages (conductor tracks)
    /// give no Track.
    public func song() -> Song { songWithSources().song }

    /// The Song plus, for every Song track, the chunk and channel it came from (for reports per chunk).
    public func songWithSources() -> (song: Song, sources: [TrackSource]) {
        var song = Song(tracks: [], ticksPerQuarter: ticksPerQuarter, tempos: tempoMap(),
                        timeSignatures: timeSignatureMap(), key: firstKey())
        var sources: [TrackSource] = []
        let programs = ProgramMap(file: self)
        var pairer = MIDIChunkNotes()
        for (index, chunk) in tracks.enumerated() {
            for part in pairer.parts(of: chunk) {
                song.tracks.append(track(for: part, chunk: chunk, chunkIndex: index, programs: programs))
                sources.append(TrackSource(chunk: index, channel: part.channel))
            }
        }
        return (song, sources)
    }

    func track(for part: MIDIChunkNotes.Part, chunk: MIDIFileTrack, chunkIndex: Int, programs: ProgramMap) -> Track {
        let isDrum = part.channel == 9
        let program = programs.program(channel: part.channel, chunk: chunkIndex, firstNoteTick: part.notes.first?.start)
        let fallback = isDrum ? "Drums" : GeneralMIDI.programName(program)
        let name: String
        if part.isOnlyPart, let chunkName = chunk.name {
            name = chunkName
        } else if let chunkName = chunk.name, !chunkName.isEmpty, format == 1 {
            name = "\(chunkName) (ch \(part.channel + 1))"
        } else {
            name = fallback
        }
        let role = MIDIFile.declaredRole(in: chunk) ?? GeneralMIDI.role(forProgram: program, isDrum: isDrum)
        return Track(name: name, program: program, isDrum: isDrum, channel: part.channel, role: role, notes: part.notes)
    }

    /// Every tempo event of every chunk in time order; the MIDI default (120 bpm) is put at tick 0 when the first
    /// change comes later. Tempo 0 (which would divide by zero) is ignored.
    func tempoMap() -> [TempoChange] {
        var changes: [TempoChange] = []
        for chunk in tracks {
            for event in chunk.events {
                if case .tempo(let us) = event.message, us > 0 {
                    changes.append(TempoChange(tick: event.tick, microsecondsPerQuarter: us))
                }
            }
        }
        changes = changes.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)
        if let first = changes.first, first.tick > 0 {
            changes.insert(TempoChange(tick: 0, microsecondsPerQuarter: 500_000), at: 0)
        }
        return changes
    }

    /// Every valid time-signature event (numerator ≥ 1, denominator 1...64) in time order.
    func timeSignatureMap() -> [TimeSignature] {
        var signatures: [(tick: Int, order: Int, signature: TimeSignature)] = []
        for chunk in tracks {
            for event in chunk.events {
                if case .timeSignature(let n, let power, _, _) = event.message, n >= 1, (0...6).contains(power) {
                    signatures.append((event.tick, signatures.count,
                                       TimeSignature(tick: event.tick, numerator: n, denominator: 1 << power)))
                }
            }
        }
        return signatures.sorted { ($0.tick, $0.order) < ($1.tick, $1.order) }.map(\.signature)
    }

    /// The earliest valid key signature, as a Key (sharps/flats count → tonic, minor flag → mode).
    func firstKey() -> Key? {
        var best: (tick: Int, key: Key)? = nil
        for chunk in tracks {
            for event in chunk.events {
                guard case .keySignature(let sharps, let minor) = event.message, (-7...7).contains(sharps) else { continue }
                if best == nil || event.tick < best!.tick {
                    best = (event.tick, Key(signatureSharps: sharps, minor: minor))
                }
                break  // later key changes in this chunk come after the first
            }
        }
        return best?.key
    }

    /// The role our writer records in a sequencer-specific meta event, so roles survive a round trip.
    static func declaredRole(in chunk: MIDIFileTrack) -> TrackRole? {
        for event in chunk.events {
            if case .meta(0x7F, let data) = event.message, data.count > roleTag.count,
               data.starts(with: roleTag),
               let role = TrackRole(rawValue: String(decoding: data.dropFirst(roleTag.count), as: UTF8.self)) {
                return role
            }
        }
        return nil
    }

    /// Sequencer-specific meta payload prefix: 0x7D (the non-commercial manufacturer ID), then "ensemble:role=".
    public static let roleTag: [UInt8] = [0x7D] + Array("ensemble:role=".utf8)
}

extension Key {
    /// The key of a key signature: `sharps` −7...7 (negative = flats), major or minor.
    public init(signatureSharps sharps: Int, minor: Bool) {
        let major = sharps * 7  // each sharp moves the major tonic up a fifth
        self.init(tonic: minor ? major + 9 : major, mode: minor ? .minor : .major)
    }

    /// The key signature of this key: sharps (positive) or flats (negative), the fewest accidentals; flats win
    /// the one tie (Gb major, Eb minor).
    public var signatureSharps: Int {
        let major = mode == .major ? tonic : (tonic + 3) % 12
        let candidates = (-7...7).filter { (($0 * 7) % 12 + 12) % 12 == major }
        return candidates.min { (abs($0), $0) < (abs($1), $1) } ?? 0
    }
}

/// Tracks the program of each channel over the whole file, for channels whose chunk has no program change.
struct ProgramMap {
    typealias Change = (tick: Int, program: UInt8)
    /// Per channel: every change in file order, and the changes of each chunk.
    var all: [[Change]] = Array(repeating: [], count: 16)
    var byChunk: [[Int: [Change]]] = Array(repeating: [:], count: 16)

    init(file: MIDIFile) {
        for (index, chunk) in file.tracks.enumerated() {
            for event in chunk.events {
                if case .programChange(let channel, let program) = event.message {
                    all[Int(channel)].append((event.tick, program))
                    byChunk[Int(channel)][index, default: []].append((event.tick, program))
                }
            }
        }
    }

    /// The program in force at the channel's first note: the chunk's own last change at or before that tick, else
    /// its first change, else the same from any chunk (format-1 set-up tracks), else 0 (Acoustic Grand Piano).
    func program(channel: UInt8, chunk: Int, firstNoteTick: Int?) -> UInt8 {
        let own = byChunk[Int(channel)][chunk] ?? []
        return Self.pick(own, before: firstNoteTick) ?? Self.pick(all[Int(channel)], before: firstNoteTick) ?? 0
    }

    static func pick(_ list: [Change], before tick: Int?) -> UInt8? {
        guard let first = list.first else { return nil }
        let limit = tick ?? Int.max
        return list.last(where: { $0.tick <= limit })?.program ?? first.program
    }
}
