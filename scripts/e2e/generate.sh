#!/usr/bin/env bash
# End-to-end check of `ensemble models` and `ensemble generate` on the release build, in a private XDG data
# directory: a tiny model is trained on generated band MIDI files (scripts/make-band-midi.py + `ensemble train`),
# then generate runs on samples in 4/4, 3/4 and 6/8 and on a MIDI file; outputs are re-read with `info --json`
# (melody unchanged, one track per role, drums on channel 10, tempo and meter kept, bar count kept); the same seed
# gives the same file; --bars writes only those bars; bad options and broken models fail with one line.
# With E2E_MODEL_HOME=DIR (a data home that already holds a model named by E2E_MODEL_NAME) the training step is
# skipped.
set -uo pipefail
cd "$(dirname "$0")/../.."
EXE=${ENSEMBLE:-.build/release/ensemble}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "generate: FAIL: $*" >&2; exit 1; }
[ -x "$EXE" ] || fail "$EXE not built (make release)"
export ENSEMBLE_THREADS=${ENSEMBLE_THREADS:-2}
export ENSEMBLE_MODELS="$TMP/no-shipped-models"
NAME=${E2E_MODEL_NAME:-e2e-band-unet}

if [ -n "${E2E_MODEL_HOME:-}" ]; then
  export XDG_DATA_HOME="$E2E_MODEL_HOME"
else
  export XDG_DATA_HOME="$TMP/xdg"
  "$EXE" train --help > /dev/null 2>&1 || { echo "generate: SKIP: this build has no 'ensemble train' to make a model with"; exit 0; }
  python3 scripts/make-band-midi.py "$TMP/band" 6 --seed 3 > /dev/null || fail "make-band-midi.py failed"
  "$EXE" train --data "$TMP/band" --model unet --name "$NAME" --genre band --iterations 2 --batch-size 2 --seed 1 \
    > "$TMP/train.log" 2>&1 < /dev/null || fail "train exited $?: $(tail -3 "$TMP/train.log")"
fi

# The model is listed, in text and JSON.
"$EXE" models > "$TMP/models.txt" || fail "models exited $?"
grep -q "^$NAME " "$TMP/models.txt" || fail "models does not list $NAME: $(cat "$TMP/models.txt")"
"$EXE" models --json > "$TMP/models.json" || fail "models --json exited $?"
read -r GENRE ARCH ROLES < <(python3 - "$TMP/models.json" "$NAME" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
m = [m for m in d["models"] if m["name"] == sys.argv[2]][0]
print(m["genre"], m["architecture"], len(m["instruments"]))
PY
) || fail "models --json has no $NAME"

# check OUT INPUT MELODY_TRACK_IN_INPUT: re-reads OUT and compares it with INPUT.
check() {
  "$EXE" info --json "$1" > "$TMP/out.json" || fail "info --json $1 exited $?"
  "$EXE" info --json "$2" > "$TMP/in.json" || fail "info --json $2 exited $?"
  python3 - "$TMP/out.json" "$TMP/in.json" "$3" "$ROLES" <<'PY' || fail "$1 (above)"
import json, sys
out, inp, melody, roles = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3]), int(sys.argv[4])
def fail(m): sys.stderr.write(m + "\n"); sys.exit(1)
tracks = [t for t in out["tracks"] if not t["isConductor"]]
if len(tracks) != 1 + roles: fail(f"{len(tracks)} tracks, expected melody + {roles}")
m_in = [t for t in inp["tracks"] if t["number"] == melody][0]
if tracks[0]["noteCount"] != m_in["noteCount"] or tracks[0]["parts"] != m_in["parts"]: fail("melody track changed")
for t in tracks[1:]:
    for p in t["parts"]:
        if (p["channel"] == 10) != (p["role"] == "drums"): fail(f"track {t['name']} on channel {p['channel']}")
        if p["channel"] == m_in["parts"][0]["channel"]: fail(f"track {t['name']} shares the melody's channel")
for key in ("tempos", "timeSignatures", "ticksPerQuarter", "lengthBars", "keySignature"):
    if out[key] != inp[key]: fail(f"{key} differs: {out[key]} vs {inp[key]}")
