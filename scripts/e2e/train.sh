#!/usr/bin/env bash
# End-to-end check of `ensemble train`, run as a user would, against the release build: a tiny model trained on a
# tiny MIDI folder written here by Python, killed with SIGKILL mid-run and resumed (the iteration count continues,
# the loss log holds each iteration once), Ctrl-C (exit 130 with the model saved), refusals in one line, and the
# model listed in the store. Everything happens under a temporary XDG_DATA_HOME.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=${ENSEMBLE_BIN:-.build/release/ensemble}
[ -x "$bin" ] || { echo "train: $bin is missing (swift build -c release)"; exit 1; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/xdg"
failures=0
fail() { echo "train: FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "train: ok: $*"; }
# Sizes of a tiny U-Net (keys of ModelFactory.sizeKeys(.unet)).
sizes=${TRAIN_E2E_SIZES:-width=4,noiseChannels=4,criticWidth=4}
# Refused with a failure status and the reason on the first line of stderr: "ensemble: SUBJECT: problem" (exit 1),
# or for option mistakes "ensemble: ..." on one line with the parser's status 64.
refuses() {  # refuses WHAT EXPECTED-SUBSTRING command...
    local what=$1 expect=$2; shift 2
    local err; err=$("$@" 2>&1 >/dev/null); local status=$?
    local first; first=$(printf '%s\n' "$err" | grep -v '^data: ' | head -1)
    if [ $status -ne 0 ] && [[ "$first" == *"$expect"* ]] && [[ "$first" == "ensemble: "* || "$first" == "Error: "* ]]; then
        ok "$what refused: $first"
    else fail "$what: exit $status, said: $err"; fi
}

# Option mistakes are refused before anything is read.
refuses "a name with a slash" "--name takes letters" "$bin" train --data "$work" --name a/b
refuses "--resume with --restart" "contradict" "$bin" train --name x --resume --restart
refuses "no --data" "--data is required" "$bin" train --name x
refuses "--batch-size 0" "--batch-size must be" "$bin" train --data "$work" --name x --batch-size 0
refuses "--sizes garbage" "--sizes takes KEY=NUMBER" "$bin" train --data "$work" --name x --sizes width
refuses "--chord-plane for unet-dc" "unet-dc keeps the lab's window" "$bin" train --data "$work" --name x --model unet-dc --chord-plane
refuses "--chord-plane with --resume" "keeps its own" "$bin" train --name x --resume --chord-plane

# Six 8-bar songs (melody, bass, piano chords, drums), five in 4/4 and one in 3/4, in two folders.
PYTHONPATH=scripts/e2e python3 - "$work" <<'PY'
import os, sys
from smf import notes, smf
out = sys.argv[1]
def song(path, key, beats):
    q = 480; bar = beats * q; bars = 8
    meter = (0, b"\xff\x58\x04" + bytes([beats, 2, 24, 8]))
    tempo = (0, b"\xff\x51\x03" + (500000).to_bytes(3, "big"))
    scale = [0, 2, 4, 5, 7, 9, 11, 12]
    melody = [(0, b"\xff\x03\x06Melody"), (0, b"\xc0\x49")] + notes(0, [(i * q, q - 20, 72 + key + scale[(i * 3 + key) % 8], 96) for i in range(bars * beats)])
    roots = [0, 5, 7, 0, 9, 5, 7, 0]
    bass = [(0, b"\xc1\x21")] + notes(1, [(b * bar + k * q, q - 20, 36 + key + roots[b], 100) for b in range(bars) for k in range(beats)])
    chords = [(0, b"\xc2\x00")] + notes(2, [(b * bar, bar - 20, 60 + key + roots[b] + d, 70) for b in range(bars) for d in (0, 4, 7)])
    drums = notes(9, [(i * q, 60, 36 if i % beats == 0 else 38, 110) for i in range(bars * beats)])
    data = smf([[meter, tempo], melody, bass, chords, drums], q)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "wb").write(data)
for i, key in enumerate([0, 2, 5, 7, 9]):
    song(f"{out}/midi/song{i}.mid", key, 4)
song(f"{out}/midi/waltz/waltz.mid", 3, 3)
for i, key in enumerate([1, 4]):
    song(f"{out}/other/song{i}.mid", key, 4)
PY

run=$XDG_DATA_HOME/ensemble/runs/tiny
common=(--model unet --sizes "$sizes" --batch-size 4 --update-ratio 2 --checkpoint-every 1 --sample-every 3)

# A run killed with SIGKILL once it has logged iteration 4 (each iteration is logged, then checkpointed, so the
# checkpoint of iteration 3 is complete; the kill may land while the 4th is being written).
"$bin" train --data "$work/midi" --name tiny --iterations 12 "${common[@]}" >"$work/first.out" 2>"$work/first.err" &
pid=$!; pids+=("$pid")
for _ in $(seq 1200); do
    rows=$( [ -f "$run/losses.csv" ] && grep -c . "$run/losses.csv" || echo 0)
    [ "$rows" -ge 5 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
[ -f "$run/checkpoint.safetensors" ] && ok "checkpoint written before the kill" || fail "no checkpoint after the kill: $(cat "$work/first.err")"
[ -d "$XDG_DATA_HOME/ensemble/models/tiny" ] && fail "a killed run saved a model" || ok "a killed run leaves only its checkpoint"

refuses "a second run of the same name" "add --resume" "$bin" train --data "$work/midi" --name tiny "${common[@]}"
refuses "resuming on other data" "cannot resume" "$bin" train --data "$work/other" --name tiny --resume
refuses "resuming with another batch size" "--batch-size 4" "$bin" train --name tiny --resume --batch-size 8
refuses "resuming another model" "not musegan" "$bin" train --name tiny --resume --model musegan

# Resume without --data (the run remembers it): the count continues and ends at 12.
if "$bin" train --name tiny --resume >"$work/resume.out" 2>"$work/resume.err"; then ok "resumed run finished"
else fail "resume failed: $(tail -3 "$work/resume.err")"; fi
at=$(grep -o 'resuming at iteration [0-9]*' "$work/resume.err" | grep -o '[0-9]*$')
[ -n "$at" ] && [ "$at" -ge 3 ] && ok "resumed at iteration $at" || fail "did not resume at iteration 3 or later: $(head -3 "$work/resume.err")"
ls "$run"/*.tmp-* >/dev/null 2>&1 && fail "temporary files of the killed run are still there" || ok "no temporary files left"
if cut -d, -f1 "$run/losses.csv" | tail -n +2 | tr '\n' ' ' | grep -qx '1 2 3 4 5 6 7 8 9 10 11 12 '; then ok "the loss log holds iterations 1-12 once each"
else fail "loss log iterations: $(cut -d, -f1 "$run/losses.csv" | tr '\n' ' ')"; fi
head -1 "$run/losses.csv" | grep -qx 'iteration,seconds,critic,generator,penalty,wasserstein,lr' && ok "CSV header" || fail "CSV header: $(head -1 "$run/losses.csv")"
grep -q "saved model tiny" "$work/resume.out" && ok "model saved" || fail "no model saved: $(cat "$work/resume.out")"
manifest=$XDG_DATA_HOME/ensemble/models/tiny/manifest.json
python3 - "$manifest" <<'PY' && ok "manifest: 12 iterations, dataset hash, instruments" || fail "manifest: $(cat "$manifest")"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["training"]["iterations"] == 12 and m["training"]["batchSize"] == 4 and m["training"]["updateRatio"] == 2, m["training"]
assert m["dataset"]["hash"] and m["dataset"]["trainingWindows"] > 0, m["dataset"]
assert [i["role"] for i in m["instruments"]] == m["config"]["window"]["roles"], m["instruments"]
bass = [i for i in m["instruments"] if i["role"] == "bass"]
assert not bass or bass[0]["program"] == 33, bass
PY
if "$bin" --help | grep -q '^ *models '; then
    "$bin" models 2>&1 | grep -q tiny && ok "ensemble models lists it" || fail "ensemble models does not list tiny: $("$bin" models 2>&1)"
fi
if "$bin" generate --sample ode-to-joy --name tiny --seed 1 -o "$work/ode.mid" >/dev/null 2>"$work/gen.err" \
    && "$bin" info "$work/ode.mid" | grep -q Bass; then ok "ensemble generate writes with the trained model"
else fail "generate with the trained model: $(cat "$work/gen.err")"; fi
samples=$(ls "$run/samples" 2>/dev/null | tr '\n' ' ')
[[ "$samples" == *"iteration-000012.mid"* && "$samples" == *"iteration-000009.mid"* ]] && ok "samples: $samples" || fail "samples: $samples"
"$bin" info "$run/samples/iteration-000012.mid" >/dev/null 2>&1 && ok "the last sample is a readable MIDI file" || fail "sample unreadable"

# Train on past the first target, then Ctrl-C: exit 130, checkpoint and model at the iteration reached.
"$bin" train --name tiny --resume --iterations 100000 >"$work/int.out" 2>"$work/int.err" &
pid=$!; pids+=("$pid")
for _ in $(seq 600); do
    [ "$(grep -c . "$run/losses.csv")" -ge 15 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
kill -INT "$pid"; wait "$pid"; status=$?
[ $status -eq 130 ] && ok "Ctrl-C exits with 130" || fail "Ctrl-C exit status $status: $(tail -3 "$work/int.err")"
reached=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["training"]["iterations"])' "$manifest")
[ "$reached" -ge 14 ] && [ "$reached" -lt 100000 ] && ok "model saved at iteration $reached on Ctrl-C" || fail "model iterations after Ctrl-C: $reached"
grep -q -- "--resume" "$work/int.out" && ok "says how to continue" || fail "no resume hint: $(cat "$work/int.out")"

# A damaged checkpoint is refused in one line naming it.
head -c 5000 "$run/checkpoint.safetensors" >"$work/cut" && cp "$work/cut" "$run/checkpoint.safetensors"
refuses "a truncated checkpoint" "checkpoint.safetensors" "$bin" train --name tiny --resume

# Fine-tuning from the stored model on the other folder.
if "$bin" train --data "$work/other" --name tuned --from tiny --iterations 2 --batch-size 4 --update-ratio 1 >"$work/ft.out" 2>"$work/ft.err"; then
    grep -q "fine-tuning tiny" "$work/ft.err" && grep -q '"fineTunedFrom" : "tiny"' "$XDG_DATA_HOME/ensemble/models/tuned/manifest.json" \
        && ok "--from tiny fine-tunes and records it" || fail "fine-tuning: $(cat "$work/ft.err")"
else fail "--from failed: $(tail -3 "$work/ft.err")"; fi

# The melody-chord plane: the model's window lists it, and it generates.
if "$bin" train --data "$work/other" --name chordal --chord-plane --sizes "$sizes" --iterations 2 --batch-size 4 --update-ratio 1 \
      >"$work/cp.out" 2>"$work/cp.err" \
    && grep -q '"melodyChord"' "$XDG_DATA_HOME/ensemble/models/chordal/manifest.json" \
    && "$bin" generate --name chordal --sample ode-to-joy --seed 1 -o "$work/chordal.mid" >/dev/null 2>&1 \
    && "$bin" info "$work/chordal.mid" | grep -q Bass; then ok "--chord-plane: the window lists melodyChord and the model generates"
else fail "--chord-plane: $(tail -3 "$work/cp.err")"; fi

[ "$failures" -eq 0 ]
