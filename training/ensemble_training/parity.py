"""Writes the twin-parity fixtures: Tests/GeneratorsTests/Fixtures/Parity/<architecture>.safetensors.

For each architecture (unet, unet-dc, musegan) a tiny config (the same as ArchitectureFixtures.tiny in the Swift
tests: 2 roles, 2 bars, 24 or 32 pitches, a few channels) is built here with seeded weights (BatchNorm's affine
parameters and running statistics made non-trivial), and one file holds:

    generator.<name>              the generator's state dict (num_batches_tracked int64)
    critic.<name>                 the critic's state dict
    input.condition               [2] + condition shape, bipolar rolls
    input.noise                   [2] + noise shape, normal clamped to ±2
    input.tracks                  [2] + tracks shape, uniform in (-1, 1)
    output.generator.eval         generator(condition, noise) in eval mode (running statistics)
    output.generator.train        the same in train mode (batch statistics), after the eval call
    after_train.generator.<name>  the generator's buffers after that train-mode call (running statistics, counters)
    output.critic                 critic(tracks, condition), [2, 1]
    grad.critic.<name>            d critic(tracks, condition).sum() / d parameter, for every critic parameter
    grad.critic.input             the same w.r.t. input.tracks

and the config JSON under the metadata key "config". References are computed in float64 from the float32
weights and inputs and stored as float32 (as scripts/parity/make_fixtures.py does), so a comparison measures only
the other side's own rounding. The weights and inputs are drawn on the half-precision grid and stored as F16:
exactly the float32 values used, in half the bytes (the three files take about 650 KB together).
Tests/GeneratorsTests/TwinParityTests.swift reads these files without Python.

    cd training && python -m ensemble_training.parity [--out DIR] [--only ARCH]
"""
import argparse
import copy
import json
import os
import sys

import torch
from safetensors.torch import load_file, save_file

from . import models

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "..", "Tests", "GeneratorsTests", "Fixtures", "Parity"))
BATCH = 2
ROLES = ["drums", "bass", "chords", "pad"]
SEEDS = {"unet": 101, "unet-dc": 202, "musegan": 303}


def tiny_config(architecture, role_count=2, octaves=2):
    """ArchitectureFixtures.tiny(architecture, roleCount:, octaves:) of the Swift tests."""
    roles = ROLES[:role_count]
    default_planes = {"conditionPlanes": ["melodySustain", "melodyOnset", "meter"], "trackPlanes": ["sustain", "onset"]}
    if architecture == "musegan":
        window = {"steps": 32, "lowestPitch": 24, "pitchCount": 12 * octaves, "roles": roles, **default_planes}
        sizes = {"latent": 4, "sharedWidth": 8, "privateWidth": 4, "encoderWidth": 2, "criticWidth": 2}
    elif architecture == "unet":
        window = {"steps": 32, "lowestPitch": 24, "pitchCount": 12 * octaves, "roles": roles, **default_planes}
        sizes = {"width": 4, "noiseChannels": 4, "criticWidth": 4}
    elif architecture == "unet-dc":
        window = {"steps": 32, "lowestPitch": 48, "pitchCount": 32, "roles": roles,
                  "conditionPlanes": ["melodySustain"], "trackPlanes": ["sustain", "onset"]}
        sizes = {"width": 4, "noiseChannels": 4, "criticWidth": 4}
    else:
        raise ValueError(f"unknown architecture '{architecture}'")
    config = {"architecture": architecture, "window": window, "sizes": sizes}
    models.check_config(config)
    return config


