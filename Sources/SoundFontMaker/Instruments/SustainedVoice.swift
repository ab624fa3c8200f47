import Foundation

/// Builds a sustained (bowed, blown, electronic) sample from a spectral loop: a short lead-in that is the loop's
/// own continuation, optionally carrying an onset transient (chiff, key click) that dies before the loop starts,
/// then the loop. The note's dynamics come from the SF2 envelopes, not from the points.
enum SustainedVoice {
    static func sample(name: String, root: Int, loopLength: Int = 8192, nominalRate: Int = 22050,
                       build: (inout SpectralLoop, inout SeededRandom) -> Void,
                       transient: ((PitchPlan, inout SeededRandom) -> [Double])? = nil) -> SynthSample {
        let plan = PitchPlan.loop(rootKey: root, loopLength: loopLength, nominalRate: nominalRate)
        var random = SeededRandom("\(name) \(root)")
        var spectral = SpectralLoop(plan: plan)
        build(&spectral, &random)
        let cycle = spectral.render()
        guard let onset = transient?(plan, &random), !onset.isEmpty else {
            return SynthSample(name: "\(name) \(root)", attack: Array(cycle.suffix(32)), loop: cycle, plan: plan)
        }
        // The lead-in repeats the loop backwards in time so it flows into the loop start without a seam.
        let leadLength = onset.count + 32
        var lead = (0..<leadLength).map { i in cycle[(cycle.count * 8 + i - leadLength) % cycle.count] }
        Buffers.mix(onset, into: &lead)
        return SynthSample(name: "\(name) \(root)", attack: lead, loop: cycle, plan: plan)
    }

    /// A burst of band-passed noise that decays within `seconds`: breath chiffs, key clicks, bow scrapes.
    static func noiseBurst(_ plan: PitchPlan, _ random: inout SeededRandom, seconds: Double, center: Double,
                           q: Double, level: Double) -> [Double] {
        let rate = Double(plan.sampleRate)
        let n = Int(seconds * rate)
        var burst = (0..<n).map { i -> Double in
            let t = Double(i) / Double(n)
            return random.bipolar() * (1 - t) * (1 - t)
        }
        Biquad.bandpass(center, q: q, rate: rate).apply(&burst)
        let peak = Buffers.peak(burst)
        return burst.map { $0 * level / max(1e-9, peak) }
    }
}
