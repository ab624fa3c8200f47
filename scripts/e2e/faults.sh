#!/usr/bin/env bash
# Fault injection, as issue 11 asks:
# 1. A full device (a small tmpfs) while writing a render, a MIDI export and a training checkpoint: the command
#    fails with one line saying so, the previous file is unchanged, no temporary file is left, and a resumed run
#    continues from the intact checkpoint.
# 2. kill -9 at random moments of `ensemble train`, many times: each restart resumes from the last checkpoint (at
#    most one checkpoint interval lost), and the finished run's loss log holds every iteration once.
set -uo pipefail
self=$(realpath "$0")
cd "$(dirname "$self")/../.."
bin=$(realpath "${ENSEMBLE:-.build/release/ensemble}")
# Mounting a tmpfs needs root, or a user namespace where we are root.
if [ "$(id -u)" != 0 ]; then
  if [ -z "${FAULTS_IN_NAMESPACE:-}" ] && unshare -rm true 2>/dev/null; then FAULTS_IN_NAMESPACE=1 exec unshare -rm bash "$self" "$@"; fi
  [ -n "${CI:-}" ] && { echo "faults: FAIL: cannot mount a tmpfs (not root, no user namespaces)"; exit 1; }
  echo "faults: skipped (mounting a small tmpfs needs root or user namespaces)"; exit 0
