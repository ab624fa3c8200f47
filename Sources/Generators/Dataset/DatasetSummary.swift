import MusicCore

/// What a dataset build did: files used and skipped (with the reason), pieces and windows per side, the roles the
/// data has and how busy each is, the meters. Stored in the `.ensds` header; `report()` renders it for people.
public struct DatasetSummary: Hashable, Sendable, Codable {
    public enum SkipReason: String, Hashable, Sendable, Codable, CaseIterable {
        case unreadable, corrupt, meter, noMelody = "no-melody", noAccompaniment = "no-accompaniment"
        case tooShort = "too-short", tooLong = "too-long"

        public var title: String {
            switch self {
            case .unreadable: "cannot be read"
            case .corrupt: "not a readable MIDI file"
            case .meter: "meter not allowed"
            case .noMelody: "no melody"
            case .noAccompaniment: "no accompaniment"
            case .tooShort: "too short"
            case .tooLong: "too long"
            }
        }
    }

    public struct SkippedFile: Error, Hashable, Sendable, Codable {
        public var path: String
        public var reason: SkipReason
        /// One line with the particulars (the MIDI reader's message, the meters found, …).
        public var detail: String
        public init(path: String, reason: SkipReason, detail: String) {
            self.path = path
            self.reason = reason
            self.detail = detail
        }
    }

    /// One accompaniment role: in how many pieces it was played (before dropped roles were folded), whether it
    /// was kept, and its notes and bars over the pieces that have it once folded (0 when dropped).
    public struct RoleStats: Hashable, Sendable, Codable {
        public var role: TrackRole
        public var pieces: Int
        public var kept: Bool
        public var notes: Int
        public var bars: Int
        public init(role: TrackRole, pieces: Int, kept: Bool, notes: Int, bars: Int) {
            self.role = role
            self.pieces = pieces
            self.kept = kept
            self.notes = notes
            self.bars = bars
        }
        /// Note onsets per bar, over the bars of the pieces that play the role.
        public var notesPerBar: Double { bars > 0 ? Double(notes) / Double(bars) : 0 }
    }

    public struct MeterCount: Hashable, Sendable, Codable {
        public var meter: Meter
        /// Pieces that use the meter (a piece with meter changes counts once for each of its meters).
        public var pieces: Int
        public init(meter: Meter, pieces: Int) {
            self.meter = meter
            self.pieces = pieces
        }
    }

    /// MIDI files offered to the builder.
    public var filesSeen: Int
    public var skipped: [SkippedFile]
    public var trainPieces: Int
    public var validationPieces: Int
    public var trainWindows: Int
    public var validationWindows: Int
    /// Bars over all pieces.
    public var bars: Int
    public var melodyNotes: Int
    public var roles: [RoleStats]
    public var meters: [MeterCount]
    /// Pieces with more than one meter.
    public var meterChangePieces: Int
    /// Files that passed the per-file checks, before the roles were decided: role shares count over these.
    public var candidatePieces: Int

    public init(filesSeen: Int, skipped: [SkippedFile], trainPieces: Int, validationPieces: Int, trainWindows: Int,
                validationWindows: Int, bars: Int, melodyNotes: Int, roles: [RoleStats], meters: [MeterCount],
                meterChangePieces: Int, candidatePieces: Int) {
        self.filesSeen = filesSeen
        self.skipped = skipped
        self.trainPieces = trainPieces
        self.validationPieces = validationPieces
        self.trainWindows = trainWindows
        self.validationWindows = validationWindows
        self.bars = bars
        self.melodyNotes = melodyNotes
        self.roles = roles
        self.meters = meters
        self.meterChangePieces = meterChangePieces
        self.candidatePieces = candidatePieces
    }

    public var filesUsed: Int { trainPieces + validationPieces }
    public var melodyNotesPerBar: Double { bars > 0 ? Double(melodyNotes) / Double(bars) : 0 }

    /// The skipped files grouped by reason, most common first (ties in the order of `SkipReason`).
    public var skippedByReason: [(reason: SkipReason, files: [SkippedFile])] {
        let groups = Dictionary(grouping: skipped, by: \.reason)
        return SkipReason.allCases.compactMap { reason in groups[reason].map { (reason, $0) } }
            .enumerated().sorted { ($0.element.files.count, -$0.offset) > ($1.element.files.count, -$1.offset) }
            .map(\.element)
    }

    /// When no window could be cut: why, in one line (for "nothing to train on" errors).
    public var emptyReason: String {
        if filesSeen == 0 { return "no MIDI files (*.mid, *.midi) found" }
        let groups = skippedByReason.map { "\($0.files.count) \($0.reason.title)" }.joined(separator: ", ")
        return "no usable MIDI file among \(filesSeen) (\(groups.isEmpty ? "no windows" : groups))"
    }
}
