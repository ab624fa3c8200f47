import MusicCore

/// Why a song cannot be accompanied as asked. One line.
public struct GenerationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A generated take: the output song and what went into it.
public struct AccompaniedSong: Hashable, Sendable {
    /// The melody track unchanged, then one track per generated role.
    public var song: Song
    /// The melody on the step grid with the generated parts.
    public var piece: StepPiece
    /// Index of the melody track in the *input* song (in `song` the melody is always track 0).
    public var melodyTrack: Int
    public var seed: UInt64
    /// The bars written, 0-based (the rest of the song keeps the melody only).
    public var bars: Range<Int>

    /// The generated tracks alone (the output song without its first track, the melody).
    public var accompaniment: [Track] { Array(song.tracks.dropFirst()) }
}

extension Accompanist {
    /// Accompanies the melody of `input` (the track `melody` picks) in take `seed`, over all its bars or over
    /// `bars` (0-based; the rest keeps the melody alone). Other tracks of the input are replaced by the
    /// accompaniment.
    public func accompany(song input: Song, name: String, melody: MelodyChoice = .automatic, seed: UInt64,
                          bars: Range<Int>? = nil, voicing: AccompanimentVoicing = .init()) throws(GenerationError)
        -> AccompaniedSong
    {
        let (piece, melodyTrack) = try Self.melodyPiece(input, name: name, melody: melody)
        let barCount = piece.barStarts.count
        let chosen = bars ?? 0 ..< barCount
        guard chosen.lowerBound >= 0, chosen.upperBound <= barCount, !chosen.isEmpty else {
            throw GenerationError("bars \(chosen.lowerBound + 1):\(chosen.upperBound) are outside the melody's 1:\(barCount)")
        }
        let steps = piece.barStarts[chosen.lowerBound] ..< (chosen.upperBound < barCount ? piece.barStarts[chosen.upperBound] : piece.stepCount)
        var result = piece
        result.parts = accompany(piece, seed: seed, steps: steps)
        let song = voicing.song(input, melodyTrack: melodyTrack, piece: piece, parts: result.parts, instruments: instruments)
        return AccompaniedSong(song: song, piece: result, melodyTrack: melodyTrack, seed: seed, bars: chosen)
    }

    /// The melody of `input` on the step grid (without the input's other tracks, so the accompaniment lasts as
    /// long as the melody) and the index of its track.
    public static func melodyPiece(_ input: Song, name: String, melody: MelodyChoice = .automatic) throws(GenerationError)
        -> (piece: StepPiece, melodyTrack: Int)
    {
        do {
            let index = try StepPiece.melodyTrack(in: input, melody)
            return (try StepPiece(song: input, name: name, melody: .track(index), roles: []), index)
        } catch { throw GenerationError(error.message) }
    }
}
