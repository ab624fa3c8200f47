/// Named variants of the voices: copies of an instrument's global zone with a different envelope, filter, LFO
/// or send, sharing the voice's samples. Values are absolute (they replace the voice's own).
enum Variants {
    // Piano and keys
    static let brightPiano = Variant("Bright Piano") { z in
        z.volumeEnvelope(decay: 10, sustainDB: 100, release: 0.3)
        z.set(.initialFilterFc, 13500)
    }
    static let electricGrand = Variant("Electric Grand") { z in z.sends(reverb: 15, chorus: 35) }
    static let honkyTonk = Variant("Honky-tonk") { z in z.volumeEnvelope(decay: 8, sustainDB: 100, release: 0.3) }
    static let chorusEP = Variant("EP Chorus") { z in
        z.volumeEnvelope(decay: 7, sustainDB: 100, release: 0.3)
        z.sends(reverb: 20, chorus: 50)
    }
    static let epBell = Variant("EP Bell") { z in z.volumeEnvelope(decay: 1.5, sustainDB: 100, release: 0.3) }
    static let harpsichord = Variant("Harpsichord") { z in
        z.volumeEnvelope(decay: 5, sustainDB: 100, release: 0.12)
        z.sends(reverb: 20)
    }
    static let clavinet = Variant("Clavinet") { z in
        z.volumeEnvelope(decay: 3, sustainDB: 100, release: 0.05)
        z.lowpass(5000, resonanceDB: 6)
    }

    // Chromatic percussion
    static let celesta = Variant("Celesta") { z in z.volumeEnvelope(decay: 3, sustainDB: 100, release: 0.4) }
    static let musicBox = Variant("Music Box") { z in
        z.volumeEnvelope(decay: 2.5, sustainDB: 100, release: 0.8)
        z.sends(reverb: 35)
    }
    static let vibraphone = Variant("Vibraphone") { z in
        z.volumeEnvelope(decay: 6, sustainDB: 100, release: 0.5)
        z.tremolo(decibels: 3, hertz: 5.5)
        z.sends(reverb: 30)
    }
    static let xylophone = Variant("Xylophone") { z in
        z.volumeEnvelope(decay: 0.8, sustainDB: 100, release: 0.1)
        z.set(.keynumToVolEnvDecay, -30)
    }
    static let tubularBells = Variant("Tubular Bells") { z in z.volumeEnvelope(decay: 10, sustainDB: 100, release: 2) }
    static let dulcimer = Variant("Dulcimer") { z in z.volumeEnvelope(decay: 5, sustainDB: 100, release: 0.4) }

    // Organ and free reeds
    static let percussiveOrgan = Variant("Perc Organ") { z in
        z.volumeEnvelope(attack: 0.003, decay: 0.7, sustainDB: 8, release: 0.07)
    }
    static let rockOrgan = Variant("Rock Organ") { z in
        z.tremolo(decibels: 2, hertz: 6.5)
        z.vibrato(cents: 6, hertz: 6.5, delay: 0)
        z.sends(reverb: 15, chorus: 40)
    }
    static let churchOrgan = Variant("Church Organ") { z in
        z.volumeEnvelope(attack: 0.07, release: 0.45)
        z.sends(reverb: 60)
    }
    static let reedOrgan = Variant("Reed Organ") { z in
        z.volumeEnvelope(attack: 0.06, release: 0.12)
        z.lowpass(2200)
        z.sends(reverb: 25)
    }
    static let accordion = Variant("Accordion") { z in
        z.volumeEnvelope(attack: 0.04, release: 0.1)
        z.lowpass(3500, resonanceDB: 3)
        z.sends(reverb: 15)
    }
    static let harmonica = Variant("Harmonica") { z in
        z.volumeEnvelope(attack: 0.04, release: 0.08)
        z.lowpass(2600, resonanceDB: 6)
        z.vibrato(cents: 8, hertz: 5.5, delay: 0.3)
    }

