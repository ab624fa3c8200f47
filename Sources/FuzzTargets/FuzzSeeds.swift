import Foundation
import Generators
import MusicCore
import NeuralEngine
import SoundFontMaker
import Studio
import StudioTerminal

/// Seeds that are easiest made in Swift: a tiny SoundFont, the tiny networks' weights, a studio project and
/// typed keys. The rest (MIDI files, melodies, datasets, manifests, checkpoints) are made by the program's own
/// commands in `scripts/fuzz/seeds.sh`.
public enum FuzzSeeds {
    public static func made(for target: FuzzTarget) -> [(name: String, bytes: [UInt8])] {
        switch target {
        case .soundfont: [("tiny.sf2", tinySoundFont())]
        case .safetensors, .weights:
            zip(TinyNetworks.configs, TinyNetworks.generators).flatMap { config, network in
                [SafeTensorsDType.f32, .f16].map { dtype in
                    ("\(config.architecture.rawValue)-\(dtype.rawValue.lowercased()).safetensors",
                     network.stateDictFile(dtype: dtype, metadata: ["format": "pt"]).encoded())
                }
            }
        case .project: [("melody.json", project())]
        case .keys: keys.map { ($0.0, Array($0.1.utf8)) }
        default: []
        }
    }

    /// One looped sample, one instrument, one preset: every chunk of the format, a few hundred bytes.
    static func tinySoundFont() -> [UInt8] {
        var info = SF2Info(name: "Fuzz Seed")
        info.copyright = "public domain"
        var bank = SoundFont2(info: info)
        let points = (0..<64).map { Int16(8000 * sin(Double($0) * .pi / 8)) }
        let sample = bank.add(SF2Sample(name: "sine", data: points, sampleRate: 22050, rootKey: 60, loopStart: 8, loopEnd: 56))
        var zone = SF2Zone(keyRange: 0...127, link: sample)
        zone.set(.sampleModes, 1)
        let instrument = bank.add(SF2Instrument(name: "Sine", zones: [zone]))
        bank.presets.append(SF2Preset(name: "Sine", program: 0, bank: 0, zones: [SF2Zone(link: instrument)]))
        return bank.serialized()
    }

    static func project() -> [UInt8] {
        var state = StudioState()
        _ = state.apply(.opened(.song(StudioInputs.melody, title: "Seed")))
        return [UInt8]((try? ProjectStore.encode(state.project)) ?? Data())
    }

    /// Typing, editing and moving; xterm, Linux console and kitty keyboard protocol sequences.
    static let keys: [(String, String)] = [
        ("typing.txt", "qwerty zsxdcvgbhnjm"),
        ("editing.txt", "\u{1B}[A\u{1B}[B\u{1B}[1;2C\u{1B}[5~\u{1B}[6~\u{1B}[3~\u{7F}\t\r\u{13}\u{1A}\u{19}"),
        ("function-keys.txt", "\u{1B}OP\u{1B}[15~\u{1B}[[A\u{1B}[24;5~\u{1B}"),
        ("kitty.txt", "\u{1B}[?1u\u{1B}[?62;c\u{1B}[113;1:1u\u{1B}[113;1:3u\u{1B}[32;5u\u{1B}[57441;2u"),
        ("utf8.txt", "é€😀\u{C3}"),
    ]
}
