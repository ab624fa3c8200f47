#!/usr/bin/env python3
"""Builds Ensemble's genre training data: per-genre folders of MIDI files under data/midi/.

    symphony  Bach chorales (soprano = melody) and string-quartet movements (violin I = melody), voiced for
              orchestra.
    rock, pop, jazz
              chorale sopranos with the chorales' own chords per beat, and public-domain fiddle tunes
              (O'Neill's 1850, Ryan's Mammoth 1883) with chords from our harmoniser, rendered by mma in
              several grooves per genre; the melody stays on its own track named "Melody".

A tenth of the melodies (whole tunes: every harmonisation of the same chorale melody goes the same way) and of the
quartet movements is held out into data/midi/heldout/<genre>/ for checking models on melodies they never saw.
Every choice depends only on --seed, so a build is reproducible. See docs/datasets.md.

Run with the project venv (make datasets does): .venv/bin/python scripts/datasets/build_genres.py
"""
from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import grooves  # noqa: E402
import parse  # noqa: E402
import render  # noqa: E402
import sources  # noqa: E402
from extract import SkipPiece  # noqa: E402

GENRES = ("symphony", "rock", "pop", "jazz")
BAND_GENRES = ("rock", "pop", "jazz")


def arguments(argv):
    p = argparse.ArgumentParser(description="Build per-genre MIDI training data under data/midi/.")
    p.add_argument("--out", default="data/midi", help="output folder (default: data/midi)")
    p.add_argument("--seed", type=int, default=8, help="seed for every choice (default: 8)")
    p.add_argument("--folk", type=int, default=360,
                   help="fiddle tunes to use from O'Neill's and Ryan's together, spread over 4/4, 3/4 and 6/8 "
                        "(default: 360)")
    p.add_argument("--limit", type=int, default=None,
                   help="quick mode: at most this many pieces from each collection (chorales, quartets, O'Neill's, Ryan's)")
    p.add_argument("--heldout", type=float, default=0.1, help="fraction of tunes held out (default: 0.1)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    p.add_argument("--genres", default=",".join(GENRES), help="comma-separated subset of " + ", ".join(GENRES))
    args = p.parse_args(argv)
    args.genres = [g.strip() for g in args.genres.split(",") if g.strip()]
    unknown = [g for g in args.genres if g not in GENRES]
    if unknown:
        p.error(f"unknown genre {unknown[0]!r}: choose from {', '.join(GENRES)}")
    if args.jobs < 1 or not 0 <= args.heldout < 1 or args.folk < 0 or (args.limit is not None and args.limit < 1):
        p.error("--jobs and --limit must be at least 1, --folk at least 0, --heldout in [0, 1)")
    return args


def plan(args) -> list[sources.Source]:
    root = sources.corpus_root()
    chosen = []
    band = any(g in BAND_GENRES for g in args.genres)
    if "symphony" in args.genres or band:
        chorales = sources.chorales(root)
        chosen += sources.pick(chorales, args.limit, args.seed, "chorales")
    if "symphony" in args.genres:
        chosen += sources.pick(sources.quartets(root), args.limit, args.seed, "quartets")
    if band:
        folk = sources.folk(root)
        if args.limit is None:
            chosen += sources.pick(folk, args.folk, args.seed, "folk")
        else:  # quick mode: each book is a collection of its own
            for book in ("oneills", "ryans"):
                chosen += sources.pick([s for s in folk if s.collection == book], min(args.folk, args.limit),
                                       args.seed, "folk")
    return chosen


def load(source):
    try:
        return source, parse.load(source)
    except SkipPiece as e:
        return source, str(e)


def hold_out(pieces, fraction: float, seed: int) -> set[str]:
    """Ids of the held-out pieces: whole tunes (pieces sharing a melody signature go together), about
    `fraction` of each collection, chosen by the seed."""
    held = set()
    by_collection = collections.defaultdict(list)
    for p in pieces:
        by_collection["folk" if p.collection in ("oneills", "ryans") else p.collection].append(p)
    for name, group in sorted(by_collection.items()):
        tunes = collections.defaultdict(list)
        for p in group:
            tunes[p.signature() if p.collection != "quartets" else p.id].append(p.id)
        keys = sorted(tunes)
        random.Random(f"{seed}:heldout:{name}").shuffle(keys)
        target = round(fraction * len(group)) if len(group) >= 10 else (1 if fraction > 0 and len(group) > 1 else 0)
        count = 0
        for k in keys:
            if count >= target:
                break
            held.update(tunes[k])
            count += len(tunes[k])
    return held


def render_task(task):
    kind, piece, genre, out, heldout, seed, workdir = task
    try:
        if genre == "symphony":
            return [render.symphony(piece, out, heldout, seed)], []
        chords = render.chords_for(piece)
        return [render.band(piece, genre, out, heldout, seed, workdir, chords)], []
    except Exception as e:  # a failed file is reported, never fatal for the build
        return [], [(piece.id, genre, f"{type(e).__name__}: {e}")]


def run_pool(function, tasks, jobs):
    if jobs == 1:
        yield from map(function, tasks)
        return
    with multiprocessing.Pool(jobs) as pool:
        yield from pool.imap_unordered(function, tasks, chunksize=1)


def main(argv=None) -> int:
    args = arguments(argv)
    started = time.monotonic()
    if any(g in BAND_GENRES for g in args.genres) and shutil.which("mma") is None:
        print("build_genres: mma is not installed (scripts/install-deps.sh datasets installs it)", file=sys.stderr)
        return 1
    todo = plan(args)
    # The slow quartet movements first, so the workers finish together.
    todo.sort(key=lambda s: (s.collection != "quartets", s.id))
    print(f"parsing {len(todo)} source pieces with {args.jobs} worker(s)...", flush=True)
    pieces, skipped = [], []
    for source, result in run_pool(load, todo, args.jobs):
        (skipped.append((source.id, result)) if isinstance(result, str) else pieces.append(result))
    pieces.sort(key=lambda p: p.id)
    parsed_at = time.monotonic()
    held = hold_out(pieces, args.heldout, args.seed)

    for g in args.genres:  # a rebuild replaces what an earlier one wrote
        shutil.rmtree(os.path.join(args.out, g), ignore_errors=True)
        shutil.rmtree(os.path.join(args.out, "heldout", g), ignore_errors=True)
    workdir = tempfile.mkdtemp(prefix="ensemble-datasets-")
    tasks = []
    for p in pieces:
        for g in args.genres:
            if g == "symphony" and p.collection not in ("chorales", "quartets"):
                continue
            if g in BAND_GENRES and p.collection == "quartets":
                continue
            if g in BAND_GENRES and p.meter not in grooves.METERS:
                skipped.append((f"{p.id} ({g})", f"no {g} grooves in {p.meter[0]}/{p.meter[1]}"))
                continue
            tasks.append(("render", p, g, args.out, p.id in held, args.seed, workdir))
    print(f"writing {len(tasks)} files...", flush=True)
    results, failures = [], []
    for written, failed in run_pool(render_task, tasks, args.jobs):
        results += written
        failures += failed
    shutil.rmtree(workdir, ignore_errors=True)
    write_manifest(args.out, results)
    summary(results, skipped, failures, parsed_at - started, time.monotonic() - started, args)
    return 0 if results else 1


def write_manifest(out: str, results) -> None:
    path = os.path.join(out, "manifest.tsv")
    os.makedirs(out, exist_ok=True)
    with open(path, "w") as f:
        f.write("file\tgenre\tsplit\tpiece\tcollection\tmeter\tbpm\tgroove_or_voicing\tbars\n")
        for r in sorted(results, key=lambda r: r.path):
            f.write(f"{os.path.relpath(r.path, out)}\t{r.genre}\t{r.split}\t{r.piece}\t{r.collection}\t{r.meter}\t"
                    f"{r.bpm}\t{r.style}\t{r.bars}\n")


def summary(results, skipped, failures, parse_seconds, total_seconds, args) -> None:
    print()
    print(f"{'genre':10} {'train':>6} {'heldout':>8}   meters (train)                     grooves/voicings")
    for g in args.genres:
        rows = [r for r in results if r.genre == g]
        train = [r for r in rows if r.split == "train"]
        meters = collections.Counter(r.meter for r in train)
        styles = len({r.style for r in rows})
        meter_text = ", ".join(f"{m} {n}" for m, n in sorted(meters.items()))
        print(f"{g:10} {len(train):6d} {len(rows) - len(train):8d}   {meter_text:34} {styles}")
    if skipped:
        print(f"\nnot used: {len(skipped)} source piece(s) or renderings:")
        reasons = collections.Counter(re.sub(r"\d+ bars", "N bars", reason) for _, reason in skipped)
        for sid, reason in sorted(skipped)[:40]:
            print(f"  {sid}: {reason}")
        if len(skipped) > 40:
            print("  ... by reason: " + "; ".join(f"{n}× {r}" for r, n in reasons.most_common(8)))
    if failures:
        print(f"\n{len(failures)} file(s) failed:")
        for sid, genre, reason in sorted(failures)[:40]:
            print(f"  {genre}/{sid}: {reason}")
    cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for f in ("ru_utime", "ru_stime"))
    print(f"\nwrote {len(results)} files to {args.out} (manifest.tsv) in {total_seconds:.0f} s "
          f"(parsing {parse_seconds:.0f} s) with {args.jobs} worker(s), {cpu:.0f} s of CPU time")


if __name__ == "__main__":
    sys.exit(main())
