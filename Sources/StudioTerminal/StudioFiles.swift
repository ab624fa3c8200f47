import Audio
import Foundation
import MusicCore
import Studio

/// The file side of the studio's effects, run off the UI thread: open (project, MIDI file or sample melody),
/// export MIDI and WAV, save. Results come back as events; every failure is one line naming the file.
struct StudioFiles: Sendable {
    let queue: EventQueue
    let soundFontPath: String?

    /// Resolves `text` as a path (with ~ expanded), else as a sample melody name.
    func open(_ text: String) {
        let path = (text as NSString).expandingTildeInPath
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { return fail("\(text): is a directory") }
            if path.lowercased().hasSuffix(".json") {
                do { queue.post(.opened(.project(try ProjectStore.load(path), path: path))) } catch { fail("\(error)") }
                return
            }
            openMIDI(path, shown: text)
            return
        }
        guard let melodies = try? SampleMelodies.all(), let sample = SampleMelodies.find(text, in: melodies) else {
            return fail("\(text): no such file, and no sample melody of that name (Tab lists them)")
        }
        queue.post(.opened(.song(sample.song, title: sample.title)))
    }

    private func openMIDI(_ path: String, shown: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return fail("\(shown): cannot read the file (permission denied?)")
        }
        guard data.count <= 64 * 1024 * 1024 else { return fail("\(shown): too large to be a MIDI file") }
        do {
            let song = try Song(midiBytes: [UInt8](data))
            let title = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            queue.post(.opened(.song(song, title: title)))
        } catch {
            fail("\(shown): \(error.message)")
        }
    }

    func exportMIDI(_ path: String, song: Song) {
        do {
            try ProjectStore.atomicWrite(Data(song.midiFileBytes()), to: (path as NSString).expandingTildeInPath)
            let notes = song.tracks.reduce(0) { $0 + $1.notes.count }
            queue.post(.exported(path: path, summary: "MIDI type 1, \(song.tracks.count) tracks, \(notes) notes"))
        } catch {
            fail("\(error)")
        }
    }

    func exportWAV(_ path: String, song: Song, mix: PlaybackMix) {
        guard let soundFontPath else { return fail("\(path): no SoundFont, so no audio to render") }
        do {
            let options = RenderOptions(mutedTracks: mix.muted, soloedTracks: mix.soloed, trackVolumes: mix.volumes)
            let audio = try OfflineRenderer.renderWAV(song, soundFontPath: soundFontPath, options: options,
                                                      to: (path as NSString).expandingTildeInPath)
            queue.post(.exported(path: path, summary: String(format: "WAV %.1f s, 44.1 kHz stereo", audio.duration)))
        } catch {
            fail("\(path): \(error)")
        }
    }

    func save(_ project: Project, path: String, revision: Int) {
        do {
            try ProjectStore.save(project, to: (path as NSString).expandingTildeInPath)
            queue.post(.saved(path: path, revision: revision))
        } catch {
            fail("\(error)")
        }
    }

    private func fail(_ text: String) { queue.post(.fileFailed(text)) }
}
