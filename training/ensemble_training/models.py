"""Ensemble's generators and critics in PyTorch, twins of Sources/Generators/Models.

Three architectures, chosen by a config dict that is exactly a manifest's "config" (Swift's `ModelConfig`
as JSON): `unet` (the default U-Net over a 64-step x 84-pitch window), `unet-dc` (the AWS DeepComposer lab's
U-Net at the lab's sizes and window) and `musegan` (after MuseGAN v2, conditioned on the melody).

Every module's `state_dict()` has exactly the names and shapes of the Swift module's `stateDict()` (and so of
Ensemble's safetensors files): BatchNorm's running statistics and its int64 `num_batches_tracked` counter are
stored by both sides, so a state dict moves either way with no renaming. With the same weights and inputs the
outputs agree to float32 rounding (checked by Tests/GeneratorsTests/TwinParityTests.swift against the fixtures
that `python -m ensemble_training.parity` writes).

Tensors are NCHW with H = time steps and W = pitches, as in Swift's `WindowSpec`:
    condition [N, len(conditionPlanes), steps, pitchCount]
    tracks    [N, len(roles) * len(trackPlanes), steps, pitchCount]   (role-major, values in (-1, 1))

Public API:
    default_config(architecture, roles) -> dict
    check_config(config)                    raises ValueError with ModelFactory.check's messages
    build_generator(config) -> nn.Module    forward(condition, noise) -> tracks; .noise_shape
    build_critic(config) -> nn.Module       forward(tracks, condition) -> [N, 1]
"""
import copy
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

__all__ = ["ARCHITECTURES", "TRACK_ROLES", "CONDITION_PLANES", "TRACK_PLANES", "size_keys", "default_config",
           "check_config", "build_generator", "build_critic", "UNetGenerator", "UNetCritic", "MuseGANGenerator",
           "MuseGANCritic"]

# PyTorch warns that an even kernel with padding="same" pads asymmetrically: that is what Swift's
# UpsampleConv2d does too (kernel 4: one row before, two after).
warnings.filterwarnings("ignore", message=".*padding=.same.*")

ARCHITECTURES = ("musegan", "unet", "unet-dc")
# MusicCore.TrackRole; "melody" is the condition, never an accompaniment role.
TRACK_ROLES = ("melody", "drums", "bass", "chords", "guitar", "pad")
CONDITION_PLANES = ("melodySustain", "melodyOnset", "meter", "melodyChord")
TRACK_PLANES = ("sustain", "onset")

STEPS_PER_BAR = 16   # MuseGAN's bar view (BarView.stepsPerBar)
STEPS_PER_BEAT = 4   # BarView.stepsPerBeat
UNET_MOMENTUM = 0.2  # DeepComposerLabConfig.batchNormMomentum (PyTorch convention; Keras' 0.8)
MUSEGAN_MOMENTUM = 0.1  # NeuralEngine.BatchNorm's default, used by MuseGANBlock


# MARK: - Configs (ModelFactory, ModelSizes, UNetSizes, MuseGANSizes, WindowSpec)

def size_keys(architecture):
    """[(key, default, (low, high), meaning)] as Swift's `ModelFactory.sizeKeys`."""
    if architecture in ("unet", "unet-dc"):
        lab = architecture == "unet-dc"
        return [
            ("width", 64 if lab else 32, (1, 512),
             "channels of the first encoder convolution (doubled three times; the decoder mirrors them)"),
            ("noiseChannels", 512 if lab else 64, (1, 2048),
             "noise planes joined at the bottleneck (steps/16 × pitches/16 each)"),
            ("criticWidth", 64 if lab else 32, (1, 512),
             "channels of the critic's first convolution (doubled three times)"),
        ]
    if architecture == "musegan":
        return [
            ("latent", 64, (1, 1024), "noise vector size (upstream 128)"),
            ("sharedWidth", 256, (4, 2048),
             "channels of the temporal layer; the two bar layers take 1/2 and 1/4 of it (upstream 512)"),
            ("privateWidth", 32, (2, 256),
             "channels of each track's first private layers; the second take half (upstream 32)"),
            ("encoderWidth", 16, (1, 128),
             "channels of the melody encoder's first layers, doubled at each coarser resolution (upstream 16)"),
            ("criticWidth", 8, (1, 128),
             "critic base width: private streams 1×/2×/4×, shared 8×/16×, chroma and onset to 4×, merged 32× "
             "(upstream 16)"),
        ]
    raise ValueError(f"unknown architecture '{architecture}' (known: {', '.join(ARCHITECTURES)})")


