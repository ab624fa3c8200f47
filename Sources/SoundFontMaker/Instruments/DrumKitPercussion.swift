import Foundation

/// Hand percussion and effects of the kit: skins, wood, metal bells, shakers, whistles and the GM2 extras.
extension DrumKit {
    static let latin: [DrumSound] = [
        DrumSound(54, "Tambourine", rate: 32000, gainDB: -4, pan: 20) { s in
            let jingles = s.metal(seconds: 0.3, partials: 30, low: 5000, high: 12000, decay: 0.09)
            let shake = s.noise(seconds: 0.3, decay: 0.06, attack: 0.003, filters: [s.highpass(5000)])
            return s.sum([(jingles, 1), (shake, 0.7)])
        },
        DrumSound(56, "Cowbell", gainDB: -4, pan: 15) { s in
            s.tones(seconds: 0.35, [(562, 1, 0.1), (845, 0.8, 0.08), (1690, 0.2, 0.05), (2530, 0.1, 0.04)])
        },
        DrumSound(58, "Vibraslap", gainDB: -5, pan: 25) { s in
            let rattle = s.tones(seconds: 0.02, [(3200, 1, 0.006), (4700, 0.6, 0.004)])
            let hits = (0..<28).map { i in (0.028 * Double(i), pow(0.88, Double(i))) }
            return s.repeated(rattle, onsets: hits, seconds: 0.85)
        },
        hand(60, "Hi Bongo", hz: 420, decay: 0.1, pan: 25),
        hand(61, "Low Bongo", hz: 300, decay: 0.13, pan: 20),
        hand(62, "Mute Hi Conga", hz: 340, decay: 0.05, pan: -15, slap: 0.6),
        hand(63, "Open Hi Conga", hz: 340, decay: 0.22, pan: -15),
        hand(64, "Low Conga", hz: 230, decay: 0.28, pan: -20),
        DrumSound(65, "High Timbale", gainDB: -3, pan: 20) { s in timbale(&s, hz: 510) },
        DrumSound(66, "Low Timbale", gainDB: -3, pan: 10) { s in timbale(&s, hz: 370) },
        DrumSound(67, "High Agogo", gainDB: -4, pan: -20) { s in agogo(&s, hz: 900) },
        DrumSound(68, "Low Agogo", gainDB: -4, pan: -20) { s in agogo(&s, hz: 660) },
        DrumSound(69, "Cabasa", rate: 32000, gainDB: -5, pan: -30) { s in
            s.noise(seconds: 0.15, decay: 0.04, attack: 0.012, filters: [s.highpass(5500), s.highpass(5500)])
        },
        DrumSound(70, "Maracas", rate: 32000, gainDB: -5, pan: 30) { s in
            s.noise(seconds: 0.1, decay: 0.025, attack: 0.004, filters: [s.highpass(4500), s.lowpass(11000)])
        },
        DrumSound(71, "Short Whistle", gainDB: -6, pan: 30, exclusive: 2) { s in whistle(&s, seconds: 0.14) },
        DrumSound(72, "Long Whistle", gainDB: -6, pan: 30, exclusive: 2) { s in whistle(&s, seconds: 0.55) },
        DrumSound(73, "Short Guiro", rate: 32000, gainDB: -5, pan: 25, exclusive: 3) { s in guiro(&s, strokes: 7) },
        DrumSound(74, "Long Guiro", rate: 32000, gainDB: -5, pan: 25, exclusive: 3) { s in guiro(&s, strokes: 22) },
        DrumSound(75, "Claves", gainDB: -3, pan: 20) { s in
            s.tones(seconds: 0.15, [(2480, 1, 0.045), (6650, 0.2, 0.01)])
        },
        DrumSound(76, "Hi Wood Block", gainDB: -3, pan: 25) { s in woodBlock(&s, hz: 1100) },
        DrumSound(77, "Low Wood Block", gainDB: -3, pan: 25) { s in woodBlock(&s, hz: 780) },
        DrumSound(78, "Mute Cuica", gainDB: -5, pan: -25, exclusive: 4) { s in cuica(&s, from: 650, to: 520, seconds: 0.12) },
        DrumSound(79, "Open Cuica", gainDB: -5, pan: -25, exclusive: 4) { s in cuica(&s, from: 330, to: 560, seconds: 0.4) },
        DrumSound(80, "Mute Triangle", playing: 81, pan: 30, exclusive: 5) { z in
            z.set(.decayVolEnv, SF2Units.timecents(0.25))
            z.set(.sustainVolEnv, 1000)
        },
        DrumSound(81, "Open Triangle", rate: 32000, gainDB: -9, pan: 30, exclusive: 5) { s in triangle(&s, decay: 0.6) },
    ]

