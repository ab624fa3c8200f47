/// Spec rules a player may forgive but a well-made bank keeps (SF2.01 §7–8): generator order in zones, global
/// zones first, loops inside their samples with guard points, 46 zero points after each sample, unique presets.
extension SoundFontFile {
    public func problems() -> [String] {
        var found: [String] = []
        var seen = Set<Int>()
        for p in presets {
            if !seen.insert(p.bank << 8 | p.program).inserted {
                found.append("preset \(p.bank):\(p.program) '\(p.name)' appears twice")
            }
            found += zoneProblems(p.zones, owner: "preset '\(p.name)'", link: .instrument)
            for z in p.zones {
                for g in z.generators where g.generator.isInstrumentOnly {
                    found.append("preset '\(p.name)' uses instrument-only generator \(g.generator)")
                }
            }
        }
        for i in instruments {
            found += zoneProblems(i.zones, owner: "instrument '\(i.name)'", link: .sampleID)
        }
        for (index, s) in samples.enumerated() {
            found += sampleProblems(s, next: index + 1 < samples.count ? samples[index + 1].start : sampleData.count)
        }
        return found
    }

    private func zoneProblems(_ zones: [Zone], owner: String, link: SF2Generator) -> [String] {
        var found: [String] = []
        for (n, zone) in zones.enumerated() {
            let ops = zone.generators.map(\.generator)
            if let k = ops.firstIndex(of: .keyRange), k != 0 { found.append("\(owner) zone \(n): keyRange not first") }
            if let v = ops.firstIndex(of: .velRange), v != (ops.first == .keyRange ? 1 : 0) {
                found.append("\(owner) zone \(n): velRange not right after keyRange")
            }
            if let l = ops.firstIndex(of: link), l != ops.count - 1 {
                found.append("\(owner) zone \(n): \(link) not last")
            }
            if zone.link(link) == nil, n != 0 { found.append("\(owner) zone \(n): global zone not first") }
        }
        if zones.allSatisfy({ $0.link(link) == nil }) { found.append("\(owner) has no zone that plays anything") }
        return found
    }

    private func sampleProblems(_ s: SampleHeader, next: Int) -> [String] {
        var found: [String] = []
        let name = "sample '\(s.name)'"
        if !(400...200_000).contains(s.sampleRate) { found.append("\(name): sample rate \(s.sampleRate)") }
        if s.rootKey > 127 { found.append("\(name): root key \(s.rootKey)") }
        if s.type & 0x8000 != 0 { found.append("\(name): ROM sample") }
        let guardPoints = sampleData[min(s.end, next)..<next]
        if guardPoints.count < SoundFont2.sampleGuardPoints || guardPoints.contains(where: { $0 != 0 }) {
            found.append("\(name): fewer than \(SoundFont2.sampleGuardPoints) zero points follow it")
        }
        let looped = s.loopEnd > s.loopStart
        if looped {
            if s.loopStart < s.start + 8 || s.loopEnd + 8 > s.end {
                found.append("\(name): loop \(s.loopStart)..<\(s.loopEnd) lacks 8 points of margin in \(s.start)..<\(s.end)")
            }
            if s.loopEnd - s.loopStart < 32 { found.append("\(name): loop shorter than 32 points") }
        }
        return found
    }
}
