import MusicCore

/// One MIDI file read for a dataset, before the roles and the split are decided across files.
struct DatasetCandidate {
    var piece: StepPiece
    var meters: [Meter]
}

extension DatasetBuilder {
    /// The longest piece a dataset takes, in steps (65,536 bars of 4/4; about 36 hours at 120 bpm): a limit
    /// that keeps hostile files (ticks near 2^40) from costing hours, far above any real song.
    public static let maxPieceSteps = 1 << 20

    /// Reads one file into a candidate piece (all candidate roles, thin parts left out), or says why it is skipped.
    static func candidate(path: String, bytes: [UInt8], options: DatasetBuildOptions)
        -> Result<DatasetCandidate, DatasetSummary.SkippedFile> {
        func skip(_ reason: DatasetSummary.SkipReason, _ detail: String) -> Result<DatasetCandidate, DatasetSummary.SkippedFile> {
            .failure(.init(path: path, reason: reason, detail: detail))
        }
        let song: Song
        do { song = try MIDIFile(bytes: bytes).song() } catch { return skip(.corrupt, error.message) }
        guard song.tracks.contains(where: { !$0.notes.isEmpty }) else { return skip(.noMelody, "the file has no notes") }

        let meters = song.metersInUse
        let refused = meters.filter { !options.meters.contains($0) }
        if !refused.isEmpty {
            let list = refused.map(\.description).joined(separator: ", ")
            return skip(.meter, "\(list) (allowed: \(options.meters.map(\.description).joined(separator: ", ")))")
        }
        let steps = song.endTick / max(1, song.ticksPerQuarter) * StepGrid.stepsPerBeat
        guard steps <= maxPieceSteps else {
            return skip(.tooLong, "\(steps / 16) bars of 4/4 (at most \(maxPieceSteps / 16))")
        }

        var piece: StepPiece
        do { piece = try StepPiece(song: song, name: path, roles: options.candidateRoles) } catch {
            return skip(.noMelody, error.message)
        }
        guard piece.melody.count >= options.minMelodyNotes else {
            return skip(.noMelody, "the melody has \(piece.melody.count) notes (at least \(options.minMelodyNotes) needed)")
        }
        let thin = piece.parts.filter { $0.notes.count < options.minPartNotes }
        piece.parts.removeAll { $0.notes.count < options.minPartNotes }
        guard !piece.parts.isEmpty else {
            let detail = thin.isEmpty ? "only a melody track"
                : "parts with fewer than \(options.minPartNotes) notes: " + thin.map { "\($0.role) \($0.notes.count)" }.joined(separator: ", ")
            return skip(.noAccompaniment, detail)
        }
        guard !DatasetWindows.starts(of: piece, windowSteps: options.windowSteps, hopBars: 1).isEmpty else {
            return skip(.tooShort, "\(piece.barStarts.count) bars, \(piece.stepCount) steps; a window is \(options.windowSteps) steps")
        }
        return .success(DatasetCandidate(piece: piece, meters: meters))
    }
}
