import Foundation
import Studio

/// Runs the accompaniment provider on its own thread at a lower priority than the UI and the audio thread, one
/// request at a time; the result comes back to the UI as an event.
final class GenerationWorker: @unchecked Sendable {
    private let provider: any AccompanimentProvider
    private let queue: EventQueue
    private let work = DispatchQueue(label: "ensemble.generate", qos: .utility)

    init(provider: any AccompanimentProvider, queue: EventQueue) {
        self.provider = provider
        self.queue = queue
    }

    func loadChoices() {
        work.async { [provider, queue] in queue.post(.choicesLoaded(provider.choices())) }
    }

    func generate(_ request: GenerationRequest) {
        work.async { [provider, queue] in
            do {
                let song = try provider.generate(melody: request.melody, genre: request.genre,
                                                 architecture: request.architecture, seed: request.seed)
                queue.post(.generated(requestID: request.id, accompaniment: song))
            } catch {
                queue.post(.generationFailed(requestID: request.id, message: "\(error)"))
            }
        }
    }
}
