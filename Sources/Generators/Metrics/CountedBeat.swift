import MusicCore

extension PianoRollLayout {
    /// Steps in one counted beat of the meter, the window for per-beat chroma (tonal distance).
    ///
    /// Simple meters count the denominator's note (3/4 and 4/4 → a quarter, 2/2 → a half, 5/8 → an eighth);
    /// compound meters (6/8, 9/8, 12/8, 6/16, …: numerator a multiple of 3 above 3, denominator 8 or shorter)
    /// count a dotted note of three of them (6/8 → a dotted quarter). When that beat is not a whole number of
    /// steps or does not divide the bar, the quarter note is used if it divides the bar, else the whole bar.
    public var countedBeatSteps: Int {
        let bar = stepsPerBar
        let unitTimesFour = stepsPerBeat * 4          // steps of a whole note
        let compound = beatsPerBar > 3 && beatsPerBar % 3 == 0 && beatUnit >= 8
        let notesPerBeat = compound ? 3 : 1
        if unitTimesFour % beatUnit == 0 {
            let beat = unitTimesFour / beatUnit * notesPerBeat
            if beat > 0 && bar % beat == 0 { return beat }
        }
        return bar % stepsPerBeat == 0 ? stepsPerBeat : bar
    }
}
