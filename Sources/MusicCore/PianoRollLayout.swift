/// The grid of a piano roll: time resolution, meter, pitch window and the role of each track channel.
///
/// A roll built on this layout has shape `[bars, stepsPerBar, pitchCount, roles.count]` (see `PianoRoll`).
/// A "beat" here is always the quarter note (MIDI's unit), so `stepsPerBar` follows from the meter:
/// 4/4 at 4 steps per beat gives 16 steps per bar, 3/4 gives 12, 6/8 gives 12.
public struct PianoRollLayout: Hashable, Sendable, Codable {
    /// Time steps per quarter note (4 = sixteenth notes; MuseGAN's LPD data uses 12).
    public var stepsPerBeat: Int
    /// MIDI pitch of pitch row 0.
    public var lowestPitch: Int
    /// Number of pitch rows; rows cover `lowestPitch ..< lowestPitch + pitchCount`.
    public var pitchCount: Int
    /// The role of each track channel, in channel order. A role may repeat (e.g. two `.chords` channels).
    public var roles: [TrackRole]
    /// Time-signature numerator (beats per bar in units of `beatUnit`).
    public var beatsPerBar: Int
    /// Time-signature denominator (4 = quarter, 8 = eighth).
    public var beatUnit: Int

    public init(stepsPerBeat: Int = 4, lowestPitch: Int = 24, pitchCount: Int = 84,
                roles: [TrackRole] = PianoRollLayout.defaultRoles, beatsPerBar: Int = 4, beatUnit: Int = 4) {
        self.stepsPerBeat = stepsPerBeat
        self.lowestPitch = lowestPitch
        self.pitchCount = pitchCount
        self.roles = roles
        self.beatsPerBar = beatsPerBar
        self.beatUnit = beatUnit
    }

    /// The same layout with the meter of `timeSignature`.
    public func with(timeSignature: TimeSignature) -> PianoRollLayout {
        var copy = self
        copy.beatsPerBar = timeSignature.numerator
        copy.beatUnit = timeSignature.denominator
        return copy
    }

    /// The same layout with other track channels.
    public func with(roles: [TrackRole]) -> PianoRollLayout {
        var copy = self
        copy.roles = roles
        return copy
    }

    /// Ensemble's generators: melody plus four accompaniment parts, C1–B7, sixteenth notes, 4/4.
    public static let defaultRoles: [TrackRole] = [.melody, .drums, .bass, .chords, .pad]
    public static let standard = PianoRollLayout()
    /// One melody channel, used to condition a generator.
    public static let melodyOnly = PianoRollLayout(roles: [.melody])
    /// MuseGAN v2 on LPD-5: drums, piano, guitar, bass, strings; 48 steps per 4/4 bar; C1–B7.
    public static let lpd5 = PianoRollLayout(stepsPerBeat: 12, roles: [.drums, .chords, .guitar, .bass, .pad])
    /// The DeepComposer GAN lab: 4 tracks (JSB chorale voices S, A, T, B), all 128 pitches, sixteenth notes.
    /// Chorale voices are all piano, so map songs onto it with `.byIndex`.
    public static let deepComposer = PianoRollLayout(lowestPitch: 0, pitchCount: 128, roles: [.melody, .chords, .chords, .bass])

    /// Highest pitch the roll can hold.
    public var highestPitch: Int { lowestPitch + pitchCount - 1 }
    public var trackCount: Int { roles.count }
    /// Steps in one bar: `stepsPerBeat × beatsPerBar × 4 / beatUnit` (checked to be whole by `validate`).
    public var stepsPerBar: Int { stepsPerBeat * beatsPerBar * 4 / max(beatUnit, 1) }
    /// Floats per time step (pitches × tracks).
    public var cellsPerStep: Int { pitchCount * roles.count }
    /// Floats per bar.
    public var cellsPerBar: Int { stepsPerBar * cellsPerStep }

    /// The roll's shape for `bars` bars: [bars, stepsPerBar, pitchCount, tracks].
    public func shape(bars: Int) -> [Int] { [bars, stepsPerBar, pitchCount, roles.count] }

    /// Throws when the grid cannot be built (bad pitch window, no tracks, or a meter whose bar is not whole steps).
    public func validate() throws(PianoRollError) {
        guard (1...960).contains(stepsPerBeat) else {
            throw .invalidLayout("steps per beat must be 1...960, got \(stepsPerBeat)")
        }
        guard pitchCount >= 1, lowestPitch >= 0, lowestPitch + pitchCount <= 128 else {
            throw .invalidLayout("pitch range \(lowestPitch) + \(pitchCount) rows must lie within MIDI pitches 0...127")
        }
        guard !roles.isEmpty else { throw .invalidLayout("a piano roll needs at least one track") }
        guard (1...64).contains(beatsPerBar), [1, 2, 4, 8, 16, 32, 64].contains(beatUnit) else {
            throw .invalidLayout("unsupported time signature \(beatsPerBar)/\(beatUnit)")
        }
        guard (stepsPerBeat * beatsPerBar * 4) % beatUnit == 0 else {
            throw .invalidLayout("a \(beatsPerBar)/\(beatUnit) bar is not a whole number of steps at \(stepsPerBeat) steps per beat")
        }
    }

    /// Index of the first channel with `role`, if any.
    public func channel(of role: TrackRole) -> Int? { roles.firstIndex(of: role) }
}

/// Why a piano roll could not be built or combined. The description is one line.
public enum PianoRollError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidLayout(String)
    case invalidSong(String)
    case mismatch(String)

    public var description: String {
        switch self {
        case .invalidLayout(let why): "invalid piano-roll layout: \(why)"
        case .invalidSong(let why): "cannot convert song to a piano roll: \(why)"
        case .mismatch(let why): "piano rolls do not fit together: \(why)"
        }
    }
}
