/// Serialises a `SoundFont2` as a SoundFont 2.01 file: RIFF 'sfbk' with INFO, sdta and pdta lists (SF2.01 §5–7).
extension SoundFont2 {
    /// The zero points the spec requires after every sample (SF2.01 §7.10).
    public static let sampleGuardPoints = 46

    public func serialized() -> [UInt8] {
        let sampleBytes = samples.reduce(0) { $0 + 2 * ($1.data.count + Self.sampleGuardPoints) }
        var w = ByteWriter(capacity: sampleBytes + 64 * 1024)
        w.list("RIFF", type: "sfbk") { w in
            writeInfo(&w)
            w.list("LIST", type: "sdta") { w in
                w.chunk("smpl") { w in
                    for sample in samples {
                        w.samples(sample.data)
                        w.zeros(2 * Self.sampleGuardPoints)
                    }
                }
            }
            w.list("LIST", type: "pdta") { w in writeHydra(&w) }
        }
        return w.bytes
    }

    private func writeInfo(_ w: inout ByteWriter) {
        w.list("LIST", type: "INFO") { w in
            w.chunk("ifil") { w in w.u16(2); w.u16(1) }
            infoString(&w, "isng", info.engine)
            infoString(&w, "INAM", info.name)
            let optional: [(String, String?)] = [
                ("ICRD", info.creationDate), ("IENG", info.engineers), ("IPRD", info.product),
                ("ICOP", info.copyright), ("ICMT", info.comment), ("ISFT", info.software),
            ]
            for (id, text) in optional { if let text { infoString(&w, id, text) } }
        }
    }

    /// INFO strings are zero terminated and padded to an even length (SF2.01 §5.1).
    private func infoString(_ w: inout ByteWriter, _ id: String, _ text: String) {
        var ascii = Array(SF2Names.sanitized(text).utf8.prefix(id == "ICMT" ? 65534 : 254))
        ascii.append(0)
        if ascii.count % 2 == 1 { ascii.append(0) }
        w.chunk(id) { w in for b in ascii { w.u8(b) } }
    }

    /// The "hydra": nine sub-chunks, each ending with a terminal record.
    private func writeHydra(_ w: inout ByteWriter) {
        let presetGens = presets.map { $0.zones.map { $0.orderedGenerators(linkGenerator: .instrument) } }
        let instGens = instruments.map { $0.zones.map { $0.orderedGenerators(linkGenerator: .sampleID) } }

        w.chunk("phdr") { w in
            var bag = 0
            for (preset, zones) in zip(presets, presetGens) {
                w.name20(preset.name)
                w.u16(UInt16(preset.program)); w.u16(UInt16(preset.bank)); w.u16(UInt16(bag))
                w.u32(0); w.u32(0); w.u32(0)  // library, genre, morphology: reserved
                bag += zones.count
            }
            w.name20("EOP"); w.u16(0); w.u16(0); w.u16(UInt16(bag)); w.u32(0); w.u32(0); w.u32(0)
        }
        writeBags(&w, id: "pbag", zones: presetGens.flatMap { $0 })
        w.chunk("pmod") { w in w.zeros(10) }
        writeGenerators(&w, id: "pgen", zones: presetGens.flatMap { $0 })

        w.chunk("inst") { w in
            var bag = 0
            for (instrument, zones) in zip(instruments, instGens) {
                w.name20(instrument.name); w.u16(UInt16(bag))
                bag += zones.count
            }
            w.name20("EOI"); w.u16(UInt16(bag))
        }
        writeBags(&w, id: "ibag", zones: instGens.flatMap { $0 })
        w.chunk("imod") { w in w.zeros(10) }
        writeGenerators(&w, id: "igen", zones: instGens.flatMap { $0 })

        w.chunk("shdr") { w in
            var start = 0
            for s in samples {
                let end = start + s.data.count
                w.name20(s.name)
                w.u32(UInt32(start)); w.u32(UInt32(end))
                // Unlooped samples point both loop ends at the sample start, which players read as "no loop".
                w.u32(UInt32(start + (s.isLooped ? s.loopStart : 0)))
                w.u32(UInt32(start + (s.isLooped ? s.loopEnd : 0)))
                w.u32(UInt32(s.sampleRate))
                w.u8(UInt8(s.rootKey.clamped(to: 0...127))); w.i8(Int8(s.pitchCorrection.clamped(to: -99...99)))
                w.u16(0); w.u16(1)  // no link, mono sample
                start = end + Self.sampleGuardPoints
            }
            w.name20("EOS"); w.zeros(26)
        }
    }

    /// Bags hold the index of each zone's first generator; modulator indices stay 0 (no modulators).
    private func writeBags(_ w: inout ByteWriter, id: String, zones: [[SF2GeneratorValue]]) {
        w.chunk(id) { w in
            var gen = 0
            for zone in zones {
                w.u16(UInt16(gen)); w.u16(0)
                gen += zone.count
            }
            w.u16(UInt16(gen)); w.u16(0)
        }
    }

    private func writeGenerators(_ w: inout ByteWriter, id: String, zones: [[SF2GeneratorValue]]) {
        w.chunk(id) { w in
            for zone in zones { for g in zone { w.u16(g.generator.rawValue); w.u16(g.amount) } }
            w.u16(0); w.u16(0)
        }
    }
}