def _exercise_batch_norms(module, generator):
    """BatchNorm affine parameters and running statistics away from 1/0, so every one of them matters."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
                m.weight.copy_(torch.rand(m.weight.shape, generator=generator) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=generator) * 0.2)
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=generator) * 0.2)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=generator) * 1.5 + 0.5)
                m.num_batches_tracked.fill_(3)


def _round_to_half(module):
    """Every floating parameter and buffer moved to the nearest half-precision value (still float32), so the
    state dict can be stored as F16 exactly."""
    with torch.no_grad():
        for t in list(module.parameters()) + list(module.buffers()):
            if t.is_floating_point():
                t.copy_(t.half().float())


def _half(t):
    """A float32 tensor on the half grid as F16 (exact); integer tensors unchanged."""
    t = t.detach()
    if t.is_floating_point():
        assert torch.equal(t.half().float(), t.float()), "not on the half-precision grid"
        return t.half().contiguous().clone()
    return t.contiguous().clone()


def _stored(t):
    """float32 for floating tensors (int64 counters stay int64), contiguous and detached."""
    t = t.detach()
    return (t.float() if t.is_floating_point() else t).contiguous().clone()


def make_fixture(architecture):
    """The fixture's tensors and metadata for `architecture`."""
    config = tiny_config(architecture)
    seed = SEEDS[architecture]
    torch.manual_seed(seed)
    g, d = models.build_generator(config), models.build_critic(config)
    rng = torch.Generator().manual_seed(seed + 1)
    _exercise_batch_norms(g, rng)
    _round_to_half(g)
    _round_to_half(d)
    window = config["window"]
    n_cond, n_tracks = len(window["conditionPlanes"]), len(window["roles"]) * len(window["trackPlanes"])
    t, p = window["steps"], window["pitchCount"]
    condition = (torch.rand(BATCH, n_cond, t, p, generator=rng) < 0.2).float() * 2 - 1
    noise = torch.randn([BATCH] + g.noise_shape, generator=rng).clamp(-2, 2).half().float()
    tracks = (torch.rand(BATCH, n_tracks, t, p, generator=rng) * 2 - 1).half().float()

    out = {}
    for name, value in g.state_dict().items():
        out["generator." + name] = _half(value)
    for name, value in d.state_dict().items():
        out["critic." + name] = _half(value)
    out["input.condition"], out["input.noise"], out["input.tracks"] = _half(condition), _half(noise), _half(tracks)

    # References in float64 from exactly the stored float32 values.
    g64, d64 = copy.deepcopy(g).double(), copy.deepcopy(d).double()
    c64, z64, x64 = condition.double(), noise.double(), tracks.double()
    g64.eval()
    with torch.no_grad():
        out["output.generator.eval"] = _stored(g64(c64, z64))
    g64.train()
    with torch.no_grad():
        out["output.generator.train"] = _stored(g64(c64, z64))
    for name, value in g64.named_buffers():
        out["after_train.generator." + name] = _stored(value)

    x = x64.clone().requires_grad_(True)
    score = d64(x, c64)
    out["output.critic"] = _stored(score)
    params = list(d64.named_parameters())
    grads = torch.autograd.grad(score.sum(), [v for _, v in params] + [x])
    for (name, _), value in zip(params, grads[:-1]):
        out["grad.critic." + name] = _stored(value)
    out["grad.critic.input"] = _stored(grads[-1])

    # One metadata key: safetensors writes its metadata map in no fixed order, and the files should be
    # byte-identical from run to run.
    metadata = {"config": json.dumps(config, sort_keys=True)}
    return out, metadata


def _relative(a, b):
    """max |a - b| / max(max |b|, 1e-3): the Swift test's measure."""
    return ((a.double() - b.double()).abs().max() / max(b.double().abs().max().item(), 1e-3)).item()


def float32_errors(path):
    """PyTorch's own float32 result against the stored float64 references: {kind: worst relative error}."""
    tensors = {k: (v.float() if v.is_floating_point() else v) for k, v in load_file(path).items()}
    from safetensors import safe_open
    with safe_open(path, "pt") as f:
        config = json.loads(f.metadata()["config"])
    g, d = models.build_generator(config), models.build_critic(config)
    g.load_state_dict({k[len("generator."):]: v for k, v in tensors.items() if k.startswith("generator.")}, strict=True)
    d.load_state_dict({k[len("critic."):]: v for k, v in tensors.items() if k.startswith("critic.")}, strict=True)
    c, z, x = tensors["input.condition"], tensors["input.noise"], tensors["input.tracks"].clone().requires_grad_(True)
    worst = {}

    def note(kind, ours, key):
        worst[kind] = max(worst.get(kind, 0.0), _relative(ours, tensors[key]))

    g.eval()
    with torch.no_grad():
        note("generator eval", g(c, z), "output.generator.eval")
    g.train()
    with torch.no_grad():
        note("generator train", g(c, z), "output.generator.train")
    for name, value in g.named_buffers():
        note("running statistics", value.float(), "after_train.generator." + name)
    score = d(x, c)
    note("critic", score, "output.critic")
    params = list(d.named_parameters())
    grads = torch.autograd.grad(score.sum(), [v for _, v in params] + [x])
    for (name, _), value in zip(params, grads[:-1]):
        note("critic parameter gradients", value, "grad.critic." + name)
    note("critic input gradient", grads[-1], "grad.critic.input")
    return worst


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m ensemble_training.parity", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"directory for the fixtures (default {DEFAULT_OUT})")
    parser.add_argument("--only", choices=models.ARCHITECTURES, action="append", help="one architecture (repeatable)")
    args = parser.parse_args(argv)
    torch.set_num_threads(min(2, torch.get_num_threads()))
    os.makedirs(args.out, exist_ok=True)
    for architecture in args.only or ["unet", "unet-dc", "musegan"]:
        tensors, metadata = make_fixture(architecture)
        path = os.path.join(args.out, architecture + ".safetensors")
        save_file(tensors, path, metadata=metadata)
        os.chmod(path, 0o644)
        errors = float32_errors(path)
        summary = ", ".join(f"{k} {v:.1e}" for k, v in errors.items())
        print(f"{path}: {len(tensors)} tensors, {os.path.getsize(path) / 1024:.0f} KiB; PyTorch float32 vs the "
              f"float64 references: {summary}")


if __name__ == "__main__":
    sys.exit(main())
