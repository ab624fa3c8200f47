/// What `ensemble info` reports about a MIDI file, per MTrk chunk so note counts line up with the tracks other
/// tools (mido, pretty_midi's instruments per chunk) show. Codable: the JSON output is this value.
public struct MIDIFileSummary: Codable, Hashable, Sendable {
    public struct Tempo: Codable, Hashable, Sendable {
        public var tick: Int
        public var bar: Int
        public var bpm: Double
        public var microsecondsPerQuarter: Int
    }

    public struct Meter: Codable, Hashable, Sendable {
        public var tick: Int
        public var bar: Int
        public var numerator: Int
        public var denominator: Int
    }

    public struct KeyInfo: Codable, Hashable, Sendable {
        public var name: String
        public var tonic: Int
        public var mode: String
        /// Krumhansl–Schmuckler correlation for an estimated key; nil for a declared one.
        public var correlation: Double?
    }

    /// The notes one chunk plays on one channel: one Song track.
    public struct Part: Codable, Hashable, Sendable {
        /// 1...16, as players number channels (10 = drums).
        public var channel: Int
        public var program: Int
        public var programName: String
        public var role: String
        public var isDrum: Bool
        public var noteCount: Int
        public var lowestPitch: Int?
        public var highestPitch: Int?
        public var lowestNote: String?
        public var highestNote: String?
    }

    /// One MTrk chunk.
    public struct TrackInfo: Codable, Hashable, Sendable {
        /// 1-based position among the file's MTrk chunks.
        public var number: Int
        public var name: String?
        /// Note-on events with velocity above 0, as mido counts them.
        public var noteCount: Int
        /// Channels the chunk sends messages on, each with what it plays.
        public var parts: [Part]
        /// True for a chunk with tempo, time or key signature events and no channel messages.
        public var isConductor: Bool
    }

    public var format: Int
    public var trackCount: Int
    public var ticksPerQuarter: Int
    public var tempos: [Tempo]
    public var timeSignatures: [Meter]
    public var keySignature: KeyInfo?
    public var estimatedKey: KeyInfo?
    public var lengthBars: Int
    public var lengthSeconds: Double
    public var noteCount: Int
    public var tracks: [TrackInfo]
}

extension MIDIFileSummary {
    public init(_ file: MIDIFile) {
        let (song, sources) = file.songWithSources()
        format = file.format
        trackCount = file.tracks.count
        ticksPerQuarter = file.ticksPerQuarter
        let tempoBars = song.bars(atTicks: song.tempos.map(\.tick))
        tempos = zip(song.tempos, tempoBars).map { tempo, bar in
            Tempo(tick: tempo.tick, bar: bar, bpm: tempo.bpm, microsecondsPerQuarter: tempo.microsecondsPerQuarter)
        }
        let meterBars = song.bars(atTicks: song.timeSignatures.map(\.tick))
        timeSignatures = zip(song.timeSignatures, meterBars).map { meter, bar in
            Meter(tick: meter.tick, bar: bar, numerator: meter.numerator, denominator: meter.denominator)
        }
        keySignature = song.key.map { KeyInfo(name: $0.description, tonic: $0.tonic, mode: $0.mode.rawValue, correlation: nil) }
        estimatedKey = KeyFinder.estimate(song).map {
            KeyInfo(name: $0.key.description, tonic: $0.key.tonic, mode: $0.key.mode.rawValue, correlation: $0.correlation)
        }
        lengthBars = song.barCount
        lengthSeconds = song.durationSeconds
        let programs = ProgramMap(file: file)
        var trackOfSource: [MIDIFile.TrackSource: Int] = [:]
        for (i, source) in sources.enumerated() { trackOfSource[source] = i }
        tracks = file.tracks.enumerated().map { index, chunk in
            var parts: [Part] = []
            for channel in chunk.channels {
                if let t = trackOfSource[.init(chunk: index, channel: channel)] {
                    parts.append(Self.part(song.tracks[t]))
                } else {
                    let program = programs.program(channel: channel, chunk: index, firstNoteTick: nil)
                    parts.append(Self.part(Track(name: "", program: program, isDrum: channel == 9, channel: channel,
                                                 role: GeneralMIDI.role(forProgram: program, isDrum: channel == 9))))
                }
            }
            let hasTiming = chunk.events.contains {
                switch $0.message {
                case .tempo, .timeSignature, .keySignature: true
                default: false
                }
            }
            return TrackInfo(number: index + 1, name: chunk.name, noteCount: chunk.noteOnCount, parts: parts,
                             isConductor: parts.isEmpty && hasTiming)
        }
        noteCount = tracks.reduce(0) { $0 + $1.noteCount }
    }

    static func part(_ track: Track) -> Part {
        let pitches = track.notes.map(\.pitch)
        let low = pitches.min(), high = pitches.max()
        return Part(channel: Int(track.channel) + 1, program: Int(track.program),
                    programName: track.isDrum ? drumKitName(track.program) : GeneralMIDI.programName(track.program),
                    role: track.role.rawValue, isDrum: track.isDrum, noteCount: track.notes.count,
                    lowestPitch: low.map(Int.init), highestPitch: high.map(Int.init),
                    lowestNote: low.map(noteName), highestNote: high.map(noteName))
    }

    /// On channel 10 the program picks a drum kit (GS numbering).
    static func drumKitName(_ program: UInt8) -> String {
        switch program {
        case 0: "Standard Kit"
        case 8: "Room Kit"
        case 16: "Power Kit"
        case 24: "Electronic Kit"
        case 25: "TR-808 Kit"
        case 32: "Jazz Kit"
        case 40: "Brush Kit"
        case 48: "Orchestra Kit"
        case 56: "SFX Kit"
        default: "Drum Kit \(program)"
        }
    }

    /// Scientific pitch name, middle C (60) = C4, sharps: 61 → "C#4", 0 → "C-1".
    public static func noteName(_ pitch: UInt8) -> String {
        let names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
        return names[Int(pitch) % 12] + String(Int(pitch) / 12 - 1)
    }
}
