#!/usr/bin/env bash
# The PyTorch twin end to end, as issue 10 asks: build a dataset with `ensemble dataset build`, train a few steps
# with torchrun on two CPU processes (gloo), resume for one more, and load the result in Ensemble: `ensemble models`
# lists it, `models calibrate` fits its reading, `generate` writes a band with it; and the other way, a shipped
# model's weights fine-tuned in PyTorch (--from). The venv comes from
# `make training-deps` (part of `make test`).
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${ENSEMBLE:-.build/release/ensemble}")
py=training/.venv/bin/python
failures=0
fail() { echo "training: FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "training: ok: $*"; }
if ! "$py" -c 'import torch, ensemble_training' 2>/dev/null; then
  [ -n "${CI:-}" ] && { echo "training: FAIL: training/.venv is missing (make training-deps)"; exit 1; }
  echo "training: skipped (no training/.venv: make training-deps)"; exit 0
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/xdg" OMP_NUM_THREADS=1

python3 scripts/make-band-midi.py "$work/band" 8 --seed=5 --bars=8-12 >/dev/null
"$bin" dataset build "$work/band" -o "$work/band.ensds" >/dev/null || fail "dataset build"

for model in unet musegan unet-dc; do
  case $model in
    unet|unet-dc) sizes=width=4,noiseChannels=4,criticWidth=4 ;;
    musegan) sizes=latent=4,sharedWidth=8,privateWidth=4,encoderWidth=2,criticWidth=2 ;;
  esac
  name=twin-$model
  if timeout 300 "$py" -m torch.distributed.run --standalone --nproc_per_node=2 -m ensemble_training.train --data "$work/band.ensds" \
      --model $model --name $name --iterations 2 --batch-size 2 --update-ratio 2 --sizes $sizes --checkpoint-every 1 --workers 0 \
      >"$work/$name.out" 2>"$work/$name.err"; then ok "$model: two iterations on two processes (gloo)"
  else fail "$model: torchrun: $(tail -5 "$work/$name.err")"; continue; fi
  grep -q "2 processes" "$work/$name.err" && ok "$model: data-parallel over 2 processes" || fail "$model: not 2 processes: $(head -2 "$work/$name.err")"
  if timeout 300 "$py" -m torch.distributed.run --standalone --nproc_per_node=2 -m ensemble_training.train --name $name --resume \
      --iterations 3 --workers 0 >/dev/null 2>"$work/$name.resume.err" && grep -q "resuming at iteration 2" "$work/$name.resume.err"
  then ok "$model: resumed at iteration 2, trained to 3"; else fail "$model: resume: $(tail -3 "$work/$name.resume.err")"; fi
  run=$XDG_DATA_HOME/ensemble/runs/$name
  [ "$(head -1 "$run/losses.csv")" = "iteration,seconds,critic,generator,penalty,wasserstein,lr" ] && [ "$(tail -n +2 "$run/losses.csv" | cut -d, -f1 | tr '\n' ' ')" = "1 2 3 " ] \
    && ok "$model: losses.csv has ensemble train's columns, iterations 1-3" || fail "$model: losses.csv: $(cat "$run/losses.csv")"
  "$bin" models 2>&1 | grep -q "$name" && ok "$model: ensemble models lists it" || fail "$model: not listed: $("$bin" models 2>&1 | tail -3)"
  "$bin" models calibrate $name --data "$work/band.ensds" >"$work/$name.cal" 2>&1 && ok "$model: calibrated by ensemble" || fail "$model: calibrate: $(cat "$work/$name.cal")"
  if "$bin" generate --sample ode-to-joy --name $name --seed 1 -o "$work/$name.mid" >/dev/null 2>"$work/$name.gen" \
      && "$bin" info "$work/$name.mid" | grep -q "Bass"; then ok "$model: ensemble generate writes a band with the PyTorch-trained weights"
  else fail "$model: generate: $(cat "$work/$name.gen")"; fi
done
# Weights the other way: fine-tune the shipped rock-unet (Ensemble's half-precision safetensors) in PyTorch for one
# iteration on one process; the result loads back into Ensemble and keeps the model's instruments where the data
# has no part.
if "$py" -m ensemble_training.train --data "$work/band.ensds" --from rock-unet --name twin-rock --iterations 1 --batch-size 2 \
    --update-ratio 1 --workers 0 >"$work/ft.out" 2>"$work/ft.err" \
    && "$bin" generate --sample ode-to-joy --name twin-rock --seed 1 -o "$work/twin-rock.mid" >/dev/null 2>"$work/ft.gen" \
    && grep -q '"fineTunedFrom" : "rock-unet"\|"fineTunedFrom": "rock-unet"' "$XDG_DATA_HOME/ensemble/models/twin-rock/manifest.json"
then ok "a shipped Ensemble model fine-tuned in PyTorch (--from rock-unet) generates in Ensemble"
else fail "--from rock-unet: $(tail -3 "$work/ft.err") $(cat "$work/ft.gen" 2>/dev/null)"; fi
said=$("$py" -m ensemble_training.train --data "$work/band.ensds" --from no-such-model --name x --workers 0 2>&1); status=$?
[ $status -ne 0 ] && [ "$(printf '%s\n' "$said" | grep -c .)" -eq 1 ] && [[ "$said" == *"no model directory"* ]] \
  && ok "--from an unknown model is refused in one line: $said" || fail "--from an unknown model: exit $status, said: $said"

[ $failures -eq 0 ] && echo "training: ok" || { echo "training: $failures failure(s)"; exit 1; }
