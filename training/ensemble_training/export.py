"""A trained generator as an Ensemble model directory: `generator.safetensors` (the Swift parameter names, so no
renaming either way) and `manifest.json` (ModelManifest, format 1), in $XDG_DATA_HOME/ensemble/models/NAME where
`ensemble models` finds it."""
import datetime
import json
import os

import torch
from safetensors.torch import load_file, save_file

# TrainedInstruments.swift: the velocity a role is voiced with, and its program when the data has none.
VELOCITY = {"melody": 100, "drums": 96, "bass": 92, "guitar": 80, "chords": 76, "pad": 64}
DEFAULT_PROGRAM = {"melody": 0, "chords": 0, "drums": 0, "bass": 33, "guitar": 25, "pad": 48}


def data_home(explicit=None):
    """As ModelStore.dataHome(): --home, else an absolute $XDG_DATA_HOME, else ~/.local/share."""
    if explicit:
        return os.path.abspath(explicit)
    xdg = os.environ.get("XDG_DATA_HOME", "")
    return xdg if xdg.startswith("/") else os.path.join(os.path.expanduser("~"), ".local", "share")


def instruments(dataset, roles, previous=()):
    """Each role's most-played GM program in the training pieces (`programs()`, as `TrainingDataset.programs()`),
    else the model fine-tuned from's, else the role's default, with TrainedInstruments' velocities."""
    programs = dataset.programs()
    before = {i["role"]: i["program"] for i in previous}
    return [{"role": role, "program": int(programs.get(role, before.get(role, DEFAULT_PROGRAM[role]))),
             "velocity": VELOCITY[role]} for role in roles]


def manifest(run, dataset, seconds, iterations, world):
    h = run["hyperparameters"]
    return {
        "format": 1,
        "name": run["name"],
        "genre": run["genre"],
        "config": run["config"],
        "instruments": instruments(dataset, run["config"]["window"]["roles"], run.get("previousInstruments", ())),
        "dataset": {"name": dataset.name, "hash": dataset.content_hash, "trainingWindows": len(dataset.train_windows)},
        "training": {
            "iterations": iterations, "batchSize": h["batchSize"], "learningRate": h["learningRate"],
            "updateRatio": h["updateRatio"], "seed": h["seed"], "seconds": round(seconds, 3),
            "finishedAt": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "fineTunedFrom": run.get("fineTunedFrom"),
            # Not in Ensemble's ModelManifest (readers ignore it): data-parallel processes, batchSize each.
            "processes": world, "trainedWith": f"PyTorch {torch.__version__}",
        },
        "weights": "generator.safetensors",
        # A fine-tuned model reads its output with its source's calibration until `ensemble models calibrate`
        # fits it to the new data (an uncalibrated model reads at tanh's midpoint).
        **({"thresholds": run["sourceThresholds"]} if run.get("sourceThresholds") else {}),
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


def find_model(reference, home):
    """An Ensemble model directory from a path, a name among the user's models, or a shipped model (`Models/` of
    this checkout): (directory, manifest dict)."""
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [reference, os.path.join(home, "ensemble", "models", reference),
                  os.path.join(here, "..", "..", "Models", reference)]
    for directory in candidates:
        path = os.path.join(directory, "manifest.json")
        if os.path.isfile(path):
            with open(path) as f:
                return os.path.abspath(directory), json.load(f)
    raise SystemExit(f"ensemble_training: --from {reference}: no model directory, user model or shipped model of that name")


def load_generator_weights(generator, directory, manifest):
    """Ensemble's generator weights (F32, F16 or BF16) into `generator`, strictly: same names, same shapes."""
    path = os.path.join(directory, manifest.get("weights", "generator.safetensors"))
    stored = load_file(path)
    own = generator.state_dict()
    weights = {name: t.to(own[name].dtype) if name in own else t for name, t in stored.items()}
    try:
        generator.load_state_dict(weights, strict=True)
    except RuntimeError as error:
        raise SystemExit(f"ensemble_training: {path}: does not fit the {manifest['config']['architecture']} network: "
                         + str(error).splitlines()[0])
