"""Writes the PyTorch parity fixtures for the neural engine's tests (Tests/NeuralEngineTests/Fixtures).

A small copy of the DeepComposer GAN lab's U-Net generator and critic (the exact topology and module names of
../shared/anchors/deepcomposer_unet.py, with widths 4/8/16/32, noise 32 channels, melody 1x16x64, batch 2) is
seeded, and its weights, inputs, outputs (train and eval mode), first-order gradients, the WGAN-GP gradient
penalty's second-order gradients and two Adam steps are saved as safetensors. Every reference value is computed in
float64 from float32 weights and inputs and stored as float32, so the fixtures measure only the engine's own
rounding. The Swift tests read these files; they never run Python.

Optional to run (the committed fixtures are what the tests use):
    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install torch safetensors
    /tmp/peers/bin/python scripts/parity/make_fixtures.py
"""
import os
import warnings
import sys

import torch
import torch.nn as nn
from safetensors.torch import save_file

warnings.filterwarnings("ignore", message=".*padding=.same.*")  # PyTorch pads even kernels as TensorFlow does
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "NeuralEngineTests", "Fixtures")

WIDTHS = (4, 8, 16, 32)      # the lab uses 64/128/256/512
NOISE = 32                   # the lab uses 512
MELODY = (16, 64)            # steps x pitches; the lab uses 32 x 128
BATCH = 2
MOMENTUM = 0.2               # PyTorch's BatchNorm momentum for Keras' 0.8
GP_WEIGHT = 10.0
ADAM = dict(lr=1e-3, betas=(0.5, 0.9), eps=1e-8)


def down(i, o, bn=True):
    layers = [nn.Conv2d(i, o, 4, 2, 1), nn.LeakyReLU(0.2)]
    if bn:
        layers.append(nn.BatchNorm2d(o, momentum=MOMENTUM))
    return nn.Sequential(*layers)


def up(i, o):
    return nn.Sequential(nn.Upsample(scale_factor=2), nn.Conv2d(i, o, 4, 1, padding="same"),
                         nn.BatchNorm2d(o, momentum=MOMENTUM), nn.ReLU())


class UNetGenerator(nn.Module):
    def __init__(self, w=WIDTHS, noise=NOISE):
        super().__init__()
        self.d1, self.d2, self.d3, self.d4 = down(1, w[0], False), down(w[0], w[1]), down(w[1], w[2]), down(w[2], w[3])
        self.u4, self.u5, self.u6 = up(w[3] + noise, w[2]), up(2 * w[2], w[1]), up(2 * w[1], w[0])
        self.out = nn.Sequential(nn.Upsample(scale_factor=2), nn.Conv2d(2 * w[0], 4, 4, 1, padding="same"), nn.Tanh())

    def forward(self, c, z):
        d1 = self.d1(c); d2 = self.d2(d1); d3 = self.d3(d2); d4 = self.d4(d3)
        x = torch.cat([d4, z], 1)
        x = torch.cat([self.u4(x), d3], 1)
        x = torch.cat([self.u5(x), d2], 1)
        x = torch.cat([self.u6(x), d1], 1)
        return self.out(x)


