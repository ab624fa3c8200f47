"""A trained generator as an Ensemble model directory: `generator.safetensors` (the Swift parameter names, so no
renaming either way) and `manifest.json` (ModelManifest, format 1), in $XDG_DATA_HOME/ensemble/models/NAME where
`ensemble models` finds it."""
import datetime
import json
import os

import torch
from safetensors.torch import save_file

# TrainedInstruments.swift: the velocity a role is voiced with, and its program when the data has none.
VELOCITY = {"melody": 100, "drums": 96, "bass": 92, "guitar": 80, "chords": 76, "pad": 64}
DEFAULT_PROGRAM = {"melody": 0, "chords": 0, "drums": 0, "bass": 33, "guitar": 25, "pad": 48}


def data_home(explicit=None):
    """As ModelStore.dataHome(): --home, else an absolute $XDG_DATA_HOME, else ~/.local/share."""
    if explicit:
        return os.path.abspath(explicit)
    xdg = os.environ.get("XDG_DATA_HOME", "")
    return xdg if xdg.startswith("/") else os.path.join(os.path.expanduser("~"), ".local", "share")


def instruments(dataset, roles):
    """Each role's most-played GM program in the training pieces (`programs()`, as `TrainingDataset.programs()`),
    else the role's default, with TrainedInstruments' velocities."""
    programs = dataset.programs()
    return [{"role": role, "program": int(programs.get(role, DEFAULT_PROGRAM[role])), "velocity": VELOCITY[role]}
            for role in roles]


def manifest(run, dataset, seconds, iterations, world):
    h = run["hyperparameters"]
    return {
        "format": 1,
        "name": run["name"],
        "genre": run["genre"],
        "config": run["config"],
        "instruments": instruments(dataset, run["config"]["window"]["roles"]),
        "dataset": {"name": dataset.name, "hash": dataset.content_hash, "trainingWindows": len(dataset.train_windows)},
        "training": {
            "iterations": iterations, "batchSize": h["batchSize"], "learningRate": h["learningRate"],
            "updateRatio": h["updateRatio"], "seed": h["seed"], "seconds": round(seconds, 3),
            "finishedAt": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            # Not in Ensemble's ModelManifest (readers ignore it): data-parallel processes, batchSize each.
            "processes": world, "trainedWith": f"PyTorch {torch.__version__}",
        },
        "weights": "generator.safetensors",
    }


def save_model(home, run, generator, dataset, seconds, iterations, world=1):
    """Writes the model directory (weights, then manifest, each atomically) and returns its path."""
    directory = os.path.join(home, "ensemble", "models", run["name"])
    os.makedirs(directory, exist_ok=True)
    weights = {name: t.detach().to("cpu", torch.float32).contiguous() for name, t in generator.state_dict().items()}
    atomic(os.path.join(directory, "generator.safetensors"), lambda path: save_file(weights, path, metadata={"format": "pt"}))
    text = json.dumps(manifest(run, dataset, seconds, iterations, world), indent=2, sort_keys=True) + "\n"
    atomic(os.path.join(directory, "manifest.json"), lambda path: open(path, "w").write(text))
    return directory


def atomic(path, write):
    temporary = f"{path}.tmp-{os.getpid()}"
    write(temporary)
    with open(temporary, "rb") as f:
        os.fsync(f.fileno())
    os.replace(temporary, path)
