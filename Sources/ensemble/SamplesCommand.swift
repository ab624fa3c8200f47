import ArgumentParser
import Foundation
import MusicCore

/// `ensemble samples [NAME] [-o FILE.mid]`: the bundled public-domain melodies.
struct SamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samples",
        abstract: "List the sample melodies, show one, or write one as a MIDI file.",
        discussion: """
            Names are matched forgivingly: "ode-to-joy", "Ode to Joy" and "ode" all find Ode to Joy.
            Examples:
              ensemble samples
              ensemble samples amazing-grace -o grace.mid
            """)

    @Argument(help: "A melody's name (see the list).")
    var name: String?

    @Option(name: .shortAndLong, help: "Write the melody to this MIDI file.")
    var output: String?

    func run() throws {
        let melodies: [SampleMelody]
        do {
            melodies = try SampleMelodies.all()
        } catch {
            throw CommandLineFiles.fail("samples", error.message)
        }
        guard let name else {
            if output != nil { throw CommandLineFiles.fail("samples", "name the melody to write, e.g. 'ensemble samples ode-to-joy -o ode.mid'") }
            print(Self.list(melodies), terminator: "")
            return
        }
        guard let melody = SampleMelodies.find(name, in: melodies) else {
            throw CommandLineFiles.fail("samples", "no melody matches '\(CommandLineFiles.shortened(name))'; one of: \(melodies.map(\.id).joined(separator: ", "))")
        }
        if let output {
            try CommandLineFiles.write(melody.song.midiFileBytes(), to: output)
            print("wrote \(output): \(melody.title), \(Self.facts(melody))")
        } else {
            print(Self.details(melody), terminator: "")
        }
    }

    static func list(_ melodies: [SampleMelody]) -> String {
        var out = pad("NAME", 18) + pad("TITLE", 32) + pad("TIME", 6) + pad("KEY", 10) + pad("BARS", 6) + "BPM\n"
        for m in melodies {
            let meter = m.song.timeSignatures.first.map { "\($0.numerator)/\($0.denominator)" } ?? "4/4"
            out += pad(m.id, 18) + pad(m.title, 32) + pad(meter, 6) + pad(m.song.key?.description ?? "-", 10)
                + pad("\(m.song.barCount)", 6) + bpm(m) + "\n"
        }
        out += "\nWrite one as MIDI: ensemble samples NAME -o FILE.mid\n"
        return out
    }

    static func details(_ m: SampleMelody) -> String {
        var out = "\(m.title)\n"
        if !m.origin.isEmpty { out += "  \(m.origin)\n" }
        out += "  \(facts(m))\n"
        out += "  write it: ensemble samples \(m.id) -o \(m.id).mid\n"
        return out
    }

    static func facts(_ m: SampleMelody) -> String {
        let meter = m.song.timeSignatures.first.map { "\($0.numerator)/\($0.denominator)" } ?? "4/4"
        let notes = m.song.tracks.first?.notes ?? []
        var text = "\(meter), \(m.song.key?.description ?? "no key"), \(bpm(m)) bpm, \(m.song.barCount) bars, \(notes.count) notes"
        if let low = notes.map(\.pitch).min(), let high = notes.map(\.pitch).max() {
            text += ", \(MIDIFileSummary.noteName(low))–\(MIDIFileSummary.noteName(high))"
        }
        return text
    }

    static func bpm(_ m: SampleMelody) -> String {
        String(Int((m.song.tempos.first?.bpm ?? 120).rounded()))
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
}