def default_config(architecture, roles):
    """Swift's `ModelFactory.defaultConfig(architecture, roles:)` as a manifest's JSON "config": the default
    window (64 steps x 84 pitches from MIDI 24; melody sustain, onset and meter in; sustain and onset per role
    out) or, for `unet-dc`, the lab's (32 steps x 128 pitches from MIDI 0, the melody roll only), and every size
    at its default."""
    keys = size_keys(architecture)
    if architecture == "unet-dc":
        window = {"steps": 32, "lowestPitch": 0, "pitchCount": 128, "roles": list(roles),
                  "conditionPlanes": ["melodySustain"], "trackPlanes": ["sustain", "onset"]}
    else:
        window = {"steps": 64, "lowestPitch": 24, "pitchCount": 84, "roles": list(roles),
                  "conditionPlanes": ["melodySustain", "melodyOnset", "meter"], "trackPlanes": ["sustain", "onset"]}
    return {"architecture": architecture, "window": window, "sizes": {k: d for k, d, _, _ in keys}}


def _window_problem(w):
    """`WindowSpec.problem`: nil when usable, else why not."""
    steps, lowest, count = w["steps"], w["lowestPitch"], w["pitchCount"]
    roles, conditions, planes = w["roles"], w["conditionPlanes"], w["trackPlanes"]
    if steps < 1 or steps > 4096:
        return f"window steps must be 1...4096, got {steps}"
    if count < 12 or lowest < 0 or lowest + count > 128:
        return f"pitch window {lowest} + {count} must hold an octave within MIDI 0...127"
    if not roles:
        return "no accompaniment roles"
    if "melody" in roles:
        return "the melody is the condition, not an accompaniment role"
    if len(set(roles)) != len(roles):
        return "a role appears twice"
    if not conditions or not planes or "sustain" not in planes:
        return "needs condition planes and a sustain plane"
    return None


def _architecture_problem(architecture, w):
    steps, count = w["steps"], w["pitchCount"]
    if architecture in ("unet", "unet-dc"):
        if steps % 16 != 0:
            return f"{architecture} needs window steps divisible by 16, got {steps}"
        if architecture == "unet-dc" and count % 16 != 0:
            return f"unet-dc needs a pitch count divisible by 16 (the lab's 128), got {count}"
        return None
    if steps % STEPS_PER_BAR != 0:
        return f"musegan needs window steps in whole bars of {STEPS_PER_BAR}, got {steps}"
    if count % 12 != 0 or count < 24:
        return f"musegan needs a pitch count in whole octaves (24, 36, ... 84), got {count}"
    return None


def _check_structure(config):
    """What Swift's JSON decoding of a `ModelConfig` refuses (wrong types, unknown enum values, missing keys)."""
    if not isinstance(config, dict):
        raise ValueError("config must be an object with architecture, window and sizes")
    architecture = config.get("architecture")
    if architecture not in ARCHITECTURES:
        raise ValueError(f"unknown architecture '{architecture}' (known: {', '.join(ARCHITECTURES)})")
    window = config.get("window")
    if not isinstance(window, dict):
        raise ValueError("config has no window")
    for key in ("steps", "lowestPitch", "pitchCount"):
        value = window.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"window {key} must be an integer, got {value!r}")
    for key, known in (("roles", TRACK_ROLES), ("conditionPlanes", CONDITION_PLANES), ("trackPlanes", TRACK_PLANES)):
        values = window.get(key)
        if not isinstance(values, list):
            raise ValueError(f"window {key} must be a list")
        for v in values:
            if v not in known:
                raise ValueError(f"unknown window {key} value '{v}' (known: {', '.join(known)})")
    sizes = config.get("sizes", {})
    if not isinstance(sizes, dict):
        raise ValueError("config sizes must be an object of integers")
    for key, value in sizes.items():
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"size '{key}' must be an integer, got {value!r}")