    // Guitars and basses
    static let jazzGuitar = Variant("Jazz Guitar") { z in
        z.volumeEnvelope(decay: 8, sustainDB: 100, release: 0.2)
        z.lowpass(1800)
    }
    static let mutedGuitar = Variant("Muted Guitar") { z in
        z.volumeEnvelope(decay: 1.6, sustainDB: 100, release: 0.05)
        z.lowpass(2500)
    }
    static let overdrive = Variant("Overdrive Gtr") { z in
        z.volumeEnvelope(attack: 0.004, decay: 10, sustainDB: 40, release: 0.15)
        z.lowpass(2800)
    }
    static let pickBass = Variant("Pick Bass") { z in
        z.volumeEnvelope(decay: 6, sustainDB: 100, release: 0.1)
        z.modulationEnvelope(decay: 0.15, sustain: 0)
        z.set(.modEnvToFilterFc, 1200)
        z.lowpass(3000)
    }
    static let fretless = Variant("Fretless Bass") { z in
        z.volumeEnvelope(attack: 0.02, decay: 12, sustainDB: 100, release: 0.15)
        z.lowpass(1400)
        z.vibrato(cents: 5, hertz: 5, delay: 0.5)
    }
    static let slapBass = Variant("Slap Bass") { z in
        z.volumeEnvelope(decay: 6, sustainDB: 100, release: 0.08)
        z.modulationEnvelope(decay: 0.08, sustain: 0)
        z.set(.modEnvToFilterFc, 2400)
        z.lowpass(2500, resonanceDB: 4)
    }
    static let synthBass2 = Variant("Synth Bass 2") { z in
        z.volumeEnvelope(attack: 0.005, decay: 2, sustainDB: 6, release: 0.12)
        z.lowpass(700, resonanceDB: 4)
        z.modulationEnvelope(attack: 0.01, decay: 0.6, sustain: 0.3)
        z.set(.modEnvToFilterFc, 2400)
    }

    // Strings and ensembles
    static let soloStrings = Variant("Solo Strings") { z in
        z.volumeEnvelope(attack: 0.07, release: 0.25)
        z.vibrato(cents: 10, hertz: 5.6, delay: 0.25)
        z.lowpass(6000)
        z.sends(reverb: 25)
    }
    static let tremoloStrings = Variant("Tremolo Strings") { z in
        z.volumeEnvelope(attack: 0.1, release: 0.35)
        z.tremolo(decibels: 8, hertz: 7)
        z.sends(reverb: 30)
    }
    static let pizzicato = Variant("Pizzicato") { z in
        z.volumeEnvelope(decay: 0.9, sustainDB: 100, release: 0.15)
        z.lowpass(3000)
        z.sends(reverb: 30)
    }
    static let harp = Variant("Harp") { z in
        z.volumeEnvelope(decay: 6, sustainDB: 100, release: 1.5)
        z.sends(reverb: 40)
    }
    static let slowStrings = Variant("Slow Strings") { z in
        z.volumeEnvelope(attack: 0.5, release: 0.7)
        z.sends(reverb: 35, chorus: 10)
    }
    static let synthStrings = Variant("Synth Strings") { z in
        z.volumeEnvelope(attack: 0.12, release: 0.5)
        z.lowpass(4000)
        z.sends(reverb: 30, chorus: 50)
    }
    static let synthStrings2 = Variant("Synth Strings 2") { z in z.volumeEnvelope(attack: 0.2, release: 0.6) }
    static let voiceOohs = Variant("Voice Oohs") { z in z.lowpass(900) }
    static let synthVoice = Variant("Synth Voice") { z in
        z.volumeEnvelope(attack: 0.08, release: 0.4)
        z.lowpass(2200)
        z.sends(reverb: 40, chorus: 60)
    }
    static let orchestraHit = Variant("Orch Hit Brass") { z in
        z.volumeEnvelope(attack: 0.003, decay: 2.5, sustainDB: 100, release: 0.3)
        z.sends(reverb: 40)
    }
    static let orchestraHitStrings = Variant("Orch Hit Strings") { z in
        z.volumeEnvelope(attack: 0.003, decay: 2.5, sustainDB: 100, release: 0.3)
        z.sends(reverb: 40)
    }

