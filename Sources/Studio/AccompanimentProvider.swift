import MusicCore

/// The seam between the studio and the accompaniment generators (the Generators module binds to it).
///
/// The studio calls `choices()` once at start (and after a generation fails) and `generate` on a worker thread,
/// never on the UI thread; results come back to the UI as events. Implementations must be safe to call from any
/// thread. A genre/architecture pair missing from `choices()`, or listed with `isAvailable == false`, makes the
/// studio say "no model for <genre> (<architecture>) yet" instead of calling `generate`.
public protocol AccompanimentProvider: Sendable {
    /// Every genre and architecture pair the provider knows, available or not (custom genres included).
    func choices() -> [GeneratorChoice]
    /// The accompaniment for `melody`: the band's tracks only (a melody-role track in the result is dropped),
    /// `melody.endTick` long or longer, at any ticks per quarter (the studio resamples). Throws a one-line error.
    func generate(melody: Song, genre: String, architecture: String, seed: UInt64) throws -> Song
}

/// A genre and generator the studio can offer.
public struct GeneratorChoice: Hashable, Codable, Sendable {
    public var genre: String
    /// Architecture id: "musegan" or "unet" (`GeneratorCatalog.architectures`).
    public var architecture: String
    public var isAvailable: Bool
    /// One line for the user: the model's name, or why it is missing.
    public var detail: String

    public init(genre: String, architecture: String, isAvailable: Bool, detail: String = "") {
        self.genre = genre
        self.architecture = architecture
        self.isAvailable = isAvailable
        self.detail = detail
    }
}

/// The provider used until a real one is bound: it knows the built-in genres and has no model for any.
public struct NoAccompanimentProvider: AccompanimentProvider {
    public init() {}
    public func choices() -> [GeneratorChoice] {
        GeneratorCatalog.builtInGenres.flatMap { genre in
            GeneratorCatalog.architectures.map {
                GeneratorChoice(genre: genre, architecture: $0.id, isAvailable: false, detail: "no trained model installed")
            }
        }
    }
    public func generate(melody: Song, genre: String, architecture: String, seed: UInt64) throws -> Song {
        throw GenerationError("no model for \(genre) (\(GeneratorCatalog.displayName(architecture))) yet")
    }
}

/// A one-line generation failure.
public struct GenerationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The genres and architectures the studio cycles through.
public enum GeneratorCatalog {
    public static let builtInGenres = ["rock", "pop", "jazz", "symphony"]
    public static let architectures: [(id: String, name: String)] = [("musegan", "MuseGAN"), ("unet", "U-Net")]

    public static func displayName(_ architecture: String) -> String {
        architectures.first { $0.id == architecture }?.name ?? architecture
    }

    /// Built-in genres first, then custom ones from the provider in the order given.
    public static func genres(from choices: [GeneratorChoice]) -> [String] {
        var result = builtInGenres
        for choice in choices where !result.contains(choice.genre) { result.append(choice.genre) }
        return result
    }

    /// A fresh seed derived from the last one (SplitMix64), so takes are reproducible from the project file.
    public static func nextSeed(after seed: UInt64) -> UInt64 {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)) % 1_000_000_000
    }
}

/// What the edge passes to the provider, tagged so a late result for an abandoned request can be ignored.
public struct GenerationRequest: Equatable, Sendable {
    public var id: Int
    public var melody: Song
    public var genre: String
    public var architecture: String
    public var seed: UInt64

    public init(id: Int, melody: Song, genre: String, architecture: String, seed: UInt64) {
        self.id = id
        self.melody = melody
        self.genre = genre
        self.architecture = architecture
        self.seed = seed
    }
}