def check_config(config):
    """Raises ValueError with the first problem of `config`, as Swift's `ModelFactory.check`: a window no model
    can use, one this architecture cannot use, an unknown size key or a value out of range."""
    _check_structure(config)
    architecture, window = config["architecture"], config["window"]
    problem = _window_problem(window) or _architecture_problem(architecture, window)
    if problem:
        raise ValueError(problem)
    keys = size_keys(architecture)
    names = [k for k, _, _, _ in keys]
    sizes = config.get("sizes", {})
    for key in sorted(sizes):
        if key not in names:
            raise ValueError(f"unknown size '{key}' for {architecture} (known: {', '.join(names)})")
    for key, _, (low, high), _ in keys:
        if key in sizes and not low <= sizes[key] <= high:
            raise ValueError(f"size '{key}' of {architecture} is {sizes[key]}, must be {low}...{high}")


def _sizes(config):
    """Every size of the config's architecture: its own value, else the default."""
    given = config.get("sizes", {})
    return {k: given.get(k, d) for k, d, _, _ in size_keys(config["architecture"])}


class _Window:
    """The parts of `WindowSpec` the networks read."""

    def __init__(self, w):
        self.steps, self.pitches = w["steps"], w["pitchCount"]
        self.roles = len(w["roles"])
        self.condition_planes = len(w["conditionPlanes"])
        self.track_planes = len(w["trackPlanes"])
        self.track_channels = self.roles * self.track_planes
        self.condition_shape = [self.condition_planes, self.steps, self.pitches]
        self.tracks_shape = [self.track_channels, self.steps, self.pitches]


def _require(x, shape, what):
    if list(x.shape[1:]) != list(shape):
        raise ValueError(f"{what} must be [N] + {list(shape)}, got {list(x.shape)}")


def build_generator(config):
    """A generator for `config` (checked first): forward(condition, noise) -> tracks in (-1, 1); `noise_shape`
    is one sample's noise shape (without the batch axis). Fresh PyTorch-default weights; load Ensemble's with
    `load_state_dict`."""
    check_config(config)
    if config["architecture"] == "musegan":
        return MuseGANGenerator(config)
    return UNetGenerator(config)


def build_critic(config):
    """A critic for `config` (checked first): forward(tracks, condition) -> scores [N, 1]."""
    check_config(config)
    if config["architecture"] == "musegan":
        return MuseGANCritic(config)
    return UNetCritic(config)


# MARK: - U-Nets (UNetGenerator.swift, UNetCritic.swift, DeepComposerLab.swift)

class _PitchPadding:
    """Silence (-1) on both sides of the pitch axis so it divides by 16 (84 -> 96: 6 each side), and the crop."""

    def __init__(self, pitches):
        self.pitches = pitches
        padded = (pitches + 15) // 16 * 16
        self.left = (padded - pitches) // 2
        self.right = padded - pitches - self.left
        self.padded = padded

    def pad(self, x):
        if self.left == 0 and self.right == 0:
            return x
        return F.pad(x, (self.left, self.right), value=-1.0)

    def crop(self, x):
        return x[..., self.left:self.left + self.pitches]


