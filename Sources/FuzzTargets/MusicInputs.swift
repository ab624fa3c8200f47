import Generators
import MusicCore

/// MIDI files and the melody notation.
enum MusicInputs {
    /// As `info` reads it (summary), as `render`, `generate` and the studio read it (a song, drawn and played in
    /// the studio), and as `dataset build` reads it (cut into a training piece). A song read from a file must
    /// also write back to a file that reads again.
    static func midi(_ bytes: [UInt8]) -> Bool {
        guard let file = try? MIDIFile(bytes: bytes) else { return false }
        _ = MIDIFileSummary(file)
        guard let song = try? Song(midiBytes: bytes) else { return true }
        do { _ = try Song(midiBytes: song.midiFileBytes()) } catch {
            fatalError("a song read from MIDI does not read back after writing: \(error)")
        }
        StudioInputs.exercise(song: song)
        _ = DatasetBuilder.build(name: "fuzz", files: [(path: "fuzz.mid", bytes: bytes)])
        return true
    }

    static func melody(_ bytes: [UInt8]) -> Bool {
        guard let melody = try? MelodyNotation(parsing: String(decoding: bytes, as: UTF8.self), source: "fuzz") else { return false }
        StudioInputs.exercise(song: melody.song)
        return true
    }
}
