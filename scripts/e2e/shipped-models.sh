#!/usr/bin/env bash
# End-to-end check of the shipped models (Models/, docs/models/) as a fresh clone has them, no training step:
# `ensemble models` lists every genre × {unet, musegan} as shipped; each writes an accompaniment for samples in
# 4/4, 3/4 and 6/8 and for a held-out-style MIDI melody of 40 bars; outputs are re-read with `info --json` (the
# melody unchanged, one track per instrument of the model with notes in it, drums on channel 10, the meter kept)
# and the same seed gives the same bytes. The weights are half precision and the folder stays under 60 MB.
set -uo pipefail
cd "$(dirname "$0")/../.."
EXE=${ENSEMBLE:-.build/release/ensemble}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "shipped-models: FAIL: $*" >&2; exit 1; }
[ -x "$EXE" ] || fail "$EXE not built (make release)"
[ -d Models ] || fail "no Models/ folder: the shipped models are missing (make models)"
export XDG_DATA_HOME="$TMP/xdg"   # no user models: only the shipped ones
unset ENSEMBLE_MODELS

size=$(du -sm Models | cut -f1)
[ "$size" -lt 60 ] || fail "Models/ holds $size MB (limit 60)"
"$EXE" models --json > "$TMP/models.json" || fail "models --json exited $?"
python3 - "$TMP/models.json" <<'PY' || fail "models listing (above)"
import json, sys
d = json.load(open(sys.argv[1]))
have = {(m["genre"], m["architecture"]) for m in d["models"] if m["source"] == "shipped"}
want = {(g, a) for g in ("rock", "pop", "jazz", "symphony") for a in ("unet", "musegan")}
if want - have: sys.exit(f"not shipped: {sorted(want - have)}")
if d["problems"]: sys.exit(f"broken model directories: {d['problems']}")
PY

# A 40-bar melody in 4/4 from a file (Ode to Joy 2½ times) beside the samples.
"$EXE" samples ode-to-joy -o "$TMP/ode.mid" > /dev/null || fail "samples ode-to-joy"
.venv/bin/python - "$TMP/ode.mid" "$TMP/long.mid" <<'PY' || fail "could not build the 40-bar melody"
import sys, mido
f = mido.MidiFile(sys.argv[1])
bar = 4 * f.ticks_per_beat
for i, track in enumerate(f.tracks):
    events, now = [], 0
    for m in track:
        now += m.time
        if m.type != "end_of_track": events.append((now, m))
    if not any(m.type == "note_on" for _, m in events): continue
    setup = [(t, m) for t, m in events if t == 0 and m.type not in ("note_on", "note_off")]
    notes = [(t, m) for t, m in events if m.type in ("note_on", "note_off")]
    out = list(setup) + [(t + k * 16 * bar, m) for k in range(3) for t, m in notes if t + k * 16 * bar < 40 * bar
                         or (m.type == "note_off" or m.velocity == 0) and t + k * 16 * bar <= 40 * bar]
    out.sort(key=lambda e: (e[0], e[1].type == "note_on" and e[1].velocity > 0))
    new, now = mido.MidiTrack(), 0
    for t, m in out:
        new.append(m.copy(time=t - now)); now = t
    new.append(mido.MetaMessage("end_of_track", time=0))
    f.tracks[i] = new