    // Brass and reeds
    static let trombone = Variant("Trombone") { z in
        z.lowpass(1800)
        z.set(.modEnvToFilterFc, 1500)
    }
    static let tuba = Variant("Tuba") { z in
        z.volumeEnvelope(attack: 0.05, release: 0.15)
        z.lowpass(900)
        z.set(.modEnvToFilterFc, 1200)
    }
    static let mutedTrumpet = Variant("Muted Trumpet") { z in z.lowpass(2000, resonanceDB: 9) }
    static let frenchHorn = Variant("French Horn") { z in
        z.volumeEnvelope(attack: 0.06, release: 0.2)
        z.lowpass(1100)
        z.set(.modEnvToFilterFc, 900)
        z.sends(reverb: 40)
    }
    static let synthBrass = Variant("Synth Brass") { z in
        z.volumeEnvelope(attack: 0.02, release: 0.2)
        z.lowpass(1200, resonanceDB: 4)
        z.modulationEnvelope(attack: 0.04, decay: 0.5, sustain: 0.35)
        z.set(.modEnvToFilterFc, 2400)
    }
    static let synthBrass2 = Variant("Synth Brass 2") { z in
        z.volumeEnvelope(attack: 0.03, release: 0.2)
        z.lowpass(1000, resonanceDB: 3)
        z.modulationEnvelope(attack: 0.08, decay: 0.6, sustain: 0.4)
        z.set(.modEnvToFilterFc, 2400)
    }
    static let sopranoSax = Variant("Soprano Sax") { z in z.lowpass(8000) }
    static let tenorSax = Variant("Tenor Sax") { z in z.lowpass(4000) }
    static let baritoneSax = Variant("Baritone Sax") { z in z.lowpass(2500) }
    static let oboe = Variant("Oboe") { z in
        z.lowpass(1800, resonanceDB: 10)
        z.vibrato(cents: 5, hertz: 5.5, delay: 0.4)
    }
    static let englishHorn = Variant("English Horn") { z in
        z.lowpass(1300, resonanceDB: 10)
        z.vibrato(cents: 5, hertz: 5.2, delay: 0.4)
    }
    static let bassoon = Variant("Bassoon") { z in
        z.lowpass(900, resonanceDB: 8)
        z.vibrato(cents: 4, hertz: 5, delay: 0.5)
    }
    static let clarinet = Variant("Clarinet") { z in
        z.volumeEnvelope(attack: 0.04, release: 0.1)
        z.lowpass(2400)
        z.sends(reverb: 20)
    }
    static let bagpipe = Variant("Bagpipe") { z in
        z.volumeEnvelope(attack: 0.05, release: 0.1)
        z.lowpass(3000, resonanceDB: 8)
        z.set(.vibLfoToPitch, 0)
    }

    // Pipes
    static let piccolo = Variant("Piccolo") { z in z.vibrato(cents: 6, hertz: 5.5, delay: 0.35) }
    static let recorder = Variant("Recorder") { z in
        z.volumeEnvelope(attack: 0.03, release: 0.08)
        z.set(.vibLfoToPitch, 0)
    }
    static let panFlute = Variant("Pan Flute") { z in
        z.volumeEnvelope(attack: 0.08, release: 0.25)
        z.sends(reverb: 40)
    }
    static let bottle = Variant("Blown Bottle") { z in
        z.volumeEnvelope(attack: 0.1, release: 0.15)
        z.lowpass(1500)
    }
    static let shakuhachi = Variant("Shakuhachi") { z in
        z.volumeEnvelope(attack: 0.1, release: 0.2)
        z.vibrato(cents: 12, hertz: 4.5, delay: 0.4)
        z.sends(reverb: 40)
    }
    static let whistle = Variant("Whistle") { z in
        z.lowpass(2500)
        z.vibrato(cents: 8, hertz: 6, delay: 0.2)
    }
    static let ocarina = Variant("Ocarina") { z in
        z.lowpass(1600)
        z.set(.vibLfoToPitch, 0)
    }

