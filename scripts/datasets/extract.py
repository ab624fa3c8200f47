"""music21 scores → plain, picklable note lists (a Piece) that the renderers work from.

Times are in quarter notes (floats) from the start of the first full bar's grid: a pickup is shifted right so
that bar lines fall on multiples of the bar length, as the MIDI files will have them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

Note = tuple[float, float, int]  # start, duration (quarter notes), MIDI pitch


class SkipPiece(Exception):
    """A source piece the builder cannot use; the message says why (it goes into the summary)."""


@dataclass
class Piece:
    id: str
    collection: str
    title: str
    meters: list[tuple[float, int, int]]          # (start, numerator, denominator), first at 0
    tempos: list[tuple[float, float]]             # (start, quarter-note bpm); empty: the renderer picks one
    melody: list[Note]
    voices: list[tuple[str, list[Note]]] = field(default_factory=list)  # accompaniment parts, top to bottom
    harmony: list[tuple[float, float, list[float]]] = field(default_factory=list)  # chordify: (start, dur, weights per pc)
    key_sharps: int = 0
    key_mode: str = "major"
    tonic: int = 0                                 # pitch class
    length: float = 0.0                            # whole bars

    @property
    def meter(self) -> tuple[int, int]:
        return self.meters[0][1], self.meters[0][2]

    @property
    def bar_length(self) -> float:
        num, den = self.meter
        return num * 4 / den

    def signature(self) -> tuple:
        """The melody's first intervals, transposition-free: pieces that share a tune share this (the same
        chorale melody harmonised twice, the same reel in both collections)."""
        pitches = []
        for _, _, p in self.melody:
            if not pitches or pitches[-1] != p:
                pitches.append(p)
        return tuple(b - a for a, b in zip(pitches, pitches[1:]))[:12]


def skyline(notes: list[Note]) -> list[Note]:
    """A monophonic line: the highest note at each onset, each cut where the next kept one starts."""
    out: list[Note] = []
    for start, dur, pitch in sorted(notes, key=lambda n: (n[0], -n[2])):
        if out and abs(out[-1][0] - start) < 1e-6:
            continue
        if out and out[-1][0] + out[-1][1] > start:
            s, _, p = out[-1]
            out[-1] = (s, start - s, p)
        out.append((start, dur, pitch))
    return [n for n in out if n[1] > 1e-6]


def part_notes(part, shift: float) -> list[Note]:
    """Every sounding note of a part: tied notes merged, chords expanded, grace notes and chord symbols left out.
    (Ties are followed here rather than with music21's stripTies, which deep-copies the part and takes minutes
    on a long quartet movement.)"""
    from music21 import chord, harmony, note
    notes: list[Note] = []
    open_ties: dict[int, int] = {}  # MIDI pitch → index of the note a tie continues
    for el in part.flatten().notes:
        dur = float(el.duration.quarterLength)
        if dur <= 0 or isinstance(el, harmony.Harmony):
            continue
        start = float(el.offset) + shift
        members = [el] if isinstance(el, note.Note) else list(el.notes) if isinstance(el, chord.Chord) else []
        for n in members:
            tied = n.tie if n.tie is not None else el.tie  # a chord's tie may sit on the chord only
            midi, tie = n.pitch.midi, (tied.type if tied is not None else None)
            if not 0 <= midi <= 127:
                continue
            if tie in ("stop", "continue") and midi in open_ties:
                i = open_ties[midi]
                s0, _, _ = notes[i]
                notes[i] = (s0, start + dur - s0, midi)
                if tie == "stop":
                    del open_ties[midi]
                continue
            notes.append((start, dur, midi))
            if tie in ("start", "continue"):
                open_ties[midi] = len(notes) - 1
            else:
                open_ties.pop(midi, None)
    return notes


def pickup_shift(part, bar_length: float) -> float:
    """How far to move everything right so that a pickup bar becomes the end of a full first bar."""
    measures = part.getElementsByClass("Measure")
    if not measures:
        return 0.0
    first = float(measures[0].duration.quarterLength)
    return bar_length - first if 0 < first < bar_length - 1e-6 else 0.0


def meters_of(part, shift: float) -> list[tuple[float, int, int]]:
    out = []
    for ts in part.flatten().getElementsByClass("TimeSignature"):
        start = 0.0 if not out else float(ts.offset) + shift
        if out and (out[-1][1], out[-1][2]) == (ts.numerator, ts.denominator):
            continue
        out.append((start, ts.numerator, ts.denominator))
    if not out:
        raise SkipPiece("no time signature")
    return out


def tempos_of(score, shift: float) -> list[tuple[float, float]]:
    """Tempo marks the score states (a number, or a word music21 knows such as Allegro); music21's own default
    of 120 for scores without one is not a tempo the composer gave, so it is dropped."""
    from music21 import tempo
    out = []
    for mm in score.flatten().getElementsByClass(tempo.MetronomeMark):
        if mm.number is None and mm.numberSounding is None:
            continue
        bpm = float(mm.getQuarterBPM() or 0)
        if 20 <= bpm <= 300:
            start = 0.0 if not out else float(mm.offset) + shift
            out.append((start, bpm))
    return out


def key_of(score) -> tuple[int, str, int]:
    """Key signature sharps (flats negative), mode and tonic pitch class: the declared key when there is one,
    else music21's key analysis."""
    from music21 import key
    sigs = score.flatten().getElementsByClass(key.KeySignature)
    k = sigs[0] if sigs else None
    if isinstance(k, key.Key):
        return k.sharps, k.mode, k.tonic.pitchClass
    analysed = score.analyze("key")
    sharps = k.sharps if k is not None else analysed.sharps
    return sharps, analysed.mode, analysed.tonic.pitchClass


def chordify_weights(score, shift: float) -> list[tuple[float, float, list[float]]]:
    """The score's real harmony as pitch-class weights of each chordified slice; the lowest note weighs double,
    since the bass names the chord root more often than any other voice."""
    out = []
    for c in score.chordify().flatten().getElementsByClass("Chord"):
        dur = float(c.duration.quarterLength)
        if dur <= 0 or not c.pitches:
            continue
        w = [0.0] * 12
        for p in c.pitches:
            w[p.pitchClass] += 1.0
        w[min(c.pitches, key=lambda p: p.midi).pitchClass] += 1.0
        out.append((float(c.offset) + shift, dur, w))
    return out


def finish(piece: Piece) -> Piece:
    end = max((s + d for s, d, _ in piece.melody), default=0.0)
    for _, notes in piece.voices:
        end = max(end, max((s + d for s, d, _ in notes), default=0.0))
    bar = piece.bar_length
    piece.length = max(bar, -(-round(end, 6) // bar) * bar) if len(piece.meters) == 1 else end
    if len(piece.melody) < 8:
        raise SkipPiece(f"melody has only {len(piece.melody)} notes")
    return piece
