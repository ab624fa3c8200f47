@preconcurrency import CNCurses
import Foundation
import MusicCore
import Studio

/// The studio's shell: owns the terminal, the sound, MIDI input, the worker threads and the one event loop.
///
/// The loop runs on the main thread and is the only place that touches curses or the state: it waits in poll()
/// on the keyboard and the event queue's pipe (a short timeout while something moves, up to 250 ms when idle),
/// feeds every event to the reducer, performs the effects, and redraws what changed.
public final class StudioApp {
    public struct Options {
        public var file: String?
        public var soundFont: String?
        public var provider: any AccompanimentProvider
        public init(file: String? = nil, soundFont: String? = nil, provider: any AccompanimentProvider = NoAccompanimentProvider()) {
            self.file = file
            self.soundFont = soundFont
            self.provider = provider
        }
    }

    /// The terminal is put back by these, in order: keyboard protocol off, cursor on, attributes reset.
    static let restoreSequence = "\u{1B}[<u\u{1B}[?25h\u{1B}[0m"
    /// After a crash or a second signal, when curses cannot end its screen: also back to the main screen (after
    /// the keyboard protocol is popped, as kitty keeps one stack per screen).
    static let guardRestoreSequence = "\u{1B}[<u\u{1B}[?1049l\u{1B}[?25h\u{1B}[0m"

    private let options: Options
    private var state: StudioState
    private let queue = EventQueue()
    private var decoder = KeyDecoder()
    private var lastInputMs = 0.0
    private var buffer = ScreenBuffer(width: 0, height: 0)
    private var forceRedraw = false
    private var exitStatus: Int32?

    public init(options: Options) {
        self.options = options
        state = StudioState(project: Project(seed: UInt64(Date().timeIntervalSince1970 * 1000) % 1_000_000))
    }

    /// Runs until the user quits; returns the exit status.
    public func run() -> Int32 {
        StudioPaths.ensureStateDirectory()
        let savedStderr = redirectStderr()
        // A crash's report goes to the log (stderr now); the terminal, restored first, says where.
        ens_crash_notice_install("\r\nensemble: crashed: this is a bug; the report is in \(StudioPaths.log) (please attach it to a bug report)\r\n",
                                 STDOUT_FILENO)
        ens_terminal_guard_install(StudioApp.guardRestoreSequence)
        ens_install_winch_wakeup()
        let signals = SignalPipe()
        guard let screen = TerminalScreen() else {
            ens_terminal_guard_remove()
            signals.close()
            restoreStderr(savedStderr)
            FileHandle.standardError.write(Data("ensemble: cannot start the terminal screen (is TERM set?)\n".utf8))
            return 1
        }
        // Ask whether the terminal speaks the kitty keyboard protocol; the answer arrives as input.
        writeTerminal("\u{1B}[?u\u{1B}[c")

        let audio = StudioAudio(soundFont: options.soundFont)
        let files = StudioFiles(queue: queue, soundFontPath: audio.soundFontPath)
        let worker = GenerationWorker(provider: options.provider, queue: queue)
        let environmentBase = EnvironmentStatus(midiInput: "MIDI: starting", soundFont: audio.soundFontName,
                                                audio: audio.statusLine)
        let midi = MIDIInput(queue: queue) { [queue] status in
            var status2 = environmentBase
            status2.midiInput = status
            queue.post(.environment(status2))
        }
        var environment = environmentBase
        environment.midiInput = midi.start()
        dispatch(.environment(environment), screen: screen, audio: audio, files: files, worker: worker)
        worker.loadChoices()
        if let names = try? SampleMelodies.all().map(\.id) { dispatch(.sampleNames(names), screen: screen, audio: audio, files: files, worker: worker) }
        startupFile(files)

        let size = screen.size
        dispatch(.resized(width: size.width, height: size.height), screen: screen, audio: audio, files: files, worker: worker)
        ens_terminal_guard_defer(signals.writeEnd)
        loop(screen: screen, audio: audio, files: files, worker: worker, signals: signals)
        ens_terminal_guard_defer(0)  // the work is saved: a signal while shutting down exits at once, restored

        midi.stop()
        audio.close()
        screen.close()
        writeTerminal(StudioApp.restoreSequence)
        ens_terminal_guard_remove()
        signals.close()
        restoreStderr(savedStderr)
        return exitStatus ?? 0
    }

    private func startupFile(_ files: StudioFiles) {
        if let file = options.file {
            files.open(file)
        } else if let (saved, date) = ProjectStore.findAutosave() {
            let formatter = DateFormatter()
            formatter.dateFormat = "MMM d 'at' HH:mm"
            queue.post(.autosaveFound(saved, savedAt: formatter.string(from: date)))
        }
    }

