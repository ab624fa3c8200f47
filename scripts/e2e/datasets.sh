#!/usr/bin/env bash
# End-to-end check of the genre dataset builder (scripts/datasets/build_genres.py) in its quick mode: installs
# what it needs (mma, music21 in .venv), builds a handful of files per genre, and reads every file back with
# Ensemble's own reader (`ensemble info --json`): a track named Melody, drums on channel 10, bass, chords or pad,
# the meter and tempo the manifest says, 4/4, 3/4 and 6/8 material, held-out pieces kept out of the training
# folders, and the same bytes when built again with the same seed.
set -uo pipefail
cd "$(dirname "$0")/../.."
EXE=${ENSEMBLE:-.build/release/ensemble}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "datasets: FAIL: $*" >&2; exit 1; }
[ -x "$EXE" ] || fail "$EXE not built (make release)"

start=$(date +%s)
scripts/install-deps.sh datasets > "$TMP/deps.log" 2>&1 || fail "installing mma and music21: $(tail -3 "$TMP/deps.log")"
deps_seconds=$(( $(date +%s) - start ))

start=$(date +%s)
.venv/bin/python scripts/datasets/build_genres.py --limit 6 --out "$TMP/midi" > "$TMP/build.log" 2>&1 \
  || fail "builder exited $?: $(tail -5 "$TMP/build.log")"
build_seconds=$(( $(date +%s) - start ))
grep -q "file(s) failed" "$TMP/build.log" && fail "some files failed: $(sed -n '/file(s) failed/,$p' "$TMP/build.log")"

# Every file described by Ensemble's reader, one JSON per file.
while IFS=$'\t' read -r file _; do
  [ "$file" = file ] && continue
  "$EXE" info --json "$TMP/midi/$file" > "$TMP/midi/$file.json" || fail "ensemble info $file exited $?"
done < "$TMP/midi/manifest.tsv"

python3 - "$TMP/midi" <<'PY' || exit 1
import csv, json, os, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(f"{out}/manifest.tsv"), delimiter="\t"))
def fail(msg):
    print(f"datasets: FAIL: {msg}", file=sys.stderr); sys.exit(1)
meters_by_genre = {}
for r in rows:
    info = json.load(open(f"{out}/{r['file']}.json"))
    f = r["file"]
    parts = [(t.get("name") or "", p) for t in info["tracks"] for p in t["parts"] if p["noteCount"] > 0]
    melody = [p for name, p in parts if name.lower() == "melody"]
    if len(melody) != 1:
        fail(f"{f}: expected one track named Melody with notes, got {len(melody)}")
    roles = {p["role"] for name, p in parts if name.lower() != "melody"}
    programs = {p["program"] for name, p in parts if name.lower() != "melody" and not p["isDrum"]}
    if r["genre"] == "symphony":
        if len(parts) < 4 or 43 not in programs:
            fail(f"{f}: symphony needs melody + 3 voices with a contrabass (43), got {sorted(programs)}")
        if any(p["isDrum"] for _, p in parts):
            fail(f"{f}: drums in a symphony file")
    else:
        drums = [p for _, p in parts if p["isDrum"]]
        if not drums or any(p["channel"] != 10 for p in drums):
            fail(f"{f}: no drums on channel 10")
        if "bass" not in roles:
            fail(f"{f}: no bass role (roles {sorted(roles)})")
        if not roles & {"chords", "guitar", "pad"}:
            fail(f"{f}: no chords, guitar or pad role (roles {sorted(roles)})")
        if "melody" in roles:
            fail(f"{f}: an accompaniment track on a melody-family program")
        if not 64 <= melody[0]["program"] <= 87:
            fail(f"{f}: melody on program {melody[0]['program']}, not a melody-family one")
    meter = info["timeSignatures"][0] if info["timeSignatures"] else None
    want = r["meter"].rstrip("+")
    if meter is None or f"{meter['numerator']}/{meter['denominator']}" != want:
        fail(f"{f}: meter {meter} but the manifest says {want}")
    if not info["tempos"] or abs(info["tempos"][0]["bpm"] - int(r["bpm"])) > 0.5:
        fail(f"{f}: tempo {info['tempos'][:1]} but the manifest says {r['bpm']}")
    if not "+" in r["meter"] and info["lengthBars"] > int(r["bars"]) + 1:
        fail(f"{f}: {info['lengthBars']} bars, manifest says {r['bars']}")
    meters_by_genre.setdefault(r["genre"], set()).add(want)
for g in ("rock", "pop", "jazz"):
    if not {"4/4", "3/4", "6/8"} <= meters_by_genre.get(g, set()):
        fail(f"{g}: expected 4/4, 3/4 and 6/8 files, got {sorted(meters_by_genre.get(g, []))}")
for g in ("symphony", "rock", "pop", "jazz"):
    train = {r["piece"] for r in rows if r["genre"] == g and r["split"] == "train"}
    held = {r["piece"] for r in rows if r["genre"] == g and r["split"] == "heldout"}
    if len(train) < 5 or not held:
        fail(f"{g}: {len(train)} training and {len(held)} held-out files")
    if train & held:
        fail(f"{g}: pieces both in training and held out: {sorted(train & held)}")
    on_disk = {os.path.splitext(n)[0] for n in os.listdir(f"{out}/{g}") if n.endswith(".mid")}
    if on_disk != train or {os.path.splitext(n)[0] for n in os.listdir(f"{out}/heldout/{g}") if n.endswith(".mid")} != held:
        fail(f"{g}: folders and manifest disagree")
print(f"datasets: {len(rows)} files checked")
PY

# Same seed, same bytes (mma humanises with a seeded generator; worker order does not matter).
.venv/bin/python scripts/datasets/build_genres.py --limit 6 --genres rock --jobs 1 --out "$TMP/again" > /dev/null 2>&1 \
  || fail "second build exited $?"
for f in "$TMP"/again/rock/*.mid; do
  cmp -s "$f" "$TMP/midi/rock/$(basename "$f")" || fail "rebuild of rock/$(basename "$f") differs"
done

# Bad options get one clear line and exit status 2 (argparse), not a traceback.
.venv/bin/python scripts/datasets/build_genres.py --genres polka > /dev/null 2> "$TMP/err" && fail "--genres polka accepted"
grep -q "unknown genre 'polka'" "$TMP/err" || fail "unclear message for --genres polka: $(cat "$TMP/err")"

echo "datasets: ok (install ${deps_seconds}s, quick build ${build_seconds}s; $(tail -1 "$TMP/build.log"))"