    // Synths
    static let calliope = Variant("Calliope") { z in
        z.volumeEnvelope(attack: 0.02, release: 0.1)
        z.vibrato(cents: 10, hertz: 6, delay: 0.1)
    }
    static let chiffLead = Variant("Chiff Lead") { z in
        z.volumeEnvelope(attack: 0.003, decay: 1.5, sustainDB: 6, release: 0.15)
        z.lowpass(3000)
    }
    static let charang = Variant("Charang") { z in
        z.volumeEnvelope(attack: 0.004, decay: 6, sustainDB: 20, release: 0.15)
        z.lowpass(3500, resonanceDB: 4)
    }
    static let voiceLead = Variant("Voice Lead") { z in
        z.volumeEnvelope(attack: 0.03, release: 0.25)
        z.vibrato(cents: 8, hertz: 5.5, delay: 0.2)
    }
    static let warmPad = Variant("Warm Pad") { z in
        z.volumeEnvelope(attack: 0.7, release: 1.5)
        z.lowpass(1100)
        z.sends(reverb: 50, chorus: 40)
    }
    static let polysynth = Variant("Polysynth") { z in
        z.volumeEnvelope(attack: 0.02, decay: 1.5, sustainDB: 6, release: 0.5)
        z.lowpass(2500, resonanceDB: 3)
        z.modulationEnvelope(attack: 0.01, decay: 0.8, sustain: 0.2)
        z.set(.modEnvToFilterFc, 1800)
        z.sends(reverb: 30, chorus: 40)
    }
    static let choirPad = Variant("Choir Pad") { z in
        z.volumeEnvelope(attack: 0.6, release: 1.5)
        z.sends(reverb: 60, chorus: 30)
    }
    static let bowedPad = Variant("Bowed Pad") { z in
        z.volumeEnvelope(attack: 0.7, release: 1.2)
        z.lowpass(2500)
        z.sends(reverb: 50, chorus: 30)
    }
    static let padBell = Variant("Pad Bell") { z in z.volumeEnvelope(decay: 4, sustainDB: 100, release: 1.5) }
    static let sweepPad = Variant("Sweep Pad") { z in
        z.volumeEnvelope(attack: 0.4, release: 1.5)
        z.lowpass(700, resonanceDB: 8)
        z.set(.modLfoToFilterFc, 2400)
        z.set(.freqModLFO, -2700)  // about 0.17 Hz
        z.sends(reverb: 50, chorus: 30)
    }
    static let rain = Variant("Rain") { z in
        z.volumeEnvelope(decay: 1.5, sustainDB: 100, release: 1)
        z.sends(reverb: 60)
    }
    static let soundtrack = Variant("Soundtrack") { z in
        z.volumeEnvelope(attack: 1.2, release: 2)
        z.sends(reverb: 70, chorus: 40)
    }
    static let brightness = Variant("Brightness") { z in
        z.volumeEnvelope(attack: 0.3, release: 1.2)
        z.sends(reverb: 50, chorus: 50)
    }
    static let goblins = Variant("Goblins") { z in
        z.volumeEnvelope(attack: 1.5, release: 2)
        z.vibrato(cents: 30, hertz: 0.7, delay: 0.5)
        z.lowpass(900, resonanceDB: 6)
    }
    static let echoes = Variant("Echoes") { z in
        z.volumeEnvelope(attack: 0.05, decay: 9, sustainDB: 100, release: 1.5)
        z.sends(reverb: 60, chorus: 40)
    }
    static let sciFi = Variant("Sci-Fi") { z in
        z.vibrato(cents: 50, hertz: 3, delay: 0.2)
        z.sends(reverb: 60)
    }

