import MusicCore

/// Genres, generators and takes.
extension StudioState {
    func availability(genre: String, generator: String) -> (available: Bool, why: String) {
        let name = GeneratorCatalog.displayName(generator)
        guard let choice = choice(genre: genre, generator: generator), choice.isAvailable else {
            return (false, "no model for \(genre) (\(name)) yet")
        }
        return (true, choice.detail)
    }

    mutating func generate() -> [StudioEffect] {
        if let generation {
            say("still generating \(generation.genre) (seed \(generation.seed))…")
            return []
        }
        guard !project.melody.notes.isEmpty else {
            say("nothing to accompany yet: record a melody (Ctrl-R) or open one (Ctrl-O)", error: true)
            return []
        }
        let (available, why) = availability(genre: project.genre, generator: project.generator)
        guard available else {
            say(why, error: true)
            return []
        }
        let seed = project.takes.isEmpty ? project.seed : GeneratorCatalog.nextSeed(after: project.seed)
        let request = GenerationRequest(id: nextRequestID, melody: Arrangement.melodySong(of: project),
                                        genre: project.genre, architecture: project.generator, seed: seed)
        nextRequestID += 1
        generation = Generation(requestID: request.id, genre: request.genre, generator: request.architecture,
                                seed: seed, startedMs: nowMs)
        say("generating \(request.genre) with \(GeneratorCatalog.displayName(request.architecture)), seed \(seed)…")
        return [.generate(request)]
    }

    mutating func acceptTake(requestID: Int, accompaniment: Song) -> [StudioEffect] {
        guard let generation, generation.requestID == requestID else { return [] }
        self.generation = nil
        let resampled = accompaniment.resampled(ticksPerQuarter: project.ticksPerQuarter)
        let tracks = resampled.tracks.filter { $0.role != .melody && !$0.notes.isEmpty }
        guard !tracks.isEmpty else {
            say("the generator returned no notes (seed \(generation.seed)); Ctrl-G tries another seed", error: true)
            project.seed = generation.seed
            return []
        }
        let take = Take(genre: generation.genre, generator: generation.generator, seed: generation.seed, tracks: tracks)
        edit("generate take") { project in
            project.takes.append(take)
            project.currentTake = project.takes.count - 1
            project.seed = take.seed
        }
        let seconds = (nowMs - generation.startedMs) / 1000
        say(String(format: "take %d: %@, %@, seed %llu (%.1f s) — Ctrl-G again for another, Ctrl-N/P flips",
                   project.takes.count, take.genre, GeneratorCatalog.displayName(take.generator), take.seed, seconds))
        if transport.mode == .stopped {
            return startPlayback(from: loopTicks?.lowerBound ?? 0, countIn: 0)
        }
        return []
    }

    mutating func changeGenre(by delta: Int) -> [StudioEffect] {
        let list = genres
        let index = list.firstIndex(of: project.genre) ?? 0
        let genre = list[((index + delta) % list.count + list.count) % list.count]
        edit("genre") { project in
            project.genre = genre
            if let t = project.currentTake {
                project.takes[t].tracks = GenreVoicing.revoiced(project.takes[t].tracks, genre: genre)
            }
        }
        return afterGeneratorChange()
    }

    mutating func switchGenerator() -> [StudioEffect] {
        let ids = GeneratorCatalog.architectures.map(\.id)
        let index = ids.firstIndex(of: project.generator) ?? -1
        adjust { $0.generator = ids[(index + 1) % ids.count] }
        return afterGeneratorChange()
    }

    /// Says what is now selected; with a take playing and a model available, regenerates for the new choice.
    private mutating func afterGeneratorChange() -> [StudioEffect] {
        let name = GeneratorCatalog.displayName(project.generator)
        let (available, why) = availability(genre: project.genre, generator: project.generator)
        guard available else {
            say("\(project.genre) · \(name): \(why)", error: true)
            return []
        }
        if project.take != nil, !project.melody.notes.isEmpty, generation == nil { return generate() }
        say("\(project.genre) · \(name)" + (why.isEmpty ? "" : ": \(why)") + " — Ctrl-G generates")
        return []
    }

    mutating func flipTake(by delta: Int) -> [StudioEffect] {
        guard !project.takes.isEmpty else {
            say("no takes yet: Ctrl-G generates one", error: true)
            return []
        }
        let count = project.takes.count
        let next = ((project.currentTake ?? 0) + delta + count) % count
        adjust { $0.currentTake = next }
        let take = project.takes[next]
        say("take \(next + 1)/\(count): \(take.genre), \(GeneratorCatalog.displayName(take.generator)), seed \(take.seed)")
        return []
    }
}