    static let effects: [DrumSound] = [
        DrumSound(27, "High Q", gainDB: -5) { s in
            s.membrane(seconds: 0.12, startHz: 2400, endHz: 300, glide: 0.02, decay: 0.04)
        },
        DrumSound(28, "Slap", gainDB: -2) { s in
            s.noise(seconds: 0.08, decay: 0.01, filters: [s.bandpass(1600, q: 1)])
        },
        DrumSound(29, "Scratch Push", gainDB: -5, exclusive: 6) { s in scratch(&s, from: 300, to: 900) },
        DrumSound(30, "Scratch Pull", gainDB: -5, exclusive: 6) { s in scratch(&s, from: 900, to: 250) },
        DrumSound(31, "Sticks", gainDB: -3) { s in s.tones(seconds: 0.08, [(2050, 1, 0.012), (3900, 0.5, 0.008)]) },
        DrumSound(32, "Square Click", gainDB: -6) { s in
            (0..<s.count(0.012)).map { i in (i / 8) % 2 == 0 ? 1.0 : -1.0 }
        },
        DrumSound(33, "Metronome Click", gainDB: -1) { s in
            s.sum([(s.tones(seconds: 0.05, [(2600, 1, 0.006), (5100, 0.4, 0.004)]), 1),
                   (s.noise(seconds: 0.01, decay: 0.0015, filters: [s.highpass(2000)]), 0.4)])
        },
        DrumSound(34, "Metronome Bell", gainDB: -2) { s in
            s.tones(seconds: 0.5, [(1568, 1, 0.18), (3920, 0.4, 0.09), (4620, 0.25, 0.07)])
        },
        DrumSound(82, "Shaker", rate: 32000, gainDB: -5, pan: 25) { s in
            s.noise(seconds: 0.12, decay: 0.03, attack: 0.01, filters: [s.highpass(4000), s.lowpass(10000)])
        },
        DrumSound(83, "Jingle Bell", rate: 32000, gainDB: -6, pan: -25) { s in
            s.metal(seconds: 0.6, partials: 24, low: 4000, high: 9000, decay: 0.25)
        },
        DrumSound(84, "Bell Tree", rate: 32000, gainDB: -7, pan: -30) { s in
            // A stick run down a stack of bells: fourteen dings, each a little lower.
            var out = [Double](repeating: 0, count: s.count(1.1))
            for i in 0..<14 {
                let hz = 7200 * pow(0.93, Double(i))
                let note = s.tones(seconds: 0.3, [(hz, 1, 0.15), (hz * 2.76, 0.3, 0.08)])
                Buffers.mix(note, into: &out, gain: 1, at: s.count(0.06 * Double(i)))
            }
            return out
        },
        DrumSound(85, "Castanets", gainDB: -4, pan: 20) { s in
            let click = s.tones(seconds: 0.03, [(2300, 1, 0.008), (4100, 0.5, 0.005)])
            return s.repeated(click, onsets: [(0, 1), (0.018, 0.8)], seconds: 0.08)
        },
        DrumSound(86, "Mute Surdo", gainDB: -4, pan: -10) { s in
            s.membrane(seconds: 0.25, startHz: 110, endHz: 72, glide: 0.03, decay: 0.07, overtones: [(1.6, 0.2)])
        },
        DrumSound(87, "Open Surdo", gainDB: -4, pan: -10) { s in
            s.membrane(seconds: 0.8, startHz: 100, endHz: 72, glide: 0.04, decay: 0.4, overtones: [(1.6, 0.2)])
        },
    ]

