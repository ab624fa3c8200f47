/// The General MIDI program table. Each program plays one or more layers; a layer is one of our voices, either
/// as designed or as a named variant (a copy of its instrument with a different global zone: envelope, filter,
/// LFOs), plus preset-level offsets (tuning, octave, pan, level) that SF2 adds to the instrument's values.
struct Variant: Sendable {
    let name: String
    let edit: @Sendable (inout SF2Zone) -> Void
    init(_ name: String, _ edit: @escaping @Sendable (inout SF2Zone) -> Void) {
        self.name = name
        self.edit = edit
    }
}

struct Layer: Sendable {
    var voice: Voice
    var variant: Variant?
    var presetEdit: @Sendable (inout SF2Zone) -> Void = { _ in }

    init(_ voice: Voice, _ variant: Variant? = nil) {
        self.voice = voice
        self.variant = variant
    }

    private func with(_ edit: @escaping @Sendable (inout SF2Zone) -> Void) -> Layer {
        var copy = self
        let previous = presetEdit
        copy.presetEdit = { previous(&$0); edit(&$0) }
        return copy
    }

    func detuned(_ cents: Int) -> Layer { with { $0.set(.fineTune, cents) } }
    func octave(_ octaves: Int) -> Layer { with { $0.set(.coarseTune, 12 * octaves) } }
    func transposed(_ semitones: Int) -> Layer { with { $0.set(.coarseTune, semitones) } }
    /// Quieter by `decibels` as FluidSynth plays it: like the EMU chips the SF2 format came from, FluidSynth
    /// applies 0.4 of the initial attenuation written in the file, so the file holds decibels / 0.4.
    func quieter(_ decibels: Double) -> Layer {
        with { $0.set(.initialAttenuation, SF2Units.centibels(decibels / 0.4)) }
    }
    func panned(_ percent: Int) -> Layer { with { $0.set(.pan, percent * 10) } }
}

struct ProgramRecipe: Sendable {
    let program: Int
    let name: String
    let layers: [Layer]
}

enum GeneralMIDI {
    static let names: [String] = [
        "Acoustic Grand Pno", "Bright Acoustic Pno", "Electric Grand Pno", "Honky-tonk Piano",
        "Electric Piano 1", "Electric Piano 2", "Harpsichord", "Clavinet",
        "Celesta", "Glockenspiel", "Music Box", "Vibraphone", "Marimba", "Xylophone", "Tubular Bells", "Dulcimer",
        "Drawbar Organ", "Percussive Organ", "Rock Organ", "Church Organ", "Reed Organ", "Accordion", "Harmonica",
        "Tango Accordion",
        "Ac. Guitar (nylon)", "Ac. Guitar (steel)", "E. Guitar (jazz)", "E. Guitar (clean)", "E. Guitar (muted)",
        "Overdriven Guitar", "Distortion Guitar", "Guitar Harmonics",
        "Acoustic Bass", "E. Bass (finger)", "E. Bass (pick)", "Fretless Bass", "Slap Bass 1", "Slap Bass 2",
        "Synth Bass 1", "Synth Bass 2",
        "Violin", "Viola", "Cello", "Contrabass", "Tremolo Strings", "Pizzicato Strings", "Orchestral Harp",
        "Timpani",
        "String Ensemble 1", "String Ensemble 2", "Synth Strings 1", "Synth Strings 2", "Choir Aahs", "Voice Oohs",
        "Synth Voice", "Orchestra Hit",
        "Trumpet", "Trombone", "Tuba", "Muted Trumpet", "French Horn", "Brass Section", "Synth Brass 1",
        "Synth Brass 2",
        "Soprano Sax", "Alto Sax", "Tenor Sax", "Baritone Sax", "Oboe", "English Horn", "Bassoon", "Clarinet",
        "Piccolo", "Flute", "Recorder", "Pan Flute", "Blown Bottle", "Shakuhachi", "Whistle", "Ocarina",
        "Lead 1 (square)", "Lead 2 (sawtooth)", "Lead 3 (calliope)", "Lead 4 (chiff)", "Lead 5 (charang)",
        "Lead 6 (voice)", "Lead 7 (fifths)", "Lead 8 (bass+lead)",
        "Pad 1 (new age)", "Pad 2 (warm)", "Pad 3 (polysynth)", "Pad 4 (choir)", "Pad 5 (bowed)",
        "Pad 6 (metallic)", "Pad 7 (halo)", "Pad 8 (sweep)",
        "FX 1 (rain)", "FX 2 (soundtrack)", "FX 3 (crystal)", "FX 4 (atmosphere)", "FX 5 (brightness)",
        "FX 6 (goblins)", "FX 7 (echoes)", "FX 8 (sci-fi)",
        "Sitar", "Banjo", "Shamisen", "Koto", "Kalimba", "Bag Pipe", "Fiddle", "Shanai",
        "Tinkle Bell", "Agogo", "Steel Drums", "Woodblock", "Taiko Drum", "Melodic Tom", "Synth Drum",
        "Reverse Cymbal",
        "Guitar Fret Noise", "Breath Noise", "Seashore", "Bird Tweet", "Telephone Ring", "Helicopter", "Applause",
        "Gunshot",
    ]

