#!/usr/bin/env python3
"""Writes multi-track band MIDI files (melody, bass, piano chords, drums, sometimes strings) for dataset tests and
benchmarks, standard library only.

    make-band-midi.py OUT_DIR [COUNT] [--seed=N] [--bars=MIN-MAX]

Files cycle through 4/4, 3/4 and 6/8, 6 to 24 bars by default; every fifth is format 0 (all parts in one track chunk)."""
import os, random, struct, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "e2e"))
from smf import chunk, notes, vlq  # noqa: E402  (the e2e scripts' standard-library MIDI writer)


def name(text):
    return [(0, b"\xff\x03" + vlq(len(text)) + text.encode())]

def band(rng, numerator, denominator, bars, tpq=480):
    bar = numerator * tpq * 4 // denominator
    beat = tpq * 3 // 2 if denominator == 8 else tpq
    scale = [0, 2, 4, 5, 7, 9, 11, 12]
    tonic = rng.choice([57, 60, 62, 65, 67])
    meter = [(0, b"\xff\x58\x04" + bytes([numerator, denominator.bit_length() - 1, 24, 8]))]
    tempo = [(0, b"\xff\x51\x03" + (rng.choice([400000, 500000, 600000])).to_bytes(3, "big"))]
    melody, t, step = [], 0, 0
    while t < bars * bar:
        length = rng.choice([beat // 2, beat // 2, beat, beat * 2]) if denominator == 4 else rng.choice([tpq // 2, tpq])
        length = min(length, bars * bar - t)
        step = max(0, min(7, step + rng.choice([-2, -1, 1, 1, 2])))
        melody.append((t, length - 10, tonic + 12 + scale[step], 96)); t += length
    progression = [rng.choice([0, 5, 7, 9]) for _ in range(bars)]
    bass = [(b * bar + k * beat, beat - 20, tonic - 24 + progression[b], 100) for b in range(bars) for k in range(bar // beat)]
    chords = [(b * bar, bar - 20, tonic + progression[b] + i, 70) for b in range(bars) for i in (0, 4, 7)]
    drums = [(i * (beat // 2), 60, [36, 42, 38, 42][i % 4], 100) for i in range(bars * bar // (beat // 2))]
    strings = [(b * bar, bar, tonic + 12 + progression[b], 60) for b in range(bars)]
    parts = [(0, 73, "Melody", melody), (1, 33, "Bass", bass), (2, 0, "Piano", chords), (9, None, "Drums", drums)]
    if rng.random() < 0.5:
        parts.append((3, 48, "Strings", strings))
    return meter + tempo, parts

def smf(conductor, parts, format0, tpq=480):
    tracks = []
    for channel, program, title, items in parts:
        ev = notes(channel, items) + ([(0, bytes([0xC0 | channel, program]))] if program is not None else [])
        tracks.append((title, ev))
    if format0:
        body = chunk(conductor + [e for _, ev in tracks for e in ev])
        return b"MThd" + struct.pack(">IHHH", 6, 0, 1, tpq) + body
    chunks = [chunk(conductor)] + [chunk(name(title) + ev) for title, ev in tracks]
    return b"MThd" + struct.pack(">IHHH", 6, 1, len(chunks), tpq) + b"".join(chunks)

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    seed = int(next((a.split("=")[1] for a in sys.argv[1:] if a.startswith("--seed=")), "1"))
    low, high = map(int, next((a.split("=")[1] for a in sys.argv[1:] if a.startswith("--bars=")), "6-24").split("-"))
    out, count = args[0], int(args[1]) if len(args) > 1 else 6
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    meters = [(4, 4), (3, 4), (6, 8)]
    for i in range(count):
        numerator, denominator = meters[i % 3]
        conductor, parts = band(rng, numerator, denominator, rng.randint(low, high))
        path = os.path.join(out, f"band{i:04d}-{numerator}-{denominator}.mid")
        with open(path, "wb") as f:
            f.write(smf(conductor, parts, format0=(i % 5 == 4)))

main()