    private func loop(screen: TerminalScreen, audio: StudioAudio, files: StudioFiles, worker: GenerationWorker,
                      signals: SignalPipe) {
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: queue.wakeDescriptor, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: signals.readEnd, events: Int16(POLLIN), revents: 0)]
        var bytes = [UInt8](repeating: 0, count: 4096)
        let handle = { (event: StudioEvent) in
            self.dispatch(event, screen: screen, audio: audio, files: files, worker: worker)
        }
        while exitStatus == nil {
            draw(screen)
            _ = poll(&fds, 3, timeoutMs())
            let now = monotonicMilliseconds()
            if fds[2].revents & Int16(POLLIN) != 0, let number = signals.received() {
                handle(.stopSignal(number, atMs: now))
                continue
            }
            if fds[0].revents & Int16(POLLIN) != 0 {
                let n = read(STDIN_FILENO, &bytes, bytes.count)
                if n > 0 {
                    lastInputMs = now
                    for input in decoder.feed(Array(bytes[0..<n])) { handleInput(input, now: now, handle) }
                } else if n == 0 {
                    handle(.key(.ctrl("c"), atMs: now)) // the terminal went away
                }
            } else if fds[0].revents & Int16(POLLHUP | POLLERR) != 0 {
                handle(.key(.ctrl("c"), atMs: now))
            }
            if decoder.hasPending, now - lastInputMs > 30 {
                for input in decoder.flush() { handleInput(input, now: now, handle) }
            }
            for event in queue.drain() { handle(event) }
            if state.transport.mode != .stopped { handle(.playhead(audio.report(), atMs: now)) }
            handle(.tick(atMs: now))
            let size = screen.size
            if size.width != state.width || size.height != state.height {
                screen.resize(width: size.width, height: size.height)
                handle(.resized(width: size.width, height: size.height))
            }
        }
    }

    private func handleInput(_ input: KeyDecoder.Input, now: Double, _ handle: (StudioEvent) -> Void) {
        switch input {
        case .key(let press): handle(.key(press, atMs: now))
        case .kittyKeyboard:
            // Disambiguate, report event types, alternate keys, all keys as escapes: real press and release.
            writeTerminal("\u{1B}[>15u")
            var environment = state.environment
            environment.keyReleases = true
            handle(.environment(environment))
        case .deviceAttributes: break
        }
    }

    /// Wake often while something moves on screen, rarely when idle (idle CPU stays near zero).
    private func timeoutMs() -> Int32 {
        let busy = state.transport.mode != .stopped || state.generation != nil || decoder.hasPending
        var timeout = busy ? 33.0 : 250.0
        if let wake = state.nextWakeMs { timeout = min(timeout, max(1, wake - monotonicMilliseconds())) }
        return Int32(timeout.rounded(.up))
    }

    private func draw(_ screen: TerminalScreen) {
        if buffer.width != state.width || buffer.height != state.height {
            buffer = ScreenBuffer(width: state.width, height: state.height)
        }
        StudioRenderer.render(state, into: &buffer)
        if forceRedraw {
            screen.invalidate()
            forceRedraw = false
        }
        screen.show(buffer)
    }

    private func dispatch(_ event: StudioEvent, screen: TerminalScreen, audio: StudioAudio, files: StudioFiles,
                          worker: GenerationWorker) {
        for effect in state.apply(event) {
            perform(effect, audio: audio, files: files, worker: worker)
        }
    }

    private func perform(_ effect: StudioEffect, audio: StudioAudio, files: StudioFiles, worker: GenerationWorker) {
        switch effect {
        case .noteOn(let channel, let pitch, let velocity): audio.noteOn(channel: channel, pitch: pitch, velocity: velocity)
        case .noteOff(let channel, let pitch): audio.noteOff(channel: channel, pitch: pitch)
        case .programChange(let channel, let program): audio.programChange(channel: channel, program: program)
        case .play(let request): audio.play(request)
        case .updatePlayback(let request): audio.update(request)
        case .stop: audio.stop()
        case .generate(let request): worker.generate(request)
        case .exportMIDI(let path, let song): files.exportMIDI(path, song: song)
        case .exportWAV(let path, let song, let mix):
            DispatchQueue.global(qos: .utility).async { files.exportWAV(path, song: song, mix: mix) }
        case .saveProject(let path, let project, let revision):
            files.save(project, path: path, revision: revision)
        case .autosave(let project, let revision):
            do {
                try ProjectStore.writeAutosave(project)
                queue.post(.autosaved(revision: revision))
            } catch {
                queue.post(.autosaveFailed("\(error)"))
            }
        case .discardAutosave: ProjectStore.discardAutosave()
        case .open(let text):
            DispatchQueue.global(qos: .userInitiated).async { files.open(text) }
        case .redraw: forceRedraw = true
        case .quit(let status): exitStatus = status
        }
    }

    private func writeTerminal(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(STDOUT_FILENO, &bytes, bytes.count)
    }

    /// Anything a library prints goes to the studio log, not over the screen.
    private func redirectStderr() -> Int32 {
        let saved = dup(STDERR_FILENO)
        let fd = open(StudioPaths.log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if fd >= 0 {
            dup2(fd, STDERR_FILENO)
            close(fd)
        }
        return saved
    }

    private func restoreStderr(_ saved: Int32) {
        guard saved >= 0 else { return }
        dup2(saved, STDERR_FILENO)
        close(saved)
    }
}