    static func hand(_ key: Int, _ name: String, hz: Double, decay: Double, pan: Double, slap: Double = 0.2) -> DrumSound {
        DrumSound(key, name, gainDB: -2, pan: pan) { s in
            let skin = s.membrane(seconds: max(0.15, decay * 3), startHz: hz * 1.15, endHz: hz, glide: 0.015,
                                  decay: decay, overtones: [(1.51, 0.3), (2.3, 0.12)])
            let palm = s.noise(seconds: 0.03, decay: 0.005, filters: [s.bandpass(1800, q: 0.9)])
            return s.sum([(skin, 1), (palm, slap)])
        }
    }

    static func timbale(_ s: inout DrumSynth, hz: Double) -> [Double] {
        let head = s.membrane(seconds: 0.6, startHz: hz * 1.1, endHz: hz, glide: 0.01, decay: 0.15,
                              overtones: [(1.5, 0.4)])
        let shell = s.tones(seconds: 0.6, [(hz * 2.9, 0.5, 0.25), (hz * 4.7, 0.3, 0.18)])
        let stick = s.noise(seconds: 0.03, decay: 0.004, filters: [s.highpass(2500)])
        return s.sum([(head, 1), (shell, 0.5), (stick, 0.3)])
    }

    static func agogo(_ s: inout DrumSynth, hz: Double) -> [Double] {
        s.tones(seconds: 0.5, [(hz, 1, 0.2), (hz * 2.64, 0.5, 0.12), (hz * 4.3, 0.25, 0.07)])
    }

    static func whistle(_ s: inout DrumSynth, seconds: Double) -> [Double] {
        let n = s.count(seconds)
        var phase = 0.0
        return (0..<n).map { i in
            let t = Double(i) / s.rate
            phase += 2 * Double.pi * (2350 + 40 * sin(2 * Double.pi * 28 * t)) / s.rate
            let env = min(1, t / 0.01) * min(1, Double(n - i) / (0.02 * s.rate))
            return sin(phase) * env
        }
    }

    static func guiro(_ s: inout DrumSynth, strokes: Int) -> [Double] {
        let scrape = s.noise(seconds: 0.012, decay: 0.004, filters: [s.bandpass(3500, q: 2)])
        let onsets = (0..<strokes).map { i in (0.016 * Double(i), 0.6 + 0.4 * sin(Double(i) / Double(strokes) * .pi)) }
        return s.repeated(scrape, onsets: onsets, seconds: 0.016 * Double(strokes) + 0.05)
    }

    static func woodBlock(_ s: inout DrumSynth, hz: Double) -> [Double] {
        s.tones(seconds: 0.15, [(hz, 1, 0.05), (hz * 2.72, 0.35, 0.025), (hz * 5.1, 0.12, 0.012)])
    }

    static func cuica(_ s: inout DrumSynth, from: Double, to: Double, seconds: Double) -> [Double] {
        let n = s.count(seconds)
        var phase = 0.0
        return (0..<n).map { i in
            let t = Double(i) / Double(n)
            phase += 2 * Double.pi * (from + (to - from) * t) / s.rate
            return (sin(phase) + 0.3 * sin(2 * phase)) * sin(Double.pi * min(1, t * 1.2))
        }
    }

    static func triangle(_ s: inout DrumSynth, decay: Double) -> [Double] {
        s.tones(seconds: decay * 2 + 0.05, [(1250, 0.3, decay), (3440, 0.6, decay), (6750, 1, decay * 0.8),
                                            (9100, 0.6, decay * 0.6)])
    }

    static func scratch(_ s: inout DrumSynth, from: Double, to: Double) -> [Double] {
        let n = s.count(0.18)
        var phase = 0.0
        let grit = s.noise(seconds: 0.18, decay: 1, filters: [s.bandpass(1500, q: 0.7)])
        return (0..<n).map { i in
            let t = Double(i) / Double(n)
            phase += 2 * Double.pi * (from + (to - from) * t * t) / s.rate
            return (sin(phase) > 0 ? 0.6 : -0.6) * sin(Double.pi * t) + 2 * grit[i]
        }
    }
}
