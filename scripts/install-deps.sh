#!/usr/bin/env bash
# Installs what Ensemble needs on Debian 12: system libraries (apt-get) and, for optional interoperability
# tests, a project-local Python venv. Idempotent and quiet when everything is there already.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libncursesw5-dev libasound2-dev libfluidsynth-dev libdnnl-dev timgm6mb-soundfont pkg-config tmux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Python readers used by the interoperability tests (optional: tests skip with a reason when absent).
if [ "${ENSEMBLE_SKIP_VENV:-0}" != 1 ] && ! .venv/bin/python -c 'import mido, pretty_midi' 2>/dev/null; then
  if python3 -m venv .venv >/dev/null 2>&1 && .venv/bin/pip install -q mido pretty_midi >/dev/null 2>&1; then
    echo "python venv ready: .venv (mido, pretty_midi)"
  else
    echo "note: could not set up .venv with mido/pretty_midi; those interoperability tests will be skipped"
  fi
fi

# `scripts/install-deps.sh datasets`: what `make datasets` and scripts/e2e/datasets.sh need on top — mma (Debian,
# renders chord charts in genre grooves) and music21 with its corpus (pinned, in the project venv). Not part of
# plain `make deps`: only the dataset build and its end-to-end test use them.
if [ "${1:-}" = datasets ]; then
  if ! command -v mma >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing: mma"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq mma >/dev/null
  fi
  [ -x .venv/bin/python ] || python3 -m venv .venv
  if ! .venv/bin/python -c 'import sys, music21, mido; sys.exit(music21.__version__ != "10.5.1")' 2>/dev/null; then
    .venv/bin/pip install -q -r scripts/datasets/requirements.txt
    echo "python venv ready: .venv (music21 10.5.1, mido)"
  fi
fi

# `scripts/install-deps.sh training`: the PyTorch twin (training/, docs/training-at-scale.md) in its own venv,
# training/.venv, with the pinned torch, safetensors and numpy of training/pyproject.toml. PyPI's torch wheel
# brings CUDA libraries: about 5.4 GB and 2 minutes on this machine. `make test` runs it: the twin's end-to-end
# test trains on two processes and its result loads into Ensemble.
if [ "${1:-}" = training ]; then
  if ! training/.venv/bin/python -c 'import ensemble_training, torch, safetensors, numpy' 2>/dev/null; then
    [ -x training/.venv/bin/python ] || python3 -m venv training/.venv
    echo "installing the PyTorch twin's venv (training/.venv: torch, safetensors, numpy; about 5 GB, a few minutes)"
    training/.venv/bin/pip install -q -e training
    echo "python venv ready: training/.venv ($(training/.venv/bin/python -c 'import torch; print("torch", torch.__version__)'))"
  fi
fi
