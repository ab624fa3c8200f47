import Dispatch
import Foundation

/// The project's own General MIDI SoundFont, synthesised from scratch: all 128 GM programs on bank 0 (each the
/// nearest of our synthesised instruments, with envelope, filter and layering variations) and a standard drum
/// kit on bank 128. The bytes are the same on every run.
public enum EnsembleSoundFont {
    /// The SF2 file's bytes.
    public static func makeSF2() -> [UInt8] { makeBank().serialized() }

    /// Peak level of every sample before its instrument's gain: just under full scale.
    static let samplePeak = 0.95

    static func makeBank() -> SoundFont2 {
        var bank = SoundFont2(info: info)
        let voices = Voice.allCases
        let rendered = render(melodic: voices.map(\.design), drums: DrumKit.sounds.filter { $0.make != nil })
        var base: [Voice: (global: SF2Zone, zones: [SF2Zone])] = [:]
        for (voice, samples) in zip(voices, rendered.melodic) {
            base[voice] = addSamples(voice.design, samples: samples, to: &bank)
        }
        // Instruments are created on first use: the plain voice, or a named variant of its global zone that
        // shares the voice's samples.
        var instruments: [String: Int] = [:]
        func instrument(for layer: Layer) -> Int {
            let name = layer.variant?.name ?? layer.voice.design.name
            if let index = instruments[name] { return index }
            var (global, zones) = base[layer.voice]!
            layer.variant?.edit(&global)
            let index = bank.add(SF2Instrument(name: name, zones: [global] + zones))
            instruments[name] = index
            return index
        }
        for recipe in GeneralMIDI.programs {
            let zones = recipe.layers.map { layer -> SF2Zone in
                var zone = SF2Zone(link: instrument(for: layer))
                layer.presetEdit(&zone)
                return zone
            }
            bank.presets.append(SF2Preset(name: recipe.name, program: recipe.program, bank: 0, zones: zones))
        }
        let kit = addKit(rendered.drums, to: &bank)
        for (program, name) in DrumKit.kitPresets {
            bank.presets.append(SF2Preset(name: name, program: program, bank: 128, zones: [SF2Zone(link: kit)]))
        }
        return bank
    }

    static let info: SF2Info = {
        var info = SF2Info(name: "Ensemble GM")
        info.engineers = "Ensemble SoundFontMaker"
        info.product = "Ensemble"
        info.copyright = "Ensemble project; synthesised, no recordings. Free to use, modify and redistribute."
        info.comment = "General MIDI bank synthesised in Swift by Ensemble's SoundFontMaker: additive piano and "
            + "mallets, Karplus-Strong guitars and basses, spectral strings, winds, organs and synths, and a "
            + "synthesised drum kit on bank 128. Rebuild with: ensemble soundfont build -o Ensemble-GM.sf2"
        info.software = "Ensemble SoundFontMaker 1.0"
        return info
    }()

    /// Synthesises every multi-sample and drum, in parallel: each is independent and seeded by its own name.
    static func render(melodic designs: [MelodicDesign], drums: [DrumSound])
        -> (melodic: [[SynthSample]], drums: [SynthSample]) {
        let jobs = designs.enumerated().flatMap { d, design in design.roots.map { (d, $0) } }
        let results = ResultSlots<SynthSample>(count: jobs.count + drums.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count + drums.count) { i in
            if i < jobs.count {
                results.store(designs[jobs[i].0].sample(jobs[i].1), at: i)
            } else {
                results.store(drums[i - jobs.count].sample(), at: i)
            }
        }
        var grouped = designs.map { _ in [SynthSample]() }
        for (i, job) in jobs.enumerated() { grouped[job.0].append(results.value(at: i)) }
        return (grouped, drums.indices.map { results.value(at: jobs.count + $0) })
    }

    /// Adds a design's samples to the bank; returns its global zone and its per-root zones.
    static func addSamples(_ design: MelodicDesign, samples: [SynthSample],
                           to bank: inout SoundFont2) -> (SF2Zone, [SF2Zone]) {
        var global = SF2Zone()
        design.global(&global)
        var zones: [SF2Zone] = []
        for (sample, range) in zip(samples, design.keyRanges()) {
            let gain = samplePeak / max(1e-9, sample.peak) * pow(10, design.gainDB / 20)
            let index = bank.add(sample.sf2Sample(gain: gain))
            var zone = SF2Zone(keyRange: range, link: index)
            zone.set(.sampleModes, sample.loop == nil ? 0 : 1)
            design.perRoot(sample.rootKey, &zone)
            zones.append(zone)
        }
        return (global, zones)
    }

    /// Adds the kit: synthesised keys first (their samples), then keys that replay another key's sample.
    static func addKit(_ samples: [SynthSample], to bank: inout SoundFont2) -> Int {
        var sampleOfKey: [Int: Int] = [:]
        var zones = [DrumKit.globalZone()]
        for (sound, sample) in zip(DrumKit.sounds.filter { $0.make != nil }, samples) {
            let gain = samplePeak / max(1e-9, sample.peak) * pow(10, sound.gainDB / 20)
            sampleOfKey[sound.key] = bank.add(sample.sf2Sample(gain: gain))
            zones.append(DrumKit.zone(for: sound, sampleIndex: sampleOfKey[sound.key]!))
        }
        for sound in DrumKit.sounds {
            guard let source = sound.source, let index = sampleOfKey[source] else { continue }
            zones.append(DrumKit.zone(for: sound, sampleIndex: index))
        }
        zones[1...].sort { $0.keyRange!.lowerBound < $1.keyRange!.lowerBound }
        return bank.add(SF2Instrument(name: "Standard Kit", zones: zones))
    }
}

/// Write-once slots filled from concurrent workers.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ value: T, at i: Int) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    func value(at i: Int) -> T {
        lock.lock()
        defer { lock.unlock() }
        return slots[i]!
    }
}