class Critic(nn.Module):
    def __init__(self, w=WIDTHS, size=MELODY):
        super().__init__()
        layers = []
        for i, o in zip((5,) + w[:-1], w):
            layers += [nn.Conv2d(i, o, 4, 2, 1), nn.LeakyReLU(0.2)]
        self.features = nn.Sequential(*layers)
        self.dense = nn.Linear(w[-1] * (size[0] // 16) * (size[1] // 16), 1)

    def forward(self, x, c):
        return self.dense(self.features(torch.cat([x, c], 1)).flatten(1))


def gradient_penalty(D, xh, c):
    """WGAN-GP as the lab computes it: slope of the critic at interpolates, differentiable (create_graph)."""
    xh = xh.detach().requires_grad_(True)
    g, = torch.autograd.grad(D(xh, c).sum(), xh, create_graph=True)
    slope = torch.sqrt(1e-8 + g.pow(2).sum([1, 2, 3]))
    return ((slope - 1) ** 2).mean(), g


def critic_loss(D, real, fake, c, eps):
    xh = eps * real + (1 - eps) * fake
    gp, g = gradient_penalty(D, xh, c)
    return D(fake, c).mean() - D(real, c).mean() + GP_WEIGHT * gp, gp, g


def f32(tensors):
    """Everything is stored as float32 except integer buffers (num_batches_tracked stays int64, as in PyTorch)."""
    return {k: (v.detach().float().contiguous() if v.is_floating_point() else v.contiguous()) for k, v in tensors.items()}


def grads(module, loss, prefix, inputs=()):
    params = dict(module.named_parameters())
    values = torch.autograd.grad(loss, list(params.values()) + [t for _, t in inputs], retain_graph=True,
                                 allow_unused=True, materialize_grads=True)  # GP does not depend on the dense bias
    names = [prefix + n for n in params] + [prefix + "input." + n for n, _ in inputs]
    return dict(zip(names, values))


def main():
    torch.manual_seed(2024)
    G, D = UNetGenerator(), Critic()
    # BatchNorm's affine parameters and running statistics start non-trivial so every one of them is exercised.
    with torch.no_grad():
        for m in G.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5); m.bias.normal_(0, 0.2)
                m.running_mean.normal_(0, 0.2); m.running_var.uniform_(0.5, 2.0)
                m.num_batches_tracked.fill_(3)
    save_file(f32(G.state_dict()), os.path.join(OUT, "generator_weights.safetensors"), metadata=config())
    save_file(f32(D.state_dict()), os.path.join(OUT, "critic_weights.safetensors"), metadata=config())

    h, w = MELODY
    c = torch.randn(BATCH, 1, h, w)
    z = nn.init.trunc_normal_(torch.empty(BATCH, NOISE, h // 16, w // 16))
    r = torch.randn(BATCH, 4, h, w)                      # fixed weights of the generator's test loss sum(y * r)
    real = torch.randn(BATCH, 4, h, w).sign()
    eps = torch.rand(BATCH, 1, 1, 1)
    G, D = G.double(), D.double()
    cd, zd, rd, reald, epsd = (t.double() for t in (c, z, r, real, eps))

    # Generator: eval output, then a train-mode forward (batch statistics; updates running stats) and its gradients.
    gen = {"input.c": c, "input.z": z, "loss_weights": r}
    G.eval()
    with torch.no_grad():
        gen["output.eval"] = G(cd, zd)
    G.train()
    cg, zg = cd.clone().requires_grad_(True), zd.clone().requires_grad_(True)
    y = G(cg, zg)
    gen["output.train"] = y
    gen["loss"] = (y * rd).sum()
    gen.update(grads(G, gen["loss"], "grad.", [("c", cg), ("z", zg)]))
    for name, buf in G.named_buffers():
        gen["after_train." + name] = buf
    fake = y.detach().float().double()
    save_file(f32(gen), os.path.join(OUT, "generator_parity.safetensors"), metadata=config())

    # Critic: output, the gradient penalty (first-order input gradient, second-order weight gradients) and the
    # full WGAN-GP critic loss with its weight gradients. The fake batch is the generator's train-mode output.
    crit = {"input.real": real, "input.fake": fake, "input.c": c, "input.eps": eps}
    crit["output.real"] = D(reald, cd)
    gp, g = gradient_penalty(D, epsd * reald + (1 - epsd) * fake, cd)
    crit["gp"], crit["gp_input_grad"] = gp, g
    crit.update(grads(D, gp, "gp_grad."))
    loss, _, _ = critic_loss(D, reald, fake, cd, epsd)
    crit["loss"] = loss
    crit.update(grads(D, loss, "loss_grad."))
    # The generator's WGAN loss through the critic, -mean D(G(c, z), c) in train mode, and its input gradients.
    cg, zg = cd.clone().requires_grad_(True), zd.clone().requires_grad_(True)
    loss_g = -D(G(cg, zg), cd).mean()
    crit["generator_loss"] = loss_g
    crit.update(grads(D, loss_g, "generator_loss_grad.", [("c", cg), ("z", zg)]))
    save_file(f32(crit), os.path.join(OUT, "critic_parity.safetensors"), metadata=config())

    # Adam (lr 1e-3, betas 0.5/0.9) in float32 from the stored float32 gradients: two steps, so the moment
    # estimates and bias corrections of step 2 are checked too. Step 2's gradient is the loss gradient at step 1's
    # weights (computed in float64 like the others).
    D32 = Critic()
    D32.load_state_dict({k: v.float() for k, v in D.state_dict().items()})
    opt = torch.optim.Adam(D32.parameters(), **ADAM)
    adam = {}
    g1 = {n: crit["loss_grad." + n].float() for n, _ in D32.named_parameters()}
    for n, p in D32.named_parameters():
        p.grad = g1[n].clone()
    opt.step()
    adam.update({"step1." + n: p.detach().clone() for n, p in D32.named_parameters()})
    D.load_state_dict({k: v.double() for k, v in D32.state_dict().items()})
    loss2, _, _ = critic_loss(D, reald, fake, cd, epsd)
    g2 = grads(D, loss2, "")
    adam.update({"grad2." + n: v for n, v in g2.items()})
    for n, p in D32.named_parameters():
        p.grad = g2[n].float()
    opt.step()
    adam.update({"step2." + n: p.detach().clone() for n, p in D32.named_parameters()})
    save_file(f32(adam), os.path.join(OUT, "adam_parity.safetensors"), metadata=config())

    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT) if f.endswith(".safetensors"))
    print(f"wrote fixtures to {os.path.normpath(OUT)}: {total} bytes; torch {torch.__version__}", file=sys.stderr)


def config():
    return {"torch": torch.__version__, "widths": ",".join(map(str, WIDTHS)), "noise": str(NOISE),
            "melody": f"{MELODY[0]}x{MELODY[1]}", "batch": str(BATCH), "bn_momentum": str(MOMENTUM),
            "gp_weight": str(GP_WEIGHT), "adam": "lr=1e-3 betas=0.5,0.9 eps=1e-8", "seed": "2024"}


if __name__ == "__main__":
    main()
