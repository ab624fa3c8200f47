#!/usr/bin/env bash
# `make models`: trains the shipped models — every genre × {unet, musegan} — from data/<genre>.ensds (`make
# datasets`) and exports each into Models/<genre>-<arch>/ with half-precision weights. Resumable: runs live in
# build/models/ (their own XDG data home, apart from the user's models), every run checkpoints, and an
# interrupted `make models` continues each run where it stopped. A model already in Models/ trained from the
# same dataset for the same iterations is kept. Each model is then evaluated and docs/models/ (the model cards)
# is written from the runs' logs and evaluations.
#   MODELS="rock-unet pop-musegan" make models   builds only those (skipping any that are up to date)
#   FORCE=1 MODELS=rock-unet make models         trains rock-unet again from the start (the reproduction check)
#   JOBS=1 make models                           one run at a time on both threads (default: two at once, one
#                                                engine thread each: the whole build took 70 minutes so)
#   CHORD_PLANE=1 FORCE=1 make models            the experiment of docs/models/README.md: new runs also see the
#                                                melody's chord per bar (`ensemble train --chord-plane`)
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=.build/release/ensemble
export XDG_DATA_HOME="$PWD/build/models"
# The shipped recipe (docs/models/README.md says why): the lab's hyperparameters at batch 32, about 13 minutes of
# one core per MuseGAN and 23 per U-Net (1.5× the first shipped models' iterations: more checks met), the rate
# falling over the last quarter.
unet_iterations=${UNET_ITERATIONS:-450}
musegan_iterations=${MUSEGAN_ITERATIONS:-270}
decay=${LR_DECAY_FROM:-0.75}
batch=${BATCH_SIZE:-32}
ratio=${UPDATE_RATIO:-5}
lr=${LR:-0.001}
seed=${SEED:-1}
all_models="rock-unet rock-musegan pop-unet pop-musegan jazz-unet jazz-musegan symphony-unet symphony-musegan"
models=${MODELS:-$all_models}
jobs=${JOBS:-2}

# The dataset hash a manifest records ("hash" under "dataset"), and the hash of a dataset file as train records it.
manifest_field() { python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

iterations_for() { if [ "${1##*-}" = musegan ]; then echo "$musegan_iterations"; else echo "$unet_iterations"; fi; }

up_to_date() {   # name genre
  local manifest="Models/$1/manifest.json" iterations; iterations=$(iterations_for "$1")
  [ -f "$manifest" ] || return 1
  [ "$(manifest_field "$manifest" 'm["training"]["iterations"]')" = "$iterations" ] || return 1
  local expected; expected=$("$bin" dataset info "data/$2.ensds" --json 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["contentHash"])' 2>/dev/null) || return 1
  [ "$(manifest_field "$manifest" 'm["dataset"]["hash"]')" = "$expected" ]
}

build_one() {   # name
  local name=$1 genre=${1%-*} arch=${1##*-} log="build/models/$1.log" iterations; iterations=$(iterations_for "$1")
  local run="$XDG_DATA_HOME/ensemble/runs/$name" forced="build/models/$1.forced"
  # FORCE=1 trains again from the start; the marker keeps an interrupted forced run resuming, with or without FORCE.
  if [ "${FORCE:-0}" = 1 ] && [ ! -f "$forced" ]; then rm -rf "$run"; : > "$log"; touch "$forced"; fi
  if [ ! -f "$forced" ] && up_to_date "$name" "$genre"; then
    echo "$name: up to date in Models/$name"
    if ! calibrate_shipped "$name" "$genre"; then echo "$name: calibrated again (the way notes are read changed)"; evaluate_one "$name" "$genre"
    elif [ ! -f "build/models/eval/$name-heldout.json" ]; then evaluate_one "$name" "$genre"; fi
    return 0
  fi
  [ -f "data/$genre.ensds" ] || { echo "$name: data/$genre.ensds is missing: run 'make datasets' first" >&2; return 1; }
  local args=(--name "$name" --iterations "$iterations" --checkpoint-every 25 --sample-every 0)
  if [ -f "$run/checkpoint.safetensors" ]; then
    echo "$name: resuming ($log)"
    args+=(--resume)
  else
    echo "$name: training $iterations iterations ($log)"
    args+=(--data "data/$genre.ensds" --model "$arch" --genre "$genre" --batch-size "$batch"
           --update-ratio "$ratio" --lr "$lr" --lr-decay-from "$decay" --seed "$seed")
    [ "${CHORD_PLANE:-0}" = 1 ] && args+=(--chord-plane)
  fi
  "$bin" train "${args[@]}" >>"$log" 2>&1 || { echo "$name: training failed, see $log" >&2; return 1; }
  "$bin" models export "$name" --to Models --precision f16
  calibrate_shipped "$name" "$genre" || true
  rm -f "$forced"
  evaluate_one "$name" "$genre"
}

# Calibrates the shipped (f16) weights the way generation reads them (`ensemble models calibrate`, on a copy in a
# scratch data home) and keeps the manifest; fails (status 1) when the manifest changed.
calibrate_shipped() {   # name genre
  local name=$1 genre=$2 home="build/models/calibrate/$1"
  rm -rf "$home" && mkdir -p "$home/ensemble/models" && cp -r "Models/$name" "$home/ensemble/models/"
  XDG_DATA_HOME="$PWD/$home" ENSEMBLE_MODELS="$PWD/$home/none" \
    "$bin" models calibrate "$name" --data "data/$genre.ensds" >"build/models/$name.calibration.txt"
  if cmp -s "$home/ensemble/models/$name/manifest.json" "Models/$name/manifest.json"; then return 0; fi
  cp "$home/ensemble/models/$name/manifest.json" "Models/$name/manifest.json"
  return 1
}

# The card's evaluation: the shipped (f16) model on the genre's validation pieces and on its held-out folder
# (pieces no model saw, data/midi/heldout/<genre>), as JSON and text in build/models/eval/.
evaluate_one() {   # name genre
  local name=$1 genre=$2 out=build/models/eval
  mkdir -p "$out"
  if [ ! -f "$out/heldout-$genre.ensds" ]; then
    # Every role any held-out piece plays is kept (--role-share 0), so each model track has the data's beside it.
    "$bin" dataset build "data/midi/heldout/$genre" -o "$out/heldout-$genre.ensds" --role-share 0 >"$out/heldout-$genre.txt"
  fi
  local shipped=(env XDG_DATA_HOME="$PWD/build/models/none" ENSEMBLE_MODELS="$PWD/Models")
  "${shipped[@]}" "$bin" evaluate --name "$name" --data "data/$genre.ensds" \
    --json "$out/$name-validation.json" >"$out/$name-validation.txt"
  "${shipped[@]}" "$bin" evaluate --name "$name" --data "$out/heldout-$genre.ensds" --pieces all \
    --json "$out/$name-heldout.json" >"$out/$name-heldout.txt"
}

mkdir -p build/models Models
if [ "$jobs" -gt 1 ]; then
  export ENSEMBLE_THREADS=1
  export -f build_one evaluate_one calibrate_shipped up_to_date manifest_field iterations_for
  export bin unet_iterations musegan_iterations decay batch ratio lr seed CHORD_PLANE
  printf '%s\n' $models | xargs -P "$jobs" -I{} bash -c 'build_one {}'
else
  for name in $models; do build_one "$name"; done
fi
python3 scripts/models/cards.py
du -sh Models