PY
}

# Samples in 4/4, 3/4 and 6/8, by genre and architecture.
for sample in ode-to-joy scarborough-fair greensleeves; do
  "$EXE" samples "$sample" -o "$TMP/$sample.mid" > /dev/null || fail "samples $sample"
  "$EXE" generate --sample "$sample" --genre "$GENRE" --model "$ARCH" --seed 11 -o "$TMP/$sample-band.mid" \
    > "$TMP/gen.txt" || fail "generate --sample $sample exited $?"
  grep -q "^seed 11 " "$TMP/gen.txt" || fail "generate does not print the seed: $(cat "$TMP/gen.txt")"
  grep -q "^model $NAME" "$TMP/gen.txt" || fail "generate does not print the model"
  grep -q "^time " "$TMP/gen.txt" || fail "generate does not print the time"
  check "$TMP/$sample-band.mid" "$TMP/$sample.mid" 2
done

# A MIDI file (a band file: its melody track), twice with one seed → identical; another seed → a take of its own.
band=$(ls "$TMP"/band/*.mid 2>/dev/null | head -1)
input=${band:-$TMP/ode-to-joy.mid}
"$EXE" generate --melody "$input" --name "$NAME" --seed 5 -o "$TMP/a.mid" > "$TMP/gen.txt" || fail "generate --melody exited $?"
"$EXE" generate --melody "$input" --name "$NAME" --seed 5 -o "$TMP/b.mid" > /dev/null || fail "generate again exited $?"
cmp -s "$TMP/a.mid" "$TMP/b.mid" || fail "the same seed wrote different files"
"$EXE" generate --melody "$TMP/ode-to-joy.mid" --track 2 --name "$NAME" -o "$TMP/c.mid" > "$TMP/gen.txt" \
  || fail "generate --track 2 exited $?"
seed=$(awk '/^seed /{print $2}' "$TMP/gen.txt")
[ -n "$seed" ] || fail "no seed printed without --seed"
"$EXE" generate --melody "$TMP/ode-to-joy.mid" --track 2 --name "$NAME" --seed "$seed" -o "$TMP/d.mid" > /dev/null
cmp -s "$TMP/c.mid" "$TMP/d.mid" || fail "the printed seed does not repeat the take"
check "$TMP/c.mid" "$TMP/ode-to-joy.mid" 2

# --bars: notes of the generated tracks only inside bars 5-8 of Ode to Joy (4/4, 480 ticks per quarter).
"$EXE" generate --sample ode-to-joy --name "$NAME" --seed 5 --bars 5:8 -o "$TMP/bars.mid" > "$TMP/gen.txt" \
  || fail "--bars 5:8 exited $?"
grep -q "^bars 5-8 " "$TMP/gen.txt" || fail "--bars 5:8 not reported: $(cat "$TMP/gen.txt")"
check "$TMP/bars.mid" "$TMP/ode-to-joy.mid" 2

# Bad options: exit 1, one line on stderr that starts with "ensemble: ", nothing on stdout.
bad() {
  local out err status
  out=$("$EXE" generate "$@" -o "$TMP/bad.mid" 2> "$TMP/err.txt"); status=$?
  err=$(cat "$TMP/err.txt")
  [ $status -eq 1 ] || fail "generate $* exited $status (expected 1)"
  [ -z "$out" ] || fail "generate $* printed on stdout: $out"
  [ "$(wc -l < "$TMP/err.txt")" -eq 1 ] || fail "generate $* did not print one line: $err"
  [[ $err == "ensemble: "* ]] || fail "generate $*: unexpected message: $err"
  [ -e "$TMP/bad.mid" ] && fail "generate $* wrote an output file"
  echo "$err"
}
bad --sample ode-to-joy --name "$NAME" --bars 15:20 | grep -q "outside the melody's bars 1:16" || fail "bars out of range"
bad --sample ode-to-joy --name "$NAME" --bars 3-4 | grep -q "A:B" || fail "malformed --bars"
bad --sample no-such-tune --name "$NAME" | grep -q "ode-to-joy" || fail "unknown sample does not list the samples"
bad --melody "$TMP/missing.mid" --name "$NAME" | grep -q "missing.mid: no such file" || fail "missing file"
bad --melody "$TMP/ode-to-joy.mid" --track 9 --name "$NAME" | grep -q "tracks are 1-2" || fail "track out of range"
bad --sample ode-to-joy --genre no-such-genre | grep -q "$NAME" || fail "a missing genre does not list the models"
bad --sample ode-to-joy --genre "$GENRE" --model banjo | grep -q "musegan, unet" || fail "unknown architecture"
bad --sample ode-to-joy | grep -q "genre" || fail "no genre"
out=$("$EXE" generate --sample ode-to-joy --name "$NAME" -o "$TMP/out.wav" 2>&1); [ $? -eq 1 ] || fail "-o out.wav accepted"
[[ $out == *"ending in .mid"* ]] || fail "-o out.wav: $out"

# A broken copy of the model: listed as broken; a model whose weights are cut short fails naming the file.
models="$XDG_DATA_HOME/ensemble/models"
mkdir -p "$models/broken" && echo '{"format": 1, "name": ' > "$models/broken/manifest.json"
"$EXE" models | grep -q "^broken: .*broken/manifest.json" || fail "models does not report the broken directory"
cp -r "$models/$NAME" "$models/cut"
python3 - "$models/cut" <<'PY'
import json, os, sys
d = sys.argv[1]; m = json.load(open(f"{d}/manifest.json")); m["name"] = "cut"
json.dump(m, open(f"{d}/manifest.json", "w"))
w = f"{d}/{m['weights']}"; data = open(w, "rb").read(); open(w, "wb").write(data[: len(data) // 2])
PY
bad --sample ode-to-joy --name cut | grep -q "cut/.*safetensors" || fail "cut weights are not named"
# A manifest whose genre holds an escape sequence is refused, not printed.
cp -r "$models/$NAME" "$models/evil"
python3 - "$models/evil" <<'PY'
import json, sys
d = sys.argv[1]; m = json.load(open(f"{d}/manifest.json")); m["name"] = "evil"; m["genre"] = "\x1b[2Jrock"
json.dump(m, open(f"{d}/manifest.json", "w"))
PY
"$EXE" models > "$TMP/models.txt"
grep -q "^broken: .*evil/manifest.json: its genre holds control characters" "$TMP/models.txt" || fail "a genre with control characters is not refused"
if grep -q $'\x1b' "$TMP/models.txt"; then fail "models printed an escape sequence"; fi
rm -rf "$models/broken" "$models/cut" "$models/evil"

# models export: half-precision weights (about half the file) that another data home finds as a shipped model and
# generates with; an unknown name fails with one line.
"$EXE" models export "$NAME" --to "$TMP/exported" > "$TMP/export.txt" || fail "models export exited $?"
grep -q "exported $NAME (f16 weights)" "$TMP/export.txt" || fail "models export: $(cat "$TMP/export.txt")"
f32=$(stat -c %s "$models/$NAME/generator.safetensors"); f16=$(stat -c %s "$TMP/exported/$NAME/generator.safetensors")
[ $((f16 * 10)) -lt $((f32 * 6)) ] || fail "exported f16 weights are $f16 bytes beside $f32 for f32"
(export XDG_DATA_HOME="$TMP/other" ENSEMBLE_MODELS="$TMP/exported"
 "$EXE" models | grep -q "^$NAME .* shipped " || fail "the exported model is not listed as shipped"
 "$EXE" generate --sample ode-to-joy --name "$NAME" --seed 5 -o "$TMP/exported.mid" > "$TMP/gen.txt" \
   || fail "generate with the exported model exited $?"
 grep -q "F16" "$TMP/gen.txt" || fail "generate does not report the f16 weights: $(cat "$TMP/gen.txt")"
 check "$TMP/exported.mid" "$TMP/ode-to-joy.mid" 2) || exit 1
out=$("$EXE" models export no-such-model --to "$TMP/exported" 2>&1); [ $? -eq 1 ] || fail "export of a missing model"
[[ $out == "ensemble: no-such-model: no model of that name"* ]] || fail "export of a missing model: $out"
echo "generate: ok ($GENRE $ARCH model, $ROLES roles)"