    static let programs: [ProgramRecipe] = layers.enumerated().map { program, layers in
        ProgramRecipe(program: program, name: names[program], layers: layers)
    }

    private typealias V = Variants

    /// Two copies of a voice detuned ±`cents` (and panned ±`spread` %), each 3 dB down so the pair sounds as
    /// loud as one: honky-tonk pianos, accordion reeds, brass sections.
    private static func unison(_ voice: Voice, _ variant: Variant?, cents: Int, spread: Int = 0) -> [Layer] {
        [Layer(voice, variant).detuned(-cents).panned(-spread).quieter(3),
         Layer(voice, variant).detuned(cents).panned(spread).quieter(3)]
    }

    /// Program by program, in GM order.
    static let layers: [[Layer]] = [
        // Piano
        [Layer(.piano)], [Layer(.piano, V.brightPiano)],
        [Layer(.piano, V.electricGrand), Layer(.electricPiano).quieter(6)],
        unison(.piano, V.honkyTonk, cents: 6, spread: 20),
        [Layer(.electricPiano)], [Layer(.electricPiano, V.chorusEP), Layer(.bells, V.epBell).quieter(9)],
        [Layer(.steelGuitar, V.harpsichord), Layer(.steelGuitar, V.harpsichord).octave(1).quieter(6)],
        [Layer(.cleanGuitar, V.clavinet)],
        // Chromatic percussion
        [Layer(.bells, V.celesta)], [Layer(.bells)], [Layer(.bells, V.musicBox)], [Layer(.marimba, V.vibraphone)],
        [Layer(.marimba)], [Layer(.marimba, V.xylophone)], [Layer(.bells, V.tubularBells)],
        unison(.steelGuitar, V.dulcimer, cents: 4),
        // Organ
        [Layer(.organ)], [Layer(.organ, V.percussiveOrgan)], [Layer(.organ, V.rockOrgan)],
        [Layer(.organ, V.churchOrgan), Layer(.organ, V.churchOrgan).octave(1).quieter(4)],
        [Layer(.squareLead, V.reedOrgan)],
        unison(.squareLead, V.accordion, cents: 3),
        [Layer(.squareLead, V.harmonica)],
        unison(.squareLead, V.accordion, cents: 5),
        // Guitar
        [Layer(.nylonGuitar)], [Layer(.steelGuitar)], [Layer(.cleanGuitar, V.jazzGuitar)], [Layer(.cleanGuitar)],
        [Layer(.cleanGuitar, V.mutedGuitar)], [Layer(.distortionGuitar, V.overdrive)], [Layer(.distortionGuitar)],
        [Layer(.cleanGuitar), Layer(.bells, V.celesta).quieter(8)],
        // Bass
        [Layer(.acousticBass)], [Layer(.electricBass)], [Layer(.electricBass, V.pickBass)],
        [Layer(.electricBass, V.fretless)], [Layer(.electricBass, V.slapBass)], [Layer(.electricBass, V.slapBass)],
        [Layer(.synthBass)], [Layer(.synthBass, V.synthBass2)],
        // Strings
        [Layer(.strings, V.soloStrings)], [Layer(.strings, V.soloStrings)], [Layer(.strings, V.soloStrings)],
        [Layer(.strings, V.soloStrings)], [Layer(.strings, V.tremoloStrings)], [Layer(.nylonGuitar, V.pizzicato)],
        [Layer(.nylonGuitar, V.harp)], [Layer(.timpani)],
        // Ensemble
        [Layer(.strings)], [Layer(.strings, V.slowStrings)],
        [Layer(.strings, V.synthStrings).quieter(2), Layer(.synthPad, V.synthStrings2).quieter(6)],
        [Layer(.synthPad, V.synthStrings2)],
        [Layer(.choir)], [Layer(.choir, V.voiceOohs)], [Layer(.choir, V.synthVoice).quieter(2), Layer(.synthPad).quieter(8)],
        [Layer(.brass, V.orchestraHit), Layer(.strings, V.orchestraHitStrings)],
        // Brass
        [Layer(.brass)], [Layer(.brass, V.trombone)], [Layer(.brass, V.tuba)], [Layer(.brass, V.mutedTrumpet)],
        [Layer(.brass, V.frenchHorn)],
        unison(.brass, nil, cents: 3, spread: 25),
        [Layer(.sawLead, V.synthBrass)],
        [Layer(.sawLead, V.synthBrass).detuned(-4).quieter(3), Layer(.squareLead, V.synthBrass2).detuned(4).quieter(3)],
        // Reed
        [Layer(.saxophone, V.sopranoSax)], [Layer(.saxophone)], [Layer(.saxophone, V.tenorSax)],
        [Layer(.saxophone, V.baritoneSax)], [Layer(.saxophone, V.oboe)], [Layer(.saxophone, V.englishHorn)],
        [Layer(.saxophone, V.bassoon)], [Layer(.squareLead, V.clarinet)],
        // Pipe
        [Layer(.flute, V.piccolo)], [Layer(.flute)], [Layer(.flute, V.recorder)],
        [Layer(.flute, V.panFlute), Layer(.noise, V.breath).octave(2).quieter(14)],
        [Layer(.flute, V.bottle)], [Layer(.flute, V.shakuhachi)], [Layer(.flute, V.whistle)],
        [Layer(.flute, V.ocarina)],
        // Synth lead
        [Layer(.squareLead)], [Layer(.sawLead)], [Layer(.flute, V.calliope), Layer(.squareLead).quieter(6)],
        [Layer(.squareLead, V.chiffLead), Layer(.flute, V.calliope).quieter(4)],
        [Layer(.distortionGuitar, V.charang), Layer(.sawLead).quieter(6)],
        [Layer(.choir, V.voiceLead), Layer(.sawLead).quieter(10)],
        [Layer(.sawLead).quieter(2), Layer(.sawLead).transposed(7).quieter(5)],
        [Layer(.sawLead).quieter(2), Layer(.synthBass).octave(-1).quieter(4)],
        // Synth pad
        [Layer(.synthPad), Layer(.bells, V.padBell).quieter(10)], [Layer(.synthPad, V.warmPad)],
        [Layer(.sawLead, V.polysynth)], [Layer(.choir, V.choirPad)], [Layer(.strings, V.bowedPad)],
        [Layer(.synthPad), Layer(.bells, V.padBell).quieter(6)], [Layer(.choir, V.choirPad).quieter(3), Layer(.synthPad).quieter(3)],
        [Layer(.synthPad, V.sweepPad)],
        // Synth effects
        [Layer(.bells, V.rain), Layer(.synthPad).quieter(8)], [Layer(.synthPad, V.soundtrack)],
        [Layer(.bells), Layer(.synthPad).quieter(10)], [Layer(.nylonGuitar), Layer(.synthPad, V.warmPad).quieter(4)],
        [Layer(.sawLead, V.brightness)], [Layer(.synthPad, V.goblins)], [Layer(.electricPiano, V.echoes)],
        [Layer(.bells, V.sciFi)],
        // Ethnic
        [Layer(.steelGuitar, V.sitar)], [Layer(.steelGuitar, V.banjo)], [Layer(.steelGuitar, V.shamisen)],
        [Layer(.nylonGuitar, V.koto)], [Layer(.marimba, V.kalimba)], [Layer(.saxophone, V.bagpipe)],
        [Layer(.strings, V.soloStrings)], [Layer(.saxophone, V.oboe)],
        // Percussive
        [Layer(.bells, V.musicBox)], [Layer(.bells, V.agogo)], [Layer(.electricPiano, V.steelDrums)],
        [Layer(.marimba, V.woodblock)], [Layer(.timpani, V.taiko)], [Layer(.timpani, V.melodicTom)],
        [Layer(.timpani, V.synthDrum)], [Layer(.noise, V.reverseCymbal).octave(2)],
        // Sound effects
        [Layer(.noise, V.fretNoise).octave(2)], [Layer(.noise, V.breath)], [Layer(.noise, V.seashore)],
        [Layer(.flute, V.bird).octave(1)], [Layer(.bells, V.telephone)], [Layer(.noise, V.helicopter)],
        [Layer(.noise, V.applause)], [Layer(.noise, V.gunshot)],
    ]
}
