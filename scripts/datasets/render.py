"""One output file per source piece and genre: an orchestral voicing (symphony) or an mma band rendering with
the melody on its own track (rock, pop, jazz)."""
from __future__ import annotations

import os
import random
from dataclasses import dataclass

import grooves
import harmony
import midiwrite
from extract import Piece

DRUM_CHANNEL = 9

# Symphony: the melody on a woodwind or the violins, the other voices on strings, brass and contrabass.
# Woodwinds only ever carry the melody: Ensemble's role mapping reads reed and pipe programs as melody.
# The last voice is tagged as the bass role (see symphony()).
CHORALE_VOICINGS = [
    ("oboe, strings", 68, [("Violins", 40), ("Violas", 41), ("Contrabasses", 43)]),
    ("flute, brass", 73, [("Horns", 60), ("Trombones", 57), ("Contrabasses", 43)]),
    ("violins, strings", 40, [("Strings", 48), ("Cellos", 42), ("Contrabasses", 43)]),
    ("clarinet, violas, horns", 71, [("Violas", 41), ("Horns", 60), ("Contrabasses", 43)]),
]
QUARTET_VOICINGS = [
    ("strings", 40, [("Violins II", 40), ("Violas", 41), ("Cellos and basses", 43)]),
    ("strings, horns", 40, [("Horns", 60), ("Violas", 41), ("Cellos and basses", 43)]),
    ("strings section", 40, [("Strings", 48), ("Violas", 41), ("Cellos and basses", 43)]),
    ("strings, brass", 40, [("Violins II", 40), ("Brass", 61), ("Cellos and basses", 43)]),
]
MELODY_VELOCITY, ACCOMPANIMENT_VELOCITY = 96, 76


@dataclass
class Result:
    """One written file, for the manifest and the summary."""
    path: str
    genre: str
    split: str
    piece: str
    collection: str
    meter: str
    bpm: int
    style: str
    bars: int


def rng_for(seed: int, genre: str, piece: Piece) -> random.Random:
    """Every choice for a file depends only on the seed, the genre and the piece: builds are reproducible in
    any order and with any number of workers."""
    return random.Random(f"{seed}:{genre}:{piece.id}")


def out_path(out: str, genre: str, heldout: bool, piece: Piece) -> str:
    return os.path.join(out, "heldout", genre, piece.id + ".mid") if heldout else \
        os.path.join(out, genre, piece.id + ".mid")


def symphony(piece: Piece, out: str, heldout: bool, seed: int) -> Result:
    rng = rng_for(seed, "symphony", piece)
    voicings = CHORALE_VOICINGS if piece.collection == "chorales" else QUARTET_VOICINGS
    style, melody_program, parts = rng.choice(voicings)
    tempos = piece.tempos or [(0.0, float(rng.randint(66, 92) if piece.collection == "chorales" else 104))]
    tracks = [midiwrite.conductor(piece.title, piece.meters, tempos, piece.key_sharps, piece.key_mode),
              midiwrite.note_track(midiwrite.MELODY, melody_program, 0, piece.melody, MELODY_VELOCITY)]
    for channel, ((name, program), (_, notes)) in enumerate(zip(parts, piece.voices), start=1):
        # The lowest voice is the bass line whatever plays it: tagged so, it trains the bass role.
        role = "bass" if channel == len(parts) else None
        tracks.append(midiwrite.note_track(name, program, channel, notes, ACCOMPANIMENT_VELOCITY, role))
    path = out_path(out, "symphony", heldout, piece)
    midiwrite.save(path, tracks)
    num, den = piece.meter
    return Result(path, "symphony", "heldout" if heldout else "train", piece.id, piece.collection,
                  f"{num}/{den}" + ("+" if len(piece.meters) > 1 else ""), int(round(tempos[0][1])), style,
                  int(round(piece.length / piece.bar_length)))


def chords_for(piece: Piece) -> list:
    """The chorales' own chords on every beat; a folk tune's from the harmoniser."""
    if piece.collection == "chorales":
        return harmony.chorale_chords(piece, 1.0)
    return harmony.harmonise(piece, harmony.folk_slot(piece))


def band(piece: Piece, genre: str, out: str, heldout: bool, seed: int, workdir: str, chords: list) -> Result:
    rng = rng_for(seed, genre, piece)
    groove = grooves.choose(genre, piece.meter, rng)
    bpm = rng.randint(*groove.tempo)
    melody_program = rng.choice(grooves.MELODY_PROGRAMS[genre])
    first_note = min(s for s, _, _ in piece.melody)
    text, _ = grooves.chart(groove, chords, piece.length, piece.key_sharps, rng.randint(1, 999_999),
                            silent_until=first_note)
    rendered = grooves.render(text, workdir, f"{genre}-{piece.id}")
    accompaniment, channels = midiwrite.accompaniment(rendered, groove.scale, piece.length)
    os.remove(rendered)
    os.remove(rendered[:-4] + ".mma")
    check_roles(accompaniment, groove.name)
    melody_channel = next(c for c in range(16) if c not in channels and c != DRUM_CHANNEL)
    num, den = piece.meter
    tracks = [midiwrite.conductor(piece.title, [(0.0, num, den)], [(0.0, float(bpm))], piece.key_sharps,
                                  piece.key_mode),
              midiwrite.note_track(midiwrite.MELODY, melody_program, melody_channel, piece.melody, MELODY_VELOCITY)]
    path = out_path(out, genre, heldout, piece)
    midiwrite.save(path, tracks + accompaniment)
    return Result(path, genre, "heldout" if heldout else "train", piece.id, piece.collection, f"{num}/{den}", bpm,
                  groove.name, int(round(piece.length / piece.bar_length)))


def check_roles(tracks, groove: str) -> None:
    """The conventions the importer relies on: drums on channel 10, a bass on a GM bass program, and no
    accompaniment on a melody-family program (reed, pipe, synth lead)."""
    programs, drums = [], False
    for track in tracks:
        for msg in track:
            if msg.type == "program_change" and msg.channel != DRUM_CHANNEL:
                programs.append(msg.program)
            if msg.type == "note_on" and msg.channel == DRUM_CHANNEL:
                drums = True
    if not drums:
        raise RuntimeError(f"groove {groove}: no drums on channel 10")
    if not any(32 <= p <= 39 for p in programs):
        raise RuntimeError(f"groove {groove}: no bass on a GM bass program")
    if any(64 <= p <= 87 for p in programs):
        raise RuntimeError(f"groove {groove}: an accompaniment track on a melody-family program")
