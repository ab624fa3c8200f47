import Foundation

/// A synthesised mono sample before it is written: points in floating point, the rate its pitch plan chose, and
/// its loop. `sf2Sample` scales to 16 bits and appends the guard points the spec wants after a loop.
struct SynthSample {
    var name: String
    var points: [Double]
    var sampleRate: Int
    var rootKey: Int
    /// [start, end): the loop; nil for one-shots (drums).
    var loop: Range<Int>?

    /// The loop's first points copied after its end, so interpolators reading past the end see the loop continue.
    static let loopGuard = 16

    /// A looped sample: `attack` points that lead into `loop`, which repeats from then on.
    init(name: String, attack: [Double], loop: [Double], plan: PitchPlan) {
        self.name = name
        points = attack + loop
        sampleRate = plan.sampleRate
        rootKey = plan.rootKey
        self.loop = attack.count..<(attack.count + loop.count)
    }

    /// A looped sample whose points already contain the loop (`points[loop]`).
    init(name: String, points: [Double], loop: Range<Int>?, sampleRate: Int, rootKey: Int) {
        self.name = name
        self.points = points
        self.loop = loop
        self.sampleRate = sampleRate
        self.rootKey = rootKey
    }

    var peak: Double { Buffers.peak(points) }

    /// 16-bit points scaled by `gain` (clamped), loop guard appended, trailing points after the loop dropped.
    func sf2Sample(gain: Double) -> SF2Sample {
        var body = points
        if let loop {
            body = Array(points[..<loop.upperBound])
            let cycle = Array(points[loop])
            for i in 0..<Self.loopGuard { body.append(cycle[i % cycle.count]) }
        }
        let data = body.map { Int16((($0 * gain) * 32767).rounded().clamped(to: -32767...32767)) }
        return SF2Sample(name: name, data: data, sampleRate: sampleRate, rootKey: rootKey,
                         loopStart: loop?.lowerBound ?? 0, loopEnd: loop?.upperBound ?? 0)
    }
}

enum Loops {
    /// Makes `points[loop]` repeat smoothly for signals that are only nearly periodic in the loop length (plucked
    /// strings, distortion): the last `fade` points of the loop blend into the points just before its start, so
    /// the jump from the end back to the start continues the waveform.
    static func crossfade(_ points: inout [Double], loop: Range<Int>, fade: Int) {
        let n = min(fade, loop.count, loop.lowerBound)
        guard n > 0 else { return }
        for i in 0..<n {
            let w = (Double(i) + 0.5) / Double(n)
            let dst = loop.upperBound - n + i, src = loop.lowerBound - n + i
            points[dst] = points[dst] * (1 - w) + points[src] * w
        }
    }
}
