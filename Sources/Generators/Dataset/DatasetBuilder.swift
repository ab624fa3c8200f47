import MusicCore

/// Turns MIDI files into a `TrainingDataset` (as a `DatasetFile`, with what the build found). Pure: the caller
/// supplies the bytes (or a function reading them), so tests build from memory and the CLI from folders.
///
/// Steps: each file (in path order) is parsed (`MIDIFile`, `StepPiece(song:)` with every candidate role), checked
/// (meters allowed, melody long enough, some accompaniment part with enough notes, at least one window long);
/// the roles played in enough files are kept and the others folded into the nearest kept role; windows start
/// on bar lines every `hopBars` bars and those without accompaniment are dropped; files are split by name with
/// the seed. Same inputs and options, same bytes out.
public enum DatasetBuilder {
    /// Builds from files in memory (`path` names the piece: a path relative to the dataset root).
    public static func build(name: String, files: [(path: String, bytes: [UInt8])], options: DatasetBuildOptions = .init(),
                             progress: ((_ done: Int, _ total: Int) -> Void)? = nil) -> DatasetFile {
        var byPath: [String: [UInt8]] = [:]
        for file in files { byPath[file.path] = file.bytes }
        return build(name: name, paths: Array(byPath.keys), options: options, progress: progress) { path in
            .success(byPath[path] ?? [])
        }
    }

    /// Builds from files read one at a time by `read` (a failure skips the file as unreadable with its message),
    /// so a large folder is never all in memory at once.
    public static func build(name: String, paths: [String], options: DatasetBuildOptions = .init(),
                             progress: ((_ done: Int, _ total: Int) -> Void)? = nil,
                             read: (String) -> Result<[UInt8], DatasetError>) -> DatasetFile {
        precondition(options.problem == nil, "DatasetBuilder: \(options.problem ?? "")")
        let paths = Array(Set(paths)).sorted()
        var candidates: [DatasetCandidate] = []
        var skipped: [DatasetSummary.SkippedFile] = []
        for (i, path) in paths.enumerated() {
            switch read(path) {
            case .failure(let error): skipped.append(.init(path: path, reason: .unreadable, detail: error.message))
            case .success(let bytes):
                switch candidate(path: path, bytes: bytes, options: options) {
                case .success(let c): candidates.append(c)
                case .failure(let s): skipped.append(s)
                }
            }
            progress?(i + 1, paths.count)
        }
        return assemble(name: name, filesSeen: paths.count, candidates: candidates, skipped: skipped, options: options)
    }

    /// Decides the roles, folds, cuts windows and splits.
    static func assemble(name: String, filesSeen: Int, candidates: [DatasetCandidate], skipped: [DatasetSummary.SkippedFile],
                         options: DatasetBuildOptions) -> DatasetFile {
        var skipped = skipped
        var presence: [TrackRole: Int] = [:]
        for c in candidates { for part in c.piece.parts { presence[part.role, default: 0] += 1 } }
        let roles = DatasetRoles.kept(pieceCounts: presence, pieces: candidates.count, share: options.roleShare,
                                      candidates: options.candidateRoles)

        var kept: [(candidate: DatasetCandidate, starts: [Int])] = []
        for var c in candidates {
            c.piece = DatasetRoles.fold(c.piece, into: roles)
            let starts = DatasetWindows.startsWithAccompaniment(of: c.piece, windowSteps: options.windowSteps,
                                                                hopBars: options.hopBars)
            if starts.isEmpty {
                let dropped = options.candidateRoles.filter { !roles.contains($0) }.map(\.rawValue)
                skipped.append(.init(path: c.piece.name, reason: .noAccompaniment,
                                     detail: "no window has accompaniment in the kept roles"
                                         + (dropped.isEmpty ? "" : " (dropped as too rare: \(dropped.joined(separator: ", ")))")))
            } else {
                kept.append((c, starts))
            }
        }
        skipped.sort { $0.path < $1.path }

        let isValidation = DatasetSplit.isValidation(names: kept.map(\.candidate.piece.name), share: options.validationShare,
                                                     seed: options.seed)
        var train: [WindowRef] = [], validation: [WindowRef] = []
        for (i, entry) in kept.enumerated() {
            let refs = entry.starts.map { WindowRef(piece: i, start: $0) }
            if isValidation[i] { validation += refs } else { train += refs }
        }
        let pieces = kept.map(\.candidate.piece)
        let dataset = TrainingDataset(name: name, settings: options.settings(roles: roles), pieces: pieces,
                                      isValidation: isValidation, trainWindows: train, validationWindows: validation)
        let infos = kept.enumerated().map { i, entry in
            DatasetPieceInfo(name: entry.candidate.piece.name, validation: isValidation[i], meters: entry.candidate.meters,
                             bars: entry.candidate.piece.barStarts.count, windows: entry.starts.count)
        }
        let summary = summarize(pieces: pieces, infos: infos, presence: presence, roles: roles, filesSeen: filesSeen,
                                skipped: skipped, train: train.count, validation: validation.count,
                                candidates: candidates.count, options: options)
        return DatasetFile(dataset: dataset, options: options, summary: summary, pieces: infos)
    }

    static func summarize(pieces: [StepPiece], infos: [DatasetPieceInfo], presence: [TrackRole: Int], roles: [TrackRole],
                          filesSeen: Int, skipped: [DatasetSummary.SkippedFile], train: Int, validation: Int,
                          candidates: Int, options: DatasetBuildOptions) -> DatasetSummary {
        let roleStats = options.candidateRoles.map { role in
            var notes = 0, bars = 0
            for piece in pieces { if let part = piece.part(role) { notes += part.notes.count; bars += piece.barStarts.count } }
            return DatasetSummary.RoleStats(role: role, pieces: presence[role, default: 0], kept: roles.contains(role),
                                            notes: notes, bars: bars)
        }
        var meterCounts: [Meter: Int] = [:]
        for info in infos { for meter in info.meters { meterCounts[meter, default: 0] += 1 } }
        let meters = meterCounts.map { DatasetSummary.MeterCount(meter: $0.key, pieces: $0.value) }
            .sorted { ($0.pieces, $1.meter) > ($1.pieces, $0.meter) }
        let validationPieces = infos.filter(\.validation).count
        return DatasetSummary(filesSeen: filesSeen, skipped: skipped, trainPieces: infos.count - validationPieces,
                              validationPieces: validationPieces, trainWindows: train, validationWindows: validation,
                              bars: infos.reduce(0) { $0 + $1.bars }, melodyNotes: pieces.reduce(0) { $0 + $1.melody.count },
                              roles: roleStats, meters: meters, meterChangePieces: infos.filter { $0.meters.count > 1 }.count,
                              candidatePieces: candidates)
    }
}
