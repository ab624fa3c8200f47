"""Writes the window-encoding parity fixture that Tests/GeneratorsTests/EncodingParityTests.swift checks.

    cd training && python -m ensemble_training.encoding_fixture [--source D.ensds] [--out DIR]

Copies the small dataset (default Tests/FuzzTargetsTests/Corpus/dataset/band.ensds, made by `ensemble dataset
build`) to DIR/band.ensds and writes DIR/windows.safetensors (DIR defaults to
Tests/GeneratorsTests/Fixtures/Encoding): for every train and validation window of the dataset, drawn with a
transposition (train: from the dataset's range, validation: none), plus two draws far outside the range that make
notes fold by octaves, the condition and tracks `data.encode_window` gives for two windows, the default `unet` one
(64 steps x 84 pitches from MIDI 24, melody sustain, onset and meter) and the lab's `unet-dc` one (32 steps x 128
pitches from 0, melody sustain only), plus a small `edge` window for the paths those two miss (see
`windows_for`). Tensors `<window>.<i>.condition` and `<window>.<i>.tracks`, stored as I8:
the encoding's values are -1, 0 and +1 (checked before storing), so I8 is exact and a quarter of F32's size.
Metadata: `fixture`, one JSON object with `draws` (split, index, piece, start, transpose), `windows` (name to
window config), `contentHash` (the Python reader's content_hash of the dataset), `dataset` and `writer`."""
import argparse
import json
import os
import shutil
import sys

import numpy as np
from safetensors.numpy import save_file

from . import data

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE = os.path.join(ROOT, "Tests", "FuzzTargetsTests", "Corpus", "dataset", "band.ensds")
OUT = os.path.join(ROOT, "Tests", "GeneratorsTests", "Fixtures", "Encoding")
#: Transpositions far outside any dataset's range: melody and pitched parts fold by octaves at both ends.
EXTREMES = (55, -50)


def windows_for(roles):
    """The windows: `unet` (ModelFactory.defaultConfig's WindowSpec(roles:)), `unet-dc` (the lab's) and `edge`."""
    return {
        "unet": {"steps": 64, "lowestPitch": 24, "pitchCount": 84, "roles": list(roles),
                 "conditionPlanes": ["melodySustain", "melodyOnset", "meter"], "trackPlanes": ["sustain", "onset"]},
        "unet-dc": {"steps": 32, "lowestPitch": 0, "pitchCount": 128, "roles": list(roles),
                    "conditionPlanes": ["melodySustain"], "trackPlanes": ["sustain", "onset"]},
        # Not a model's: the paths the two above miss. Melody onset without sustain (drawn whole and untransposed),
        # planes in an unusual order, the melody-chord plane (`--chord-plane`; its octaves cut at both ends), drum
        # keys below the window dropped, a role no piece has (guitar) silent.
        "edge": {"steps": 16, "lowestPitch": 40, "pitchCount": 24, "roles": ["guitar"] + list(roles)[::-1],
                 "conditionPlanes": ["meter", "melodyChord", "melodyOnset"], "trackPlanes": ["onset", "sustain"]},
    }


def draws_for(dataset, seed=1):
    low, high = dataset.transposition
    draws = [{"split": "train", "index": i, "piece": p, "start": s,
              "transpose": data.transposition_for(seed, 0, i, low, high)}
             for i, (p, s) in enumerate(dataset.train_windows)]
    draws += [{"split": "validation", "index": i, "piece": p, "start": s, "transpose": 0}
              for i, (p, s) in enumerate(dataset.validation_windows)]
    for k, transpose in enumerate(EXTREMES):
        p, s = dataset.train_windows[k % len(dataset.train_windows)]
        draws.append({"split": "train", "index": k % len(dataset.train_windows), "piece": p, "start": s,
                      "transpose": transpose})
    return draws


def ternary(array, name):
    if not np.isin(array, (-1.0, 0.0, 1.0)).all():
        raise SystemExit(f"encoding_fixture: {name} holds values other than -1, 0, +1; cannot store it as I8")
    return array.astype(np.int8)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m ensemble_training.encoding_fixture", description=__doc__.split("\n")[0])
    parser.add_argument("--source", default=SOURCE, help="the dataset to encode windows of (default: %(default)s)")
    parser.add_argument("--out", default=OUT, help="the fixture folder (default: %(default)s)")
    args = parser.parse_args(argv)

    os.makedirs(args.out, exist_ok=True)
    copy = os.path.join(args.out, "band.ensds")
    if os.path.abspath(args.source) != os.path.abspath(copy):
        shutil.copyfile(args.source, copy)
    dataset = data.read_ensds(copy)
    windows = windows_for(dataset.settings["roles"])
    draws = draws_for(dataset)
    tensors = {}
    for window_name, window in windows.items():
        for i, draw in enumerate(draws):
            condition, tracks = data.encode_window(dataset.pieces[draw["piece"]], draw["start"], draw["transpose"], window)
            tensors[f"{window_name}.{i}.condition"] = ternary(condition, f"{window_name}.{i}.condition")
            tensors[f"{window_name}.{i}.tracks"] = ternary(tracks, f"{window_name}.{i}.tracks")
    # One metadata key: the writer orders several at random (a hash map), one keeps the file's bytes reproducible.
    metadata = {"fixture": json.dumps({"draws": draws, "windows": windows, "contentHash": dataset.content_hash,
                                       "dataset": "band.ensds", "writer": "python -m ensemble_training.encoding_fixture"},
                                      sort_keys=True)}
    path = os.path.join(args.out, "windows.safetensors")
    save_file(tensors, path, metadata=metadata)
    os.chmod(path, 0o644)
    on = sum(int((t == 1).sum()) for t in tensors.values())
    print(f"wrote {path}: {len(draws)} draws x {len(windows)} windows, {len(tensors)} tensors, "
          f"{sum(t.size for t in tensors.values())} cells ({on} on), dataset {dataset.name} {dataset.content_hash}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
