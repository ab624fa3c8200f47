/// How the synth is set up before it is created (FluidSynth reads these once).
public struct SynthConfiguration: Sendable, Equatable {
    /// A small room: enough to glue a band together without washing out the notes.
    public struct Reverb: Sendable, Equatable {
        public var roomSize: Double
        public var damping: Double
        public var width: Double
        public var level: Double

        public init(roomSize: Double = 0.4, damping: Double = 0.4, width: Double = 0.8, level: Double = 0.5) {
            self.roomSize = roomSize
            self.damping = damping
            self.width = width
            self.level = level
        }
    }

    public static let sampleRates: ClosedRange<Double> = 8_000...96_000

    public var sampleRate: Double
    /// Master gain (FluidSynth's default of 0.2 is quiet; a full band at 0.5 stays clear of clipping).
    public var gain: Double
    public var polyphony: Int
    /// nil turns reverb off.
    public var reverb: Reverb?
    /// Chorus is applied per channel by the chorus send (CC93), which songs rarely set.
    public var chorus: Bool

    public init(sampleRate: Double = 44_100, gain: Double = 0.5, polyphony: Int = 256,
                reverb: Reverb? = Reverb(), chorus: Bool = true) {
        self.sampleRate = sampleRate
        self.gain = gain
        self.polyphony = polyphony
        self.reverb = reverb
        self.chorus = chorus
    }

    func validate() throws(AudioError) {
        guard SynthConfiguration.sampleRates.contains(sampleRate) else {
            throw .invalidOption("sample rate \(Int(sampleRate)) Hz is out of range (8000 to 96000 Hz)")
        }
        guard gain.isFinite, (0...10).contains(gain) else { throw .invalidOption("gain \(gain) is out of range (0 to 10)") }
        guard (16...4096).contains(polyphony) else {
            throw .invalidOption("polyphony \(polyphony) is out of range (16 to 4096 voices)")
        }
    }
}
