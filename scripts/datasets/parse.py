"""Parse one source piece (chorale, quartet movement, folk tune) into a Piece, or say why it cannot be used."""
from __future__ import annotations

from extract import (Piece, SkipPiece, chordify_weights, finish, key_of, meters_of, part_notes, pickup_shift,
                     skyline, tempos_of)
from sources import Source

CHORALE_VOICES = ("soprano", "alto", "tenor", "bass")


def load(source: Source) -> Piece:
    from music21 import corpus
    try:
        parsed = corpus.parse(source.path, number=source.number) if source.number is not None \
            else corpus.parse(source.path)
    except Exception as e:  # music21 raises many kinds for badly formed files
        raise SkipPiece(f"music21 cannot parse it: {type(e).__name__}: {str(e).splitlines()[0][:120] if str(e) else ''}")
    loader = {"chorales": chorale, "quartets": quartet}.get(source.collection, folk_tune)
    return loader(source, parsed)


def named_parts(score, names) -> list:
    """The parts whose names start with each of `names`, in that order (the first match each)."""
    found = []
    for name in names:
        match = next((p for p in score.parts if (p.partName or "").strip().lower().startswith(name)), None)
        if match is None:
            raise SkipPiece(f"no {name} part (parts: {', '.join(p.partName or '?' for p in score.parts)})")
        found.append(match)
    return found


def base(source: Source, score, first_part) -> tuple[Piece, float]:
    ts = first_part.flatten().getElementsByClass("TimeSignature")
    if not ts:
        raise SkipPiece("no time signature")
    bar = ts[0].numerator * 4 / ts[0].denominator
    shift = pickup_shift(first_part, bar)
    sharps, mode, tonic = key_of(score)
    title = _title(score, source)
    piece = Piece(source.id, source.collection, title, meters_of(first_part, shift), tempos_of(score, shift), [],
                  key_sharps=sharps, key_mode=mode, tonic=tonic)
    return piece, shift


def chorale(source: Source, score) -> Piece:
    """Soprano = melody; alto, tenor, bass = accompaniment; chordify = the chords per beat for mma."""
    parts = named_parts(score, CHORALE_VOICES)
    piece, shift = base(source, score, parts[0])
    if len(piece.meters) > 1:
        raise SkipPiece("meter changes inside the chorale")
    piece.melody = skyline(part_notes(parts[0], shift))
    piece.voices = [(name.capitalize(), part_notes(p, shift)) for name, p in zip(CHORALE_VOICES[1:], parts[1:])]
    from music21 import stream
    satb = stream.Score(list(parts))
    piece.harmony = chordify_weights(satb, shift)
    piece.tempos = []  # chorale files carry no tempo of their own (music21 reports its default)
    return finish(piece)


def quartet(source: Source, score) -> Piece:
    """Violin I = melody; violin II, viola, cello = accompaniment. Only real four-part string scores."""
    if len(score.parts) != 4:
        raise SkipPiece(f"{len(score.parts)} parts, not a string quartet")
    piece, shift = base(source, score, score.parts[0])
    piece.melody = skyline(part_notes(score.parts[0], shift))
    names = ("Violin II", "Viola", "Cello")
    piece.voices = [(n, part_notes(p, shift)) for n, p in zip(names, score.parts[1:])]
    return finish(piece)


def folk_tune(source: Source, score) -> Piece:
    """A one-line fiddle tune; its chords come later from the harmoniser."""
    part = score.parts[0] if score.parts else score
    piece, shift = base(source, score, part)
    num, den = source.meter
    piece.meters = [(0.0, num, den)]  # cut time is written as 4/4 (same bar length)
    bar = num * 4 / den
    if abs(bar - _declared_bar(part)) > 1e-6:
        raise SkipPiece("meter in the file differs from its header")
    piece.melody = skyline(part_notes(part, shift))
    off_grid = _off_grid_bars(part, shift, bar)
    if off_grid:
        raise SkipPiece(f"{off_grid} bars off the meter's grid (irregular bar lengths)")
    piece.tempos = []
    return finish(piece)


def _declared_bar(part) -> float:
    ts = part.flatten().getElementsByClass("TimeSignature")[0]
    return ts.numerator * 4 / ts.denominator


def _off_grid_bars(part, shift: float, bar: float) -> int:
    """How many full bars start off the bar grid. Short bars (a pickup after a repeat, the bar before it that
    makes up for it) are fine; a tune whose full bars drift would put every chord in the wrong place."""
    count = 0
    for m in part.getElementsByClass("Measure")[1:]:
        if abs(float(m.duration.quarterLength) - bar) > 1e-6:
            continue
        position = (float(m.offset) + shift) / bar
        if abs(position - round(position)) > 1e-6:
            count += 1
    return count


def _title(score, source: Source) -> str:
    """The piece's title; music21 gives a chorale's file name as its title, which says nothing."""
    md = score.metadata
    for candidate in (md.title, md.movementName) if md else ():
        if candidate and not str(candidate).lower().endswith((".mxl", ".krn", ".xml")):
            return str(candidate)
    return source.title or source.id
