/// What a key asks the studio to do (the key map turns key presses into these).
public enum StudioCommand: Hashable, Sendable {
    case playStop, record, generate, nextGenre, previousGenre, switchGenerator
    case export, open, save, undo, redo, help, quit, interrupt, redraw
    case moveCursor(steps: Int, semitones: Int)
    case octave(Int), velocity(Int)
    case addNote, deleteNote, lengthenNote, shortenNote
    case moveNote(steps: Int, semitones: Int)
    case clearMelody, trim
    case previousTake, nextTake
    case tempo(Int), metronome, quantizeSetting, loopMode, loopStart, loopEnd, songLength
    case zoom(Int)
    case selectTrack(Int), mute, solo, volume(Int), instrument(Int)
}