fi
work=$(mktemp -d); full=$work/full; pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; umount "$full" 2>/dev/null; rm -rf "$work"' EXIT
failures=0
fail() { echo "faults: FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "faults: ok: $*"; }
mkdir -p "$full"
mount -t tmpfs -o size=8m tmpfs "$full" || { echo "faults: FAIL: cannot mount a tmpfs on $full"; exit 1; }
export XDG_DATA_HOME="$work/xdg" ENSEMBLE_AUDIO_DRIVER=silent

# fill KIB: fills the device, leaving about KIB kibibytes free. unfill: frees it again.
fill() { rm -f "$full/filler"; local free; free=$(df -k --output=avail "$full" | tail -1)
         [ "$free" -gt "$1" ] && dd if=/dev/zero of="$full/filler" bs=1k count=$((free - $1)) 2>/dev/null; true; }
unfill() { rm -f "$full/filler"; }
# full_refusal WHAT FILE KIB command...: with FILE already there and the device filled to KIB free, the command
# fails (exit 1) with one "ensemble: ... no space left" line; FILE keeps its old content.
full_refusal() {
  local what=$1 file=$2 room=$3; shift 3
  printf 'previous %s\n' "$what" >"$file"
  fill "$room"
  local err; err=$("$@" 2>&1 >/dev/null | grep '^ensemble: '); local status=${PIPESTATUS[0]}
  local lines; lines=$(printf '%s\n' "$err" | grep -c .)
  if [ $status -eq 1 ] && [[ "$err" == "ensemble: "*"no space left"* ]] && [ "$lines" -eq 1 ]; then ok "$what on a full device refused: $err"
  else fail "$what on a full device: exit $status, said: $err"; fi
  [ "$(cat "$file")" = "previous $what" ] && ok "$what: the previous file is unchanged" || fail "$what: the previous file changed"
  ls -a "$(dirname "$file")" | grep -q '\.tmp' && fail "$what: temporary files left: $(ls -a "$(dirname "$file")")" || ok "$what: no temporary file left"
}

"$bin" samples ode-to-joy -o "$work/ode.mid" >/dev/null
python3 scripts/make-band-midi.py "$work/band" 6 --seed=3 --bars=8-12 >/dev/null

# 1a. A render that runs out of space after its first blocks (about 5 MB of WAV into 1 MB).
full_refusal "render" "$full/ode.wav" 1024 "$bin" render "$work/ode.mid" -o "$full/ode.wav"
# 1b. A MIDI export (generate -o) onto a device with no room at all.
full_refusal "export" "$full/band.mid" 0 "$bin" generate --sample ode-to-joy --genre rock --model unet -o "$full/band.mid"
unfill; rm -f "$full"/*.wav "$full"/*.mid

# 1c. A training checkpoint: three iterations with room, then the device fills; the fourth checkpoint fails.
sizes=width=4,noiseChannels=4,criticWidth=4
common=(--model unet --sizes "$sizes" --batch-size 2 --update-ratio 1 --checkpoint-every 1 --sample-every 0)
export XDG_DATA_HOME="$full/xdg"
run=$XDG_DATA_HOME/ensemble/runs/tiny
if "$bin" train --data "$work/band" --name tiny --iterations 3 "${common[@]}" >/dev/null 2>"$work/train.err"; then ok "trained 3 iterations"
else fail "training on the tmpfs: $(tail -2 "$work/train.err")"; fi
cp "$run/checkpoint.safetensors" "$work/checkpoint.before"
# Room for the loss log's next line (its last page has space) but not for a whole new checkpoint.
fill $(( $(stat -c %s "$run/checkpoint.safetensors") / 2048 ))
err=$("$bin" train --name tiny --resume --iterations 6 2>&1 >/dev/null | grep '^ensemble: '); status=$?
[[ "$err" == *"checkpoint.safetensors"*"no space left"* ]] && ok "checkpoint on a full device refused: $err" || fail "checkpoint on a full device said: $err"
cmp -s "$run/checkpoint.safetensors" "$work/checkpoint.before" && ok "the previous checkpoint is unchanged" || fail "the checkpoint changed"
ls -a "$run" | grep -q '\.tmp' && fail "temporary files left in the run: $(ls -a "$run")" || ok "no temporary checkpoint left"
unfill
if "$bin" train --name tiny --resume --iterations 6 >/dev/null 2>"$work/resume.err"; then
  grep -q 'resuming at iteration 3' "$work/resume.err" && ok "resumed from the intact checkpoint at iteration 3" \
    || fail "resume: $(grep -i resum "$work/resume.err" | head -2)"
else fail "resume after freeing space: $(tail -2 "$work/resume.err")"; fi
export XDG_DATA_HOME="$work/xdg"

# 2. kill -9 at random moments, eight times, resuming each time.
run=$XDG_DATA_HOME/ensemble/runs/kills
iterations=150
RANDOM=11
lost=0
for round in $(seq 8); do
  # The first round starts the run; later ones resume it (a resumed run keeps its data, model and sizes).
  start=(--data "$work/band" "${common[@]}"); [ -f "$run/checkpoint.safetensors" ] && start=(--resume)
  before=$(tail -n +2 "$run/losses.csv" 2>/dev/null | grep -c .)
  "$bin" train --name kills --iterations $iterations "${start[@]}" >/dev/null 2>"$work/kill$round.err" &
  pid=$!; pids+=("$pid")
  sleep 0.6; sleep "$(( RANDOM % 2 )).$(( RANDOM % 10 ))"  # past start-up (reading the data), then anywhere
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pids=()   # reaped: never signal a reused pid
  at=$(grep -o 'resuming at iteration [0-9]*' "$work/kill$round.err" | grep -o '[0-9]*$')
  echo "faults: round $round: $before iterations logged before, resumed at ${at:--}, killed at $(tail -n +2 "$run/losses.csv" 2>/dev/null | grep -c .) logged"
  if [ "${start[0]}" = --resume ]; then
    if [ -z "$at" ]; then fail "round $round: no 'resuming at iteration' line: $(head -3 "$work/kill$round.err")"
    elif [ "$at" -lt $((before - 2)) ]; then fail "round $round: resumed at $at after $before logged iterations"
    else lost=$((lost + before - at)); fi
  fi
done
"$bin" train --name kills --resume --iterations $iterations >/dev/null 2>"$work/kills-final.err" \
  && ok "eight kill -9 rounds, then the run finished (iterations lost to kills in all: $lost)" || fail "final resume: $(tail -2 "$work/kills-final.err")"
if cut -d, -f1 "$run/losses.csv" | tail -n +2 | tr '\n' ' ' | grep -qx "$(seq -s ' ' 1 $iterations) "; then ok "the loss log holds iterations 1-$iterations once each"
else fail "loss log iterations: $(cut -d, -f1 "$run/losses.csv" | tr '\n' ' ')"; fi
ls -a "$run" | grep -q '\.tmp' && fail "temporary files left: $(ls -a "$run")" || ok "no temporary files left"
"$bin" generate --sample ode-to-joy --name kills -o "$work/kills.mid" >/dev/null 2>&1 && ok "the model loads and generates" || fail "the killed-and-resumed model does not generate"

[ $failures -eq 0 ] && echo "faults: ok" || { echo "faults: $failures failure(s)"; exit 1; }
