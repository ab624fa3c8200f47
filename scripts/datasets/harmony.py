"""Chord symbols for mma: the chorales' own harmony per beat, and a simple harmoniser for folk melodies.

A chord is (root pitch class, quality); `name` spells it the way mma reads it (C, F#m, Bb7, Ebmaj7, Bm7b5, ...).
"""
from __future__ import annotations

from extract import Piece

ROOTS_SHARP = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
ROOTS_FLAT = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]

# Quality → intervals above the root, and a small cost that keeps plain triads first when the evidence is even.
QUALITIES = {
    "": ((0, 4, 7), 0.0),
    "m": ((0, 3, 7), 0.0),
    "dim": ((0, 3, 6), 0.15),
    "aug": ((0, 4, 8), 0.3),
    "7": ((0, 4, 7, 10), 0.1),
    "maj7": ((0, 4, 7, 11), 0.15),
    "m7": ((0, 3, 7, 10), 0.1),
    "m7b5": ((0, 3, 6, 10), 0.15),
    "dim7": ((0, 3, 6, 9), 0.2),
    "sus4": ((0, 5, 7), 0.25),
}

Chord = tuple[int, str]


def name(chord: Chord, key_sharps: int) -> str:
    root, quality = chord
    return (ROOTS_FLAT if key_sharps < 0 else ROOTS_SHARP)[root] + quality


def recognise(weights: list[float], previous: Chord | None = None) -> Chord | None:
    """The chord that best explains pitch-class weights: notes in the chord count for it, notes outside it
    against it, a chord whose root is missing is unlikely, and keeping the previous chord gets a small bonus."""
    total = sum(weights)
    if total <= 0:
        return None
    best, best_score = None, float("-inf")
    for root in range(12):
        if weights[root] <= 0:
            continue
        for quality, (intervals, cost) in QUALITIES.items():
            pcs = {(root + i) % 12 for i in intervals}
            if any(weights[pc] <= 0 for pc in pcs if (pc - root) % 12 not in (0, 7)) and len(intervals) == 4:
                continue  # a seventh chord needs its third and seventh actually sounding
            inside = sum(weights[pc] for pc in pcs)
            outside = total - inside
            score = (inside - 0.6 * outside) / total - cost
            if (root, quality) == previous:
                score += 0.05
            if score > best_score:
                best, best_score = (root, quality), score
    return best


def chorale_chords(piece: Piece, slot: float = 1.0) -> list[tuple[float, Chord]]:
    """The chorale's chord on every beat (`slot` quarter notes), from its chordified harmony."""
    slots = int(round(piece.length / slot))
    weights = [[0.0] * 12 for _ in range(slots)]
    for start, dur, w in piece.harmony:
        first, last = int(start // slot), int(min(slots - 1, (start + dur - 1e-6) // slot))
        for k in range(max(first, 0), last + 1):
            overlap = min(start + dur, (k + 1) * slot) - max(start, k * slot)
            # the slice sounding at the beat's onset matters most (later ones are often passing notes)
            onset = 1.5 if start <= k * slot + 1e-6 else 1.0
            for pc in range(12):
                weights[k][pc] += w[pc] * overlap * onset
    return smooth([(k * slot, w) for k, w in enumerate(weights)])


def smooth(slots: list[tuple[float, list[float]]]) -> list[tuple[float, Chord]]:
    """Chords per slot; a silent slot holds the chord before it (the first ones take the first chord found)."""
    out: list[tuple[float, Chord]] = []
    previous = None
    for start, w in slots:
        chord = recognise(w, previous) or previous
        out.append((start, chord))
        previous = chord
    first = next((c for _, c in out if c is not None), (0, ""))
    return [(s, c if c is not None else first) for s, c in out]


# Triads built on each step of a seven-note scale (steps as semitones above the tonic of the mode).
MODES = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "aeolian": (0, 2, 3, 5, 7, 8, 10),
    "locrian": (0, 1, 3, 5, 6, 8, 10),
}


def diatonic_triads(tonic: int, mode: str) -> list[tuple[Chord, float]]:
    """The key's major and minor triads with a prior: tonic first, then the other primary chords (IV, V, and
    the modes' characteristic bVII/IV), then the secondary ones. Minor keys also get the major V (harmonic
    minor), which folk tunes with a raised leading note need."""
    steps = MODES.get(mode, MODES["major"])
    out = []
    for degree in range(7):
        root = steps[degree]
        third = (steps[(degree + 2) % 7] - root) % 12
        fifth = (steps[(degree + 4) % 7] - root) % 12
        if fifth != 7:
            continue  # diminished triads make poor folk accompaniment
        quality = "" if third == 4 else "m"
        prior = 0.2 if degree == 0 else 0.1 if degree in (3, 4, 6) else 0.0
        out.append((((tonic + root) % 12, quality), prior))
    if mode in ("minor", "aeolian"):
        out.append((((tonic + 7) % 12, ""), 0.05))
    return out


def harmonise(piece: Piece, slot: float) -> list[tuple[float, Chord]]:
    """A chord every `slot` quarter notes from the melody alone: the key's triad that holds most of the slot's
    melody (notes on the slot's beats weigh more), with a preference for the primary chords and for keeping the
    chord, and the tonic at the end."""
    triads = diatonic_triads(piece.tonic, piece.key_mode)
    slots = int(round(piece.length / slot))
    weights = [[0.0] * 12 for _ in range(slots)]
    for start, dur, pitch in piece.melody:
        _add_note(weights, start, dur, pitch % 12, slot)
    out: list[tuple[float, Chord]] = []
    previous = None
    for k, w in enumerate(weights):
        total = sum(w)
        if total <= 0:
            out.append((k * slot, previous or triads[0][0]))
            continue
        def score(entry):
            (root, quality), prior = entry
            pcs = {(root + i) % 12 for i in QUALITIES[quality][0]}
            fit = (sum(w[pc] for pc in pcs) - 0.5 * (total - sum(w[pc] for pc in pcs))) / total
            return fit + prior + (0.1 if (root, quality) == previous else 0.0)
        previous = max(triads, key=score)[0]
        out.append((k * slot, previous))
    # The slot of the last melody note and any after it: the tonic, as tunes end.
    final = (max(s for s, _, _ in piece.melody) // slot) * slot
    return [(s, triads[0][0]) if s >= final - 1e-6 else (s, c) for s, c in out]


def _add_note(weights: list[list[float]], start: float, dur: float, pc: int, slot: float) -> None:
    for k in range(int(start // slot), min(len(weights), int((start + dur - 1e-6) // slot) + 1)):
        overlap = min(start + dur, (k + 1) * slot) - max(start, k * slot)
        accent = 2.0 if abs(start - k * slot) < 1e-6 else 1.0
        weights[k][pc] += overlap * (accent if start >= k * slot else 1.0)


def folk_slot(piece: Piece) -> float:
    """Chord rhythm for a folk tune: half bars in 4/4 and 6/8 (two beats, one dotted quarter), a bar in 3/4."""
    num, den = piece.meter
    return {(4, 4): 2.0, (6, 8): 1.5, (3, 4): 3.0}[(num, den)]

