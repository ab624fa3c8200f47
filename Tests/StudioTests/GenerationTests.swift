import MusicCore
import XCTest
@testable import Studio

final class GenerationTests: XCTestCase {
    func ready(_ project: Project = melodyProject()) -> Driver {
        var d = Driver(StudioState(project: project))
        d.send(.choicesLoaded(ScriptedAccompaniment().choices()))
        return d
    }

    func testNoModelIsSaidPlainly() {
        var d = Driver(StudioState(project: melodyProject()))
        XCTAssertTrue(d.key(.ctrl("g")).isEmpty)
        XCTAssertEqual(d.state.message?.text, "no model for rock (MuseGAN) yet")
        d.send(.choicesLoaded(NoAccompanimentProvider().choices()))
        d.key(KeyPress(.tab))
        XCTAssertEqual(d.state.project.genre, "pop")
        XCTAssertTrue(d.state.message?.text.contains("no model for pop (MuseGAN) yet") ?? false)
    }

    func testGenerateMakesATakeAndPlaysIt() throws {
        var d = ready()
        let request = try XCTUnwrap(d.key(.ctrl("g")).generateRequests.first)
        XCTAssertEqual(request.genre, "rock")
        XCTAssertEqual(request.melody.tracks.count, 1)
        let song = try ScriptedAccompaniment().generate(melody: request.melody, genre: "rock", architecture: "musegan", seed: request.seed)
        let effects = d.send(.generated(requestID: request.id, accompaniment: song))
        XCTAssertEqual(d.state.project.takes.count, 1)
        XCTAssertEqual(d.state.project.currentTake, 0)
        XCTAssertEqual(effects.playRequests.first?.song.tracks.count, 3, "melody, bass, drums")
        // Again: a new take with a new seed.
        let second = try XCTUnwrap(d.key(.ctrl("g")).generateRequests.first)
        XCTAssertNotEqual(second.seed, request.seed)
        d.send(.generated(requestID: second.id, accompaniment: song))
        XCTAssertEqual(d.state.project.takes.count, 2)
        d.key(.ctrl("p"))
        XCTAssertEqual(d.state.project.currentTake, 0)
    }

    func testStaleResultsAreIgnoredAndFailuresReported() {
        var d = ready()
        let request = d.key(.ctrl("g")).generateRequests[0]
        d.send(.generated(requestID: request.id + 7, accompaniment: Song()))
        XCTAssertTrue(d.state.project.takes.isEmpty)
        d.send(.generationFailed(requestID: request.id, message: "model file damaged"))
        XCTAssertNil(d.state.generation)
        XCTAssertEqual(d.state.message, StudioState.Message(text: "model file damaged", isError: true))
    }

    func testChangingGenreRevoicesAndRegenerates() throws {
        var d = ready()
        let request = d.key(.ctrl("g")).generateRequests[0]
        d.send(.generated(requestID: request.id, accompaniment: try ScriptedAccompaniment().generate(
            melody: request.melody, genre: "rock", architecture: "musegan", seed: 1)))
        d.key(KeyPress(.tab)) // pop: no model — re-voiced, not regenerated
        XCTAssertEqual(d.state.project.take?.tracks.first?.program, GenreVoicing.program(genre: "pop", role: .bass))
        let again = d.key(KeyPress(.tab)).generateRequests // jazz: has a model
        XCTAssertEqual(again.first?.genre, "jazz")
    }

    func testCustomGenresJoinTheCycle() {
        let d = ready()
        XCTAssertEqual(d.state.genres, ["rock", "pop", "jazz", "symphony", "lofi"])
    }

    func testGenerateNeedsAMelody() {
        var d = ready(Project())
        XCTAssertTrue(d.key(.ctrl("g")).isEmpty)
        XCTAssertTrue(d.state.message?.text.contains("nothing to accompany") ?? false)
    }
}