f.save(sys.argv[2])
PY
check() {   # OUT INPUT ROLES
  "$EXE" info --json "$1" > "$TMP/out.json" || fail "info --json $1 exited $?"
  "$EXE" info --json "$2" > "$TMP/in.json" || fail "info --json $2 exited $?"
  python3 - "$TMP/out.json" "$TMP/in.json" "$3" <<'PY' || fail "$1 (above)"
import json, sys
out, inp, roles = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
def fail(m): sys.exit(m)
tracks = [t for t in out["tracks"] if not t["isConductor"]]
melody = [t for t in inp["tracks"] if not t["isConductor"]][0]
if len(tracks) != 1 + roles: fail(f"{len(tracks)} tracks, expected the melody + {roles}")
if tracks[0]["noteCount"] != melody["noteCount"]: fail("the melody track changed")
silent = [t["name"] for t in tracks[1:] if t["noteCount"] == 0]
if len(silent) == roles: fail("every generated track is empty")
for t in tracks[1:]:
    for p in t["parts"]:
        if (p["channel"] == 10) != (p["role"] == "drums"): fail(f"track {t['name']} on channel {p['channel']}")
for key in ("timeSignatures", "lengthBars"):
    if out[key] != inp[key]: fail(f"{key} differs: {out[key]} vs {inp[key]}")
PY
}

models=$(python3 - "$TMP/models.json" <<'PY'
import json, sys
print(" ".join("%s:%d" % (m["name"], len(m["instruments"])) for m in json.load(open(sys.argv[1]))["models"]))
PY
) || fail "models --json cannot be read"
[ -n "$models" ] || fail "no models listed"
for entry in $models; do
  name=${entry%:*} roles=${entry#*:}
  for sample in frere-jacques amazing-grace greensleeves; do
    "$EXE" samples "$sample" -o "$TMP/$sample.mid" > /dev/null || fail "samples $sample"
    "$EXE" generate --sample "$sample" --name "$name" --seed 3 -o "$TMP/$name-$sample.mid" > "$TMP/gen.txt" \
      || fail "generate --name $name --sample $sample exited $?"
    grep -q "shipped" "$TMP/gen.txt" || fail "$name is not the shipped model: $(cat "$TMP/gen.txt")"
    grep -q "weights F16" "$TMP/gen.txt" || fail "$name's weights are not half precision"
    check "$TMP/$name-$sample.mid" "$TMP/$sample.mid" "$roles"
  done
  "$EXE" generate --melody "$TMP/long.mid" --name "$name" --seed 4 -o "$TMP/a.mid" > /dev/null || fail "$name: 40 bars"
  "$EXE" generate --melody "$TMP/long.mid" --name "$name" --seed 4 -o "$TMP/b.mid" > /dev/null || fail "$name: 40 bars again"
  cmp -s "$TMP/a.mid" "$TMP/b.mid" || fail "$name: the same seed wrote different files"
  check "$TMP/a.mid" "$TMP/long.mid" "$roles"
done
# evaluate: a shipped model on a folder it never saw (generated band files, every piece), table and JSON.
python3 scripts/make-band-midi.py "$TMP/band" 6 --seed=3 > /dev/null || fail "make-band-midi.py failed"
"$EXE" evaluate --genre rock --model unet --data "$TMP/band" --pieces all --limit 24 --json "$TMP/eval.json" \
  > "$TMP/eval.txt" || fail "evaluate exited $?"
grep -q "all pieces" "$TMP/eval.txt" || fail "evaluate does not say which pieces: $(head -2 "$TMP/eval.txt")"
python3 - "$TMP/eval.json" <<'PY' || fail "evaluate --json (above)"
import json, sys
r = json.load(open(sys.argv[1]))
names = [c["name"] for c in r["columns"]]
if names != ["data", "generated", "shuffled"]: sys.exit(f"columns {names}")
for c in r["columns"]:
    if c["examples"] < 2: sys.exit(f"{c['name']}: {c['examples']} examples")
    if not any(t["role"] == "melody" for t in c["tracks"]): sys.exit("no melody track")
    if not any(p["first"] != p["second"] and p.get("tonalDistance") is not None for p in c["pairs"]): sys.exit("no tonal distance")
PY
out=$("$EXE" evaluate --genre rock --data "$TMP/band" --pieces some 2>&1); [ $? -ne 0 ] || fail "--pieces some accepted"
[[ $out == *"validation"*"all"* ]] || fail "--pieces some: $out"
echo "shipped-models: ok ($(echo $models | wc -w) models, ${size} MB)"
