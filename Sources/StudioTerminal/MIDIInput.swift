import CALSA
import Foundation
import Studio

/// MIDI keyboards through the ALSA sequencer: lists the readable ports, connects the first hardware keyboard
/// (or the one named by ENSEMBLE_MIDI_PORT, "client:port"), follows hot-plugging through the system announce
/// port, and posts note events to the UI queue from its own thread. Without /dev/snd/seq it reports
/// "MIDI input unavailable" and does nothing else.
final class MIDIInput: @unchecked Sendable {
    struct Port: Equatable {
        var client: Int32
        var port: Int32
        var name: String
        var isHardware: Bool
    }

    private let queue: EventQueue
    private let onStatus: @Sendable (String) -> Void
    private var seq: OpaquePointer?
    private var myPort: Int32 = -1
    private var connected: Port?
    private var thread: Thread?
    private let stopFlag = NSLock()
    private var stopping = false
    private var stopPipe: [Int32] = [-1, -1]

    init(queue: EventQueue, onStatus: @escaping @Sendable (String) -> Void) {
        self.queue = queue
        self.onStatus = onStatus
    }

    static var isAvailable: Bool { access("/dev/snd/seq", R_OK | W_OK) == 0 }

    /// Opens the sequencer and starts listening; returns the header line to show.
    func start() -> String {
        guard MIDIInput.isAvailable else { return "MIDI input unavailable" }
        ens_alsa_silence_errors()
        var handle: OpaquePointer?
        guard ens_seq_open_input(&handle) >= 0, let handle else { return "MIDI input unavailable" }
        seq = handle
        snd_seq_set_client_name(handle, "Ensemble")
        myPort = ens_seq_create_input_port(handle, "Ensemble studio in")
        guard myPort >= 0 else { return "MIDI input unavailable" }
        _ = ens_seq_subscribe_announce(handle, myPort)
        let status = connectFirstKeyboard()
        var fds: [Int32] = [0, 0]
        if pipe(&fds) == 0 { stopPipe = fds }
        let thread = Thread { [weak self] in self?.run() }
        thread.name = "ensemble-midi-in"
        self.thread = thread
        thread.start()
        return status
    }

    /// Readable ports other than ours, the system's and Midi Through.
    func ports() -> [Port] {
        guard let seq else { return [] }
        var result: [Port] = []
        var client: OpaquePointer?
        var portInfo: OpaquePointer?
        snd_seq_client_info_malloc(&client)
        snd_seq_port_info_malloc(&portInfo)
        defer {
            snd_seq_client_info_free(client)
            snd_seq_port_info_free(portInfo)
        }
        snd_seq_client_info_set_client(client, -1)
        let me = snd_seq_client_id(seq)
        while snd_seq_query_next_client(seq, client) >= 0 {
            let id = snd_seq_client_info_get_client(client)
            guard id != 0, id != me else { continue }
            let clientName = String(cString: snd_seq_client_info_get_name(client))
            guard !clientName.hasPrefix("Midi Through") else { continue }
            snd_seq_port_info_set_client(portInfo, id)
            snd_seq_port_info_set_port(portInfo, -1)
            while snd_seq_query_next_port(seq, portInfo) >= 0 {
                let caps = snd_seq_port_info_get_capability(portInfo)
                let needed = ens_seq_cap_read_subs()
                guard caps & needed == needed, caps & ens_seq_cap_no_export() == 0 else { continue }
                let type = snd_seq_port_info_get_type(portInfo)
                result.append(Port(client: id, port: snd_seq_port_info_get_port(portInfo),
                                   name: String(cString: snd_seq_port_info_get_name(portInfo)),
                                   isHardware: type & ens_seq_type_hardware() != 0))
            }
        }
        return result
    }

    private func connectFirstKeyboard() -> String {
        guard let seq else { return "MIDI input unavailable" }
        let available = ports()
        let wanted = ProcessInfo.processInfo.environment["ENSEMBLE_MIDI_PORT"]
        let choice = available.first { "\($0.client):\($0.port)" == wanted }
            ?? available.first { $0.isHardware } ?? available.first
        guard let choice else {
            connected = nil
            return "MIDI: no keyboard (plug one in)"
        }
        guard snd_seq_connect_from(seq, myPort, choice.client, choice.port) >= 0 else {
            return "MIDI: cannot connect \(choice.client):\(choice.port)"
        }
        connected = choice
        return "MIDI: \(choice.name) (\(choice.client):\(choice.port))"
    }

    private var isStopping: Bool {
        stopFlag.lock()
        defer { stopFlag.unlock() }
        return stopping
    }

    private func run() {
        guard let seq else { return }
        let count = Int(snd_seq_poll_descriptors_count(seq, Int16(POLLIN)))
        var fds = [pollfd](repeating: pollfd(), count: count + 1)
        _ = snd_seq_poll_descriptors(seq, &fds, UInt32(count), Int16(POLLIN))
        fds[count] = pollfd(fd: stopPipe[0], events: Int16(POLLIN), revents: 0)
        while !isStopping {
            guard poll(&fds, nfds_t(fds.count), 1000) >= 0 || errno == EINTR else { break }
            if fds[count].revents != 0 { break }
            var event: UnsafeMutablePointer<snd_seq_event_t>?
            while snd_seq_event_input(seq, &event) >= 0, let current = event {
                handle(current)
            }
        }
    }

    private func handle(_ event: UnsafeMutablePointer<snd_seq_event_t>) {
        let type = ens_seq_event_type(event)
        let now = monotonicMilliseconds()
        if type == ens_seq_ev_noteon() {
            let velocity = UInt8(clamping: ens_seq_event_velocity(event))
            let pitch = UInt8(clamping: ens_seq_event_note(event))
            queue.post(velocity == 0 ? .midiNoteOff(pitch: pitch, atMs: now)
                       : .midiNoteOn(pitch: pitch, velocity: velocity, atMs: now))
        } else if type == ens_seq_ev_noteoff() {
            queue.post(.midiNoteOff(pitch: UInt8(clamping: ens_seq_event_note(event)), atMs: now))
        } else if type == ens_seq_ev_port_start() {
            if connected == nil { onStatus(connectFirstKeyboard()) }
        } else if type == ens_seq_ev_port_exit() {
            let client = ens_seq_event_addr_client(event), port = ens_seq_event_addr_port(event)
            if let current = connected, current.client == client, current.port == port {
                connected = nil
                onStatus(connectFirstKeyboard())
            }
        }
    }

    func stop() {
        stopFlag.lock()
        stopping = true
        stopFlag.unlock()
        if stopPipe[1] >= 0 {
            var byte: UInt8 = 1
            _ = write(stopPipe[1], &byte, 1)
        }
        while let thread, !thread.isFinished { usleep(1000) }
        if let seq { snd_seq_close(seq) }
        seq = nil
        for fd in stopPipe where fd >= 0 { close(fd) }
        stopPipe = [-1, -1]
    }
}
