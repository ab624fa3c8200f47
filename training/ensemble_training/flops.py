"""Floating-point work of one training iteration, estimated from forward counts (PyTorch's FlopCounterMode
cannot follow the gradient penalty's double backward): with G and D the generator's and critic's forward work at
batch N, a critic update costs about G + 12·D (penalty forward, input gradient, scores on 2N, their backward and
the penalty's double backward) and the generator update about 3·G + 3·D, so an iteration is about
r·(G + 12·D) + 3·G + 3·D for update ratio r. Used by benchmarks/twin to estimate GPU throughput.

    python -m ensemble_training.flops --model unet --batch-size 64 --update-ratio 5
"""
import argparse

import torch
from torch.utils.flop_counter import FlopCounterMode

from . import models


def forward_flops(architecture, batch, roles=("drums", "bass", "chords", "pad")):
    """(generator, critic) forward FLOPs at `batch` for the architecture's default config."""
    config = models.default_config(architecture, list(roles))
    generator, critic = models.build_generator(config), models.build_critic(config)
    w = config["window"]
    condition = torch.zeros([batch, len(w["conditionPlanes"]), w["steps"], w["pitchCount"]])
    noise = torch.zeros([batch] + list(generator.noise_shape))
    with torch.no_grad():
        with FlopCounterMode(display=False) as g:
            tracks = generator(condition, noise)
        with FlopCounterMode(display=False) as d:
            critic(tracks, condition)
    return g.get_total_flops(), d.get_total_flops()


def iteration_flops(architecture, batch=64, update_ratio=5):
    g, d = forward_flops(architecture, batch)
    return update_ratio * (g + 12 * d) + 3 * g + 3 * d


def main():
    p = argparse.ArgumentParser(prog="ensemble_training.flops")
    p.add_argument("--model", default="unet", choices=["unet", "musegan", "unet-dc"])
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--update-ratio", type=int, default=5)
    a = p.parse_args()
    g, d = forward_flops(a.model, a.batch_size)
    print(f"generator forward {g / 1e9:.2f} GFLOP, critic forward {d / 1e9:.2f} GFLOP at batch {a.batch_size}; "
          f"iteration ≈ {iteration_flops(a.model, a.batch_size, a.update_ratio) / 1e9:.1f} GFLOP")


if __name__ == "__main__":
    main()
