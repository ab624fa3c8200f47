import MusicCore

/// Which MIDI channel each track plays on. Drums always go to channel 10 (index 9, bank 128); every other
/// track keeps its own channel when it can, so one track's program, volume and pan do not leak into
/// another's. Tracks share a channel only when there are more than 15 melodic tracks (then tracks with
/// the same program are paired first).
struct ChannelPlan: Sendable, Equatable {
    static let drumChannel: UInt8 = 9
    static let channelCount = 16

    struct Assignment: Sendable, Equatable {
        let channel: UInt8
        let program: UInt8
        let isDrum: Bool
    }

    /// One entry per track, in track order.
    let assignments: [Assignment]

    init(tracks: [Track]) {
        var programOnChannel = [UInt8?](repeating: nil, count: ChannelPlan.channelCount)
        var result: [Assignment] = []
        for track in tracks {
            let program = min(track.program, 127)
            if track.isDrum {
                result.append(Assignment(channel: ChannelPlan.drumChannel, program: program, isDrum: true))
                continue
            }
            let channel = ChannelPlan.choose(preferred: track.channel, program: program, taken: programOnChannel)
            programOnChannel[Int(channel)] = program
            result.append(Assignment(channel: channel, program: program, isDrum: false))
        }
        assignments = result
    }

    private static func choose(preferred: UInt8, program: UInt8, taken: [UInt8?]) -> UInt8 {
        let melodic = (0..<UInt8(channelCount)).filter { $0 != drumChannel }
        if preferred < UInt8(channelCount), preferred != drumChannel,
           taken[Int(preferred)] == nil || taken[Int(preferred)] == program {
            return preferred
        }
        if let free = melodic.first(where: { taken[Int($0)] == nil }) { return free }
        if let same = melodic.first(where: { taken[Int($0)] == program }) { return same }
        return preferred < UInt8(channelCount) && preferred != drumChannel ? preferred : 0
    }

    /// Distinct channels with the program each should hold (first track on a channel wins).
    var channelSetups: [Assignment] {
        var seen = Set<UInt8>()
        return assignments.filter { seen.insert($0.channel).inserted }
    }
}
