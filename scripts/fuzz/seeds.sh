#!/usr/bin/env bash
# Rebuilds the committed seed corpora (Tests/FuzzTargetsTests/Corpus/TARGET/) from the program's own output:
# sample melodies and band MIDI files, a dataset built from them, a two-iteration checkpoint of a tiny model, the
# shipped manifests, and what EnsembleFuzz makes in Swift (a tiny SoundFont, tiny networks' weights, a project,
# typed keys). Keeps any crash-* regression inputs already there. Run after a reader's format changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product ensemble >/dev/null
swift build --product EnsembleFuzz >/dev/null
bin=.build/release/ensemble
out=Tests/FuzzTargetsTests/Corpus
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

find "$out" -type f ! -name 'crash-*' -delete 2>/dev/null || true
.build/debug/EnsembleFuzz --seeds "$out"
mkdir -p "$out"/{midi,melody,dataset,manifest,checkpoint}

# MIDI: three sample melodies, band files in 4/4, 3/4 and 6/8 (the fifth is format 0).
for name in ode-to-joy greensleeves frere-jacques; do "$bin" samples "$name" -o "$out/midi/$name.mid" >/dev/null; done
python3 scripts/make-band-midi.py "$tmp/band" 5 --seed=7 --bars=4-5 >/dev/null
cp "$tmp"/band/*.mid "$out/midi/"
cp Sources/MusicCore/Resources/Melodies/{ode-to-joy,greensleeves,frere-jacques}.melody "$out/melody/"

# A dataset and a checkpoint from the band files; the shipped manifests (both architectures, all genres' roles).
"$bin" dataset build "$tmp/band" -o "$out/dataset/band.ensds" >/dev/null
XDG_DATA_HOME="$tmp/xdg" "$bin" train --data "$tmp/band" --name seed --model musegan --iterations 2 --batch-size 2 \
  --sizes latent=2,sharedWidth=4,privateWidth=2,encoderWidth=1,criticWidth=1 --checkpoint-every 1 >/dev/null 2>&1
cp "$tmp/xdg/ensemble/runs/seed/checkpoint.safetensors" "$out/checkpoint/musegan-tiny.safetensors"
for model in rock-unet jazz-musegan symphony-unet; do cp "Models/$model/manifest.json" "$out/manifest/$model.json"; done
du -sh "$out"/*
