import MusicCore

/// What a generator sees and writes in one forward pass: a window of `steps` sixteenth steps over `pitchCount`
/// pitches from `lowestPitch`, conditioned on planes of the melody and the meter, writing planes per
/// accompaniment role.
///
/// Tensors are NCHW with H = time steps and W = pitches:
/// - condition `[N, conditionPlanes.count, steps, pitchCount]`,
/// - tracks `[N, roles.count × trackPlanes.count, steps, pitchCount]`, role-major (role k's planes are
///   `k × trackPlanes.count ..< (k + 1) × trackPlanes.count`, in `trackPlanes` order).
/// Values are bipolar (−1 off, +1 on), as a tanh output produces.
public struct WindowSpec: Hashable, Sendable, Codable {
    /// A plane of the condition tensor.
    public enum ConditionPlane: String, Hashable, Sendable, Codable {
        /// The melody's sounding notes.
        case melodySustain
        /// The step where each melody note begins (tells a held note from a repeated one).
        case melodyOnset
        /// The meter: +1 on the first step of a bar, 0 on the first step of another beat, −1 elsewhere (the same
        /// for every pitch). Lets one model serve 4/4, 3/4 and 6/8.
        case meter
        /// The chord the melody outlines in each bar (`MelodyHarmony`): +1 on its root's rows, 0 on its other
        /// tones', −1 elsewhere and in bars where the melody is silent, in every octave. The harmony is there at
        /// the bass's rows, three octaves below the melody a convolution would otherwise have to carry it from.
        /// Not in the default window (`ensemble train --chord-plane` adds it): the shipped models trained with it
        /// followed the harmony more closely in bass and pad but met fewer checks of the quality bar
        /// (docs/models/README.md).
        case melodyChord
    }

    /// A plane written per accompaniment role.
    public enum TrackPlane: String, Hashable, Sendable, Codable {
        /// Where the role's notes sound.
        case sustain
        /// Where they begin: a re-struck note is an onset inside a sustained run. Drums are hits: their sustain
        /// and onset planes are equal.
        case onset
    }

    public var steps: Int
    public var lowestPitch: Int
    public var pitchCount: Int
    public var roles: [TrackRole]
    public var conditionPlanes: [ConditionPlane]
    public var trackPlanes: [TrackPlane]

    public init(steps: Int = 64, lowestPitch: Int = 24, pitchCount: Int = 84, roles: [TrackRole],
                conditionPlanes: [ConditionPlane] = [.melodySustain, .melodyOnset, .meter],
                trackPlanes: [TrackPlane] = [.sustain, .onset]) {
        self.steps = steps
        self.lowestPitch = lowestPitch
        self.pitchCount = pitchCount
        self.roles = roles
        self.conditionPlanes = conditionPlanes
        self.trackPlanes = trackPlanes
    }

    public var highestPitch: Int { lowestPitch + pitchCount - 1 }
    public var trackChannels: Int { roles.count * trackPlanes.count }
    /// Shape of one condition: [planes, steps, pitches].
    public var conditionShape: [Int] { [conditionPlanes.count, steps, pitchCount] }
    /// Shape of one set of tracks: [roles × planes, steps, pitches].
    public var tracksShape: [Int] { [trackChannels, steps, pitchCount] }
    /// Floats in one condition / one set of tracks.
    public var conditionCount: Int { conditionShape.reduce(1, *) }
    public var tracksCount: Int { tracksShape.reduce(1, *) }

    /// The channel of `plane` for role index `role`, if the spec writes that plane.
    public func channel(role: Int, _ plane: TrackPlane) -> Int? {
        trackPlanes.firstIndex(of: plane).map { role * trackPlanes.count + $0 }
    }

    /// Nil when the spec is usable, else why not (one line).
    public var problem: String? {
        if steps < 1 || steps > 4096 { return "window steps must be 1...4096, got \(steps)" }
        if pitchCount < 12 || lowestPitch < 0 || lowestPitch + pitchCount > 128 {
            return "pitch window \(lowestPitch) + \(pitchCount) must hold an octave within MIDI 0...127"
        }
        if roles.isEmpty { return "no accompaniment roles" }
        if roles.contains(.melody) { return "the melody is the condition, not an accompaniment role" }
        if Set(roles).count != roles.count { return "a role appears twice" }
        if conditionPlanes.isEmpty || trackPlanes.isEmpty || !trackPlanes.contains(.sustain) {
            return "needs condition planes and a sustain plane"
        }
        return nil
    }
}