def _lab_down(i, o, normalized):
    # Names: 0 the convolution, 2 the batch norm (after the LeakyReLU, as the lab has it).
    layers = [nn.Conv2d(i, o, 4, stride=2, padding=1), nn.LeakyReLU(0.2)]
    if normalized:
        layers.append(nn.BatchNorm2d(o, eps=1e-5, momentum=UNET_MOMENTUM))
    return nn.Sequential(*layers)


def _lab_up(i, o):
    # Nearest upsample x2 + conv 4x4 'same' (one row/column before, two after), BatchNorm, ReLU. Names: 1, 2.
    # Swift computes the first two as one fused transposed convolution: exactly equal.
    return nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(i, o, 4, padding="same"),
                         nn.BatchNorm2d(o, eps=1e-5, momentum=UNET_MOMENTUM), nn.ReLU())


def _lab_out(i, o):
    return nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(i, o, 4, padding="same"), nn.Tanh())


class UNetGenerator(nn.Module):
    """`unet` and `unet-dc`: the DeepComposer lab's U-Net over a window padded in pitch to a multiple of 16.
    Names: d1.0.*, d2.0.*, d2.2.* (BatchNorm), ..., u4.1.*, u4.2.*, ..., out.1.* (no `net.` prefix: Swift's
    UNetGenerator forwards its DeepComposerUNet's children)."""

    def __init__(self, config):
        super().__init__()
        self.config = copy.deepcopy(config)
        self.window = _Window(config["window"])
        self.padding = _PitchPadding(self.window.pitches)
        sizes = _sizes(config)
        w0 = sizes["width"]
        w = [w0, 2 * w0, 4 * w0, 8 * w0]
        noise = sizes["noiseChannels"]
        self.d1 = _lab_down(self.window.condition_planes, w[0], False)
        self.d2 = _lab_down(w[0], w[1], True)
        self.d3 = _lab_down(w[1], w[2], True)
        self.d4 = _lab_down(w[2], w[3], True)
        self.u4 = _lab_up(w[3] + noise, w[2])
        self.u5 = _lab_up(2 * w[2], w[1])
        self.u6 = _lab_up(2 * w[1], w[0])
        self.out = _lab_out(2 * w[0], self.window.track_channels)
        self.noise_shape = [noise, self.window.steps // 16, self.padding.padded // 16]

    def forward(self, condition, noise):
        _require(condition, self.window.condition_shape, "condition")
        _require(noise, self.noise_shape, "noise")
        e1 = self.d1(self.padding.pad(condition))
        e2 = self.d2(e1)
        e3 = self.d3(e2)
        e4 = self.d4(e3)
        x = torch.cat([e4, noise], 1)
        x = torch.cat([self.u4(x), e3], 1)
        x = torch.cat([self.u5(x), e2], 1)
        x = torch.cat([self.u6(x), e1], 1)
        return self.padding.crop(self.out(x))


class UNetCritic(nn.Module):
    """The lab's critic over tracks and condition planes (padded as the generator pads them): four conv 4x4
    stride 2 + LeakyReLU 0.2, no normalisation, dense -> 1. Names: features.0/2/4/6.*, dense.*."""

    def __init__(self, config):
        super().__init__()
        self.config = copy.deepcopy(config)
        self.window = _Window(config["window"])
        self.padding = _PitchPadding(self.window.pitches)
        c = _sizes(config)["criticWidth"]
        w = [c, 2 * c, 4 * c, 8 * c]
        layers = []
        for i, o in zip([self.window.track_channels + self.window.condition_planes] + w[:-1], w):
            layers += [nn.Conv2d(i, o, 4, stride=2, padding=1), nn.LeakyReLU(0.2)]
        self.features = nn.Sequential(*layers)
        self.dense = nn.Linear(w[3] * (self.window.steps // 16) * (self.padding.padded // 16), 1)

    def forward(self, tracks, condition):
        _require(tracks, self.window.tracks_shape, "tracks")
        _require(condition, self.window.condition_shape, "condition")
        x = torch.cat([self.padding.pad(tracks), self.padding.pad(condition)], 1)
        return self.dense(self.features(x).flatten(1))


# MARK: - MuseGAN (MuseGANSizes.swift, MuseGANBlock.swift, MuseGANEncoder.swift, MuseGANGenerator.swift,
# MuseGANCritic.swift)

class _BarView:
    """[N, C, T, P] <-> [N, C, bars, 16, P]; the pitch axis in octaves."""

    def __init__(self, window):
        self.bars = window.steps // STEPS_PER_BAR
        self.pitches = window.pitches
        self.octaves = self.pitches // 12
        self.last_pitch_kernel = 3 if self.octaves % 2 == 1 else 2
        self.mid_pitch = (self.octaves - self.last_pitch_kernel) // 2 + 1

    def split(self, x):
        return x.reshape(x.shape[0], x.shape[1], self.bars, STEPS_PER_BAR, x.shape[3])

    def join(self, x):
        return x.reshape(x.shape[0], x.shape[1], self.bars * STEPS_PER_BAR, x.shape[4])


class MuseGANBlock(nn.Module):
    """A 3-D (transposed) convolution whose kernel tiles its input (stride = kernel unless given, no padding),
    an optional BatchNorm and an activation, over the channel concatenation of its inputs. Names: conv, norm.

    up:   ConvTranspose3d without bias, BatchNorm, ReLU (the generator).
    down: Conv3d without bias, BatchNorm, ReLU (the generator's encoder), or, for the critic, Conv3d with bias and
          LeakyReLU 0.2 without normalisation."""

    def __init__(self, kind, i, o, kernel, stride=None, critic=False):
        super().__init__()
        stride = list(stride or kernel)
        if kind == "up":
            self.conv = nn.ConvTranspose3d(i, o, kernel, stride=stride, bias=False)
            self.norm = nn.BatchNorm3d(o, eps=1e-5, momentum=MUSEGAN_MOMENTUM)
            self.slope = None
        else:
            self.conv = nn.Conv3d(i, o, kernel, stride=stride, bias=critic)
            self.norm = None if critic else nn.BatchNorm3d(o, eps=1e-5, momentum=MUSEGAN_MOMENTUM)
            self.slope = 0.2 if critic else None

    def forward(self, *parts):
        x = self.conv(parts[0] if len(parts) == 1 else torch.cat(parts, 1))
        if self.norm is not None:
            x = self.norm(x)
        return F.relu(x) if self.slope is None else F.leaky_relu(x, self.slope)


class MuseGANEncoder(nn.Module):
    """The condition encoder: pitch->time and time->pitch paths and a shared path down to one vector; every
    resolution's features are returned. Names: pitch_time.0/1, time_pitch.0/1, shared.0/1/2."""

    def __init__(self, condition_planes, e, view):
        super().__init__()
        beat = STEPS_PER_BEAT
        self.pitch_time = nn.ModuleList([MuseGANBlock("down", condition_planes, e, [1, 1, 12]),
                                         MuseGANBlock("down", e, 2 * e, [1, beat, 1])])
        self.time_pitch = nn.ModuleList([MuseGANBlock("down", condition_planes, e, [1, beat, 1]),
                                         MuseGANBlock("down", e, 2 * e, [1, 1, 12])])
        self.shared = nn.ModuleList([
            MuseGANBlock("down", 4 * e, 4 * e, [1, 2, view.last_pitch_kernel], stride=[1, 2, 2]),
            MuseGANBlock("down", 4 * e, 8 * e, [1, 2, view.mid_pitch]),
            MuseGANBlock("down", 8 * e, 16 * e, [view.bars, 1, 1]),
        ])

    def forward(self, condition):
        pt1 = self.pitch_time[0](condition)
        pt2 = self.pitch_time[1](pt1)
        tp1 = self.time_pitch[0](condition)
        tp2 = self.time_pitch[1](tp1)
        s1 = self.shared[0](tp2, pt2)
        s2 = self.shared[1](s1)
        s3 = self.shared[2](s2)
        return {"pt1": pt1, "pt2": pt2, "tp1": tp1, "tp2": tp2, "s1": s1, "s2": s2, "s3": s3}


class MuseGANTrackBranch(nn.Module):
    """One role's private branches. Names: pitch_time.0/1, time_pitch.0/1, merge (a Conv3d 1x1x1 with bias,
    no BatchNorm, then tanh)."""

    def __init__(self, i, e, p, condition_planes, planes):
        super().__init__()
        beat = STEPS_PER_BEAT
        self.pitch_time = nn.ModuleList([MuseGANBlock("up", i + 2 * e, p, [1, 1, 12]),
                                         MuseGANBlock("up", p + e, p // 2, [1, beat, 1])])
        self.time_pitch = nn.ModuleList([MuseGANBlock("up", i + 2 * e, p, [1, beat, 1]),
                                         MuseGANBlock("up", p + e, p // 2, [1, 1, 12])])
        self.merge = nn.Conv3d(2 * (p // 2) + condition_planes, planes, [1, 1, 1])

    def forward(self, pitch_first, time_first, f, condition):
        a = self.pitch_time[1](self.pitch_time[0](pitch_first), f["tp1"])
        b = self.time_pitch[1](self.time_pitch[0](time_first), f["pt1"])
        return torch.tanh(self.merge(torch.cat([a, b, condition], 1)))


class MuseGANGenerator(nn.Module):
    """The MuseGAN generator, conditioned on the melody through the encoder. Names: encoder.*, temporal.*,
    bar.0/1.*, tracks.<k>.*. Noise: [latent]."""

    def __init__(self, config):
        super().__init__()
        self.config = copy.deepcopy(config)
        self.window = _Window(config["window"])
        self.view = _BarView(self.window)
        sizes = _sizes(config)
        self.latent = sizes["latent"]
        e, w = sizes["encoderWidth"], sizes["sharedWidth"]
        view = self.view
        self.encoder = MuseGANEncoder(self.window.condition_planes, e, view)
        self.temporal = MuseGANBlock("up", self.latent + 16 * e, w, [view.bars, 1, 1])
        self.bar = nn.ModuleList([
            MuseGANBlock("up", w + 8 * e, w // 2, [1, 2, view.mid_pitch]),
            MuseGANBlock("up", w // 2 + 4 * e, w // 4, [1, 2, view.last_pitch_kernel], stride=[1, 2, 2]),
        ])
        self.tracks = nn.ModuleList([
            MuseGANTrackBranch(w // 4, e, sizes["privateWidth"], self.window.condition_planes,
                               self.window.track_planes)
            for _ in range(self.window.roles)])
        self.noise_shape = [self.latent]

    def forward(self, condition, noise):
        _require(condition, self.window.condition_shape, "condition")
        _require(noise, self.noise_shape, "noise")
        n = condition.shape[0]
        c = self.view.split(condition)
        f = self.encoder(c)
        h = self.temporal(noise.reshape(n, self.latent, 1, 1, 1), f["s3"])
        h = self.bar[0](h, f["s2"])
        h = self.bar[1](h, f["s1"])
        pitch_first = torch.cat([h, f["tp2"]], 1)
        time_first = torch.cat([h, f["pt2"]], 1)
        return self.view.join(torch.cat([t(pitch_first, time_first, f, c) for t in self.tracks], 1))


class MuseGANCriticBranch(nn.Module):
    """One role's private critic stream. Names: pitch_time.0/1, time_pitch.0/1, merge (blocks: conv with bias)."""

    def __init__(self, i, c):
        super().__init__()
        beat = STEPS_PER_BEAT
        self.pitch_time = nn.ModuleList([MuseGANBlock("down", i, c, [1, 1, 12], critic=True),
                                         MuseGANBlock("down", c, 2 * c, [1, beat, 1], critic=True)])
        self.time_pitch = nn.ModuleList([MuseGANBlock("down", i, c, [1, beat, 1], critic=True),
                                         MuseGANBlock("down", c, 2 * c, [1, 1, 12], critic=True)])
        self.merge = MuseGANBlock("down", 4 * c, 4 * c, [1, 1, 1], critic=True)

    def forward(self, role, condition):
        x = torch.cat([role, condition], 1)
        return self.merge(self.pitch_time[1](self.pitch_time[0](x)), self.time_pitch[1](self.time_pitch[0](x)))


class MuseGANCritic(nn.Module):
    """The MuseGAN critic: private per-role streams, shared, chroma and onset streams, merged over neighbouring
    bars, dense -> 1. LeakyReLU 0.2, no normalisation. Names: tracks.<k>.*, shared.0/1.*, chroma.0/1.*,
    onset.0/1.*, merged.*, dense.*."""

    def __init__(self, config):
        super().__init__()
        self.config = copy.deepcopy(config)
        self.window = _Window(config["window"])
        self.view = view = _BarView(self.window)
        c = _sizes(config)["criticWidth"]
        beat = STEPS_PER_BEAT
        planes, conditions = self.window.track_planes, self.window.condition_planes
        every = self.window.track_channels + conditions
        self.tracks = nn.ModuleList([MuseGANCriticBranch(planes + conditions, c) for _ in range(self.window.roles)])
        self.shared = nn.ModuleList([
            MuseGANBlock("down", self.window.roles * 4 * c, 8 * c, [1, 2, view.last_pitch_kernel], stride=[1, 2, 2],
                         critic=True),
            MuseGANBlock("down", 8 * c, 16 * c, [1, 2, view.mid_pitch], critic=True),
        ])
        self.chroma = nn.ModuleList([MuseGANBlock("down", every, 2 * c, [1, 1, 12], critic=True),
                                     MuseGANBlock("down", 2 * c, 4 * c, [1, beat, 1], critic=True)])
        self.onset = nn.ModuleList([MuseGANBlock("down", every, c, [1, beat, 1], critic=True),
                                    MuseGANBlock("down", c, 4 * c, [1, beat, 1], critic=True)])
        span = min(2, view.bars)
        self.merged = MuseGANBlock("down", 24 * c, 32 * c, [span, 1, 1], stride=[1, 1, 1], critic=True)
        self.dense = nn.Linear(32 * c * (view.bars - span + 1), 1)

    def forward(self, tracks, condition):
        _require(tracks, self.window.tracks_shape, "tracks")
        _require(condition, self.window.condition_shape, "condition")
        view, planes = self.view, self.window.track_planes
        c = view.split(condition)
        privates = [branch(view.split(tracks[:, k * planes:(k + 1) * planes]), c)
                    for k, branch in enumerate(self.tracks)]
        h = self.shared[1](self.shared[0](torch.cat(privates, 1)))
        activity = (torch.cat([tracks, condition], 1) + 1) * 0.5
        ch = self.chroma[1](self.chroma[0](self._chroma(activity)))
        on = self.onset[1](self.onset[0](view.split(self._changes(activity))))
        return self.dense(self.merged(h, ch, on).flatten(1))

    def _chroma(self, x):
        """[N, C, T, P] -> [N, C, bars, beats per bar, 12]: pitch p and p + 12 summed (real octave folding),
        then summed over each beat's steps."""
        n, c, t, _ = x.shape
        classes = x.reshape(n, c, t, self.view.octaves, 12).sum(3)
        beat = STEPS_PER_BEAT
        return classes.reshape(n, c, self.view.bars, STEPS_PER_BAR // beat, beat, 12).sum(4)

    @staticmethod
    def _changes(x):
        """[N, C, T, P] -> [N, C, T, 1]: x[t] - x[t - 1] (x[-1] = 0) summed over pitch."""
        previous = F.pad(x[:, :, :-1], (0, 0, 1, 0))
        return (x - previous).sum(3, keepdim=True)