    // Ethnic and percussive
    static let sitar = Variant("Sitar") { z in
        z.volumeEnvelope(decay: 8, sustainDB: 100, release: 0.3)
        z.lowpass(3500, resonanceDB: 12)
    }
    static let banjo = Variant("Banjo") { z in z.volumeEnvelope(decay: 1.6, sustainDB: 100, release: 0.1) }
    static let shamisen = Variant("Shamisen") { z in
        z.volumeEnvelope(decay: 1.2, sustainDB: 100, release: 0.1)
        z.lowpass(4000, resonanceDB: 6)
    }
    static let koto = Variant("Koto") { z in
        z.volumeEnvelope(decay: 3.5, sustainDB: 100, release: 0.5)
        z.sends(reverb: 30)
    }
    static let kalimba = Variant("Kalimba") { z in z.volumeEnvelope(decay: 1.6, sustainDB: 100, release: 0.2) }
    static let agogo = Variant("Agogo") { z in z.volumeEnvelope(decay: 0.7, sustainDB: 100, release: 0.2) }
    static let steelDrums = Variant("Steel Drums") { z in
        z.volumeEnvelope(decay: 2, sustainDB: 100, release: 0.3)
        z.sends(reverb: 25)
    }
    static let woodblock = Variant("Woodblock") { z in z.volumeEnvelope(decay: 0.25, sustainDB: 100, release: 0.05) }
    static let taiko = Variant("Taiko") { z in
        z.volumeEnvelope(decay: 1.5, sustainDB: 100, release: 0.5)
        z.lowpass(1800)
    }
    static let melodicTom = Variant("Melodic Tom") { z in z.volumeEnvelope(decay: 1, sustainDB: 100, release: 0.3) }
    static let synthDrum = Variant("Synth Drum") { z in
        z.volumeEnvelope(decay: 0.8, sustainDB: 100, release: 0.2)
        z.modulationEnvelope(decay: 0.12, sustain: 0)
        z.set(.modEnvToPitch, 1200)
    }

    // Sound effects (on the noise voice unless noted)
    static let reverseCymbal = Variant("Reverse Cymbal") { z in
        z.volumeEnvelope(attack: 1.6, release: 0.05)
        z.set(.initialFilterFc, 13500)
    }
    static let fretNoise = Variant("Fret Noise") { z in
        z.volumeEnvelope(decay: 0.12, sustainDB: 100, release: 0.05)
        z.lowpass(3000, resonanceDB: 10)
    }
    static let breath = Variant("Breath") { z in
        z.volumeEnvelope(attack: 0.15, release: 0.3)
        z.lowpass(1800)
    }
    static let seashore = Variant("Seashore") { z in
        z.volumeEnvelope(attack: 1, release: 2)
        z.tremolo(decibels: 12, hertz: 0.15)
        z.lowpass(2500)
        z.sends(reverb: 50)
    }
    static let bird = Variant("Bird") { z in
        z.volumeEnvelope(attack: 0.02, release: 0.1)
        z.vibrato(cents: 80, hertz: 11, delay: 0)
    }
    static let telephone = Variant("Telephone") { z in
        z.volumeEnvelope(release: 0.1)
        z.tremolo(decibels: 30, hertz: 16)
    }
    static let helicopter = Variant("Helicopter") { z in
        z.volumeEnvelope(attack: 0.5, release: 1)
        z.lowpass(600)
        z.tremolo(decibels: 20, hertz: 11)
    }
    static let applause = Variant("Applause") { z in
        z.volumeEnvelope(attack: 0.4, release: 1.2)
        z.tremolo(decibels: 4, hertz: 9)
        z.lowpass(5000)
        z.sends(reverb: 40)
    }
    static let gunshot = Variant("Gunshot") { z in
        z.volumeEnvelope(decay: 0.35, sustainDB: 100, release: 0.3)
        z.sends(reverb: 60)
    }
}
