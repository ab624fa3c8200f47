/// The synthesised instruments of the bank. Every GM program plays one or more of these.
enum Voice: CaseIterable, Sendable {
    case piano, electricPiano, organ, nylonGuitar, steelGuitar, cleanGuitar, distortionGuitar
    case acousticBass, electricBass, synthBass, strings, brass, saxophone, flute
    case sawLead, squareLead, synthPad, choir, marimba, bells, timpani, noise

    var design: MelodicDesign {
        switch self {
        case .piano: Piano.design
        case .electricPiano: ElectricPiano.design
        case .organ: Organ.design
        case .nylonGuitar: Guitars.nylon
        case .steelGuitar: Guitars.steel
        case .cleanGuitar: Guitars.clean
        case .distortionGuitar: Guitars.distortion
        case .acousticBass: Basses.acoustic
        case .electricBass: Basses.electric
        case .synthBass: Basses.synth
        case .strings: StringEnsemble.design
        case .brass: Winds.brass
        case .saxophone: Winds.saxophone
        case .flute: Winds.flute
        case .sawLead: Synths.sawLead
        case .squareLead: Synths.squareLead
        case .synthPad: Synths.pad
        case .choir: Synths.choir
        case .marimba: Mallets.marimba
        case .bells: Mallets.bells
        case .timpani: Timpani.design
        case .noise: NoiseVoice.design
        }
    }
}
