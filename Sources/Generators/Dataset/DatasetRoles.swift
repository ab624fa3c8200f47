import MusicCore

/// Which accompaniment roles a dataset keeps: the data decides.
enum DatasetRoles {
    /// The candidate roles played in at least `share` of the pieces (at least one piece), in candidate order;
    /// when none reaches it, the most common role alone.
    static func kept(pieceCounts: [TrackRole: Int], pieces: Int, share: Double, candidates: [TrackRole]) -> [TrackRole] {
        let needed = max(1, Int((share * Double(pieces)).rounded(.up)))
        let kept = candidates.filter { pieceCounts[$0, default: 0] >= needed }
        if !kept.isEmpty { return kept }
        let best = candidates.max { pieceCounts[$0, default: 0] < pieceCounts[$1, default: 0] }
        return best.map { pieceCounts[$0, default: 0] > 0 ? [$0] : [] } ?? []
    }

    /// The piece with dropped roles folded into the nearest kept role (as `StepPiece(song:)` places a track
    /// whose own role is missing; drums never fold) and parts in `kept` order. The program of the merged part
    /// is that of its busiest source.
    static func fold(_ piece: StepPiece, into kept: [TrackRole]) -> StepPiece {
        var merged: [TrackRole: (notes: [StepNote], program: UInt8, busiest: Int)] = [:]
        for part in piece.parts {
            let candidates = [part.role] + PianoRollLayout.nearestRoles(to: part.role)
            guard let role = candidates.first(where: kept.contains) else { continue }
            var entry = merged[role] ?? ([], part.program, 0)
            entry.notes += part.notes
            if part.notes.count > entry.busiest { entry.program = part.program; entry.busiest = part.notes.count }
            merged[role] = entry
        }
        var out = piece
        out.parts = kept.compactMap { role in
            merged[role].map { entry in
                StepPart(role: role, program: entry.program,
                         notes: entry.notes.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) })
            }
        }
        return out
    }
}
