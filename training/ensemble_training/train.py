"""Data-parallel WGAN-GP training of Ensemble's generators, under torchrun.

    torchrun --nproc_per_node=N [--nnodes M ...] -m ensemble_training.train --data D.ensds --model unet --name NAME

The same hyperparameters and defaults as `ensemble train` (DeepComposer's): 1000 iterations, batch 64 per
process, Adam lr 1e-3 with betas (0.5, 0.9) for both networks, 5 critic updates per generator update, gradient
penalty weight 10, optional linear decay over the last part (--lr-decay-from). Each critic update draws a fresh
batch, as Ensemble's trainer does. The run lives in $XDG_DATA_HOME/ensemble/runs/NAME (checkpoint.pt every
--checkpoint-every iterations and at the end, losses.csv with `ensemble train`'s columns); --resume continues it.
The result is a model directory $XDG_DATA_HOME/ensemble/models/NAME (generator.safetensors + manifest.json) that
`ensemble models` lists and `ensemble generate` and the studio use; `ensemble models calibrate NAME --data D`
then fits its note reading to the data (docs/training-at-scale.md).
"""
import argparse
import contextlib
import csv
import datetime
import os
import sys
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from . import data as ensds
from . import export, models

CSV_HEADER = ["iteration", "seconds", "critic", "generator", "penalty", "wasserstein", "lr"]


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="ensemble_training.train", description=__doc__.split("\n\n")[0])
    p.add_argument("--data", help="a dataset file (.ensds, from `ensemble dataset build`); with --resume: the run's")
    p.add_argument("--model", choices=["unet", "musegan", "unet-dc"], help="the network (default unet)")
    p.add_argument("--name", required=True, help="the model's and the run's name")
    p.add_argument("--genre", help="the genre the model writes (default: the name)")
    p.add_argument("--iterations", type=int, help="generator updates (default 1000)")
    p.add_argument("--batch-size", type=int, help="windows per batch per process (default 64)")
    p.add_argument("--lr", type=float, help="Adam's learning rate for both networks (default 0.001)")
    p.add_argument("--update-ratio", type=int, help="critic updates per generator update (default 5)")
    p.add_argument("--seed", type=int, help="seeds weights, noise and data order (default 0)")
    p.add_argument("--lr-decay-from", type=float, help="hold the rate for this fraction of the run, then decay linearly to 0")
    p.add_argument("--sizes", help="network sizes over the defaults, e.g. width=16,noiseChannels=8")
    p.add_argument("--from", dest="from_model", metavar="MODEL",
                   help="fine-tune: start from an Ensemble model's generator (a directory, one of your models, or a "
                        "shipped one such as rock-unet); its architecture, window and sizes are kept")
    p.add_argument("--checkpoint-every", type=int, default=None, help="iterations between checkpoints (default 50)")
    p.add_argument("--resume", action="store_true", help="continue run NAME from its checkpoint")
    p.add_argument("--resume-if-exists", action="store_true",
                   help="continue run NAME if it has a checkpoint, else start it (for requeued cluster jobs)")
    p.add_argument("--amp", choices=["auto", "on", "off"], default="auto",
                   help="bf16 mixed precision on GPU (Ampere or newer); auto: on where the GPU supports bf16")
    p.add_argument("--workers", type=int, default=2, help="data-loading processes per training process")
    p.add_argument("--home", help="data home (default $XDG_DATA_HOME or ~/.local/share): runs/ and models/ go under ensemble/")
    args = p.parse_args(argv)
    for flag, lo, hi in [("iterations", 1, 10_000_000), ("batch_size", 1, 4096), ("update_ratio", 1, 100)]:
        v = getattr(args, flag)
        if v is not None and not lo <= v <= hi:
            p.error(f"--{flag.replace('_', '-')} must be {lo}...{hi}, got {v}")
    if args.lr is not None and not 0 < args.lr <= 1:
        p.error(f"--lr must be above 0 and at most 1, got {args.lr}")
    if args.lr_decay_from is not None and not 0 <= args.lr_decay_from < 1:
        p.error(f"--lr-decay-from must be in [0, 1), got {args.lr_decay_from}")
    if args.checkpoint_every is not None and args.checkpoint_every < 1:
        p.error("--checkpoint-every must be at least 1")
    if args.seed is not None and not 0 <= args.seed < 2 ** 64:
        p.error(f"--seed must be a whole number 0...{2 ** 64 - 1}")
    # Ensemble's rules (TrainCommand.isValidName): the name is a directory under runs/ and models/.
    name_ok = 0 < len(args.name) <= 100 and not args.name.startswith(".") and all(
        c.isascii() and (c.isalnum() or c in "._-") for c in args.name)
    if not name_ok:
        p.error("--name takes letters, digits, '.', '-' and '_' (not starting with '.'), at most 100 characters")
    if args.genre is not None and (not args.genre.strip() or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in args.genre)):
        p.error("--genre must be printable text, not empty")
    if not args.resume and not args.data:
        p.error("--data is required (a .ensds dataset)")
    if args.resume and args.sizes:
        p.error("a resumed run keeps its sizes: drop --sizes")
    if args.from_model and (args.sizes or args.resume):
        p.error("--from keeps the model's sizes and starts a run: drop --sizes and --resume")
    return args


def parse_sizes(text):
    sizes = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        key, _, value = item.partition("=")
        if not value.strip().lstrip("-").isdigit():
            raise SystemExit("ensemble_training: --sizes takes KEY=NUMBER pairs separated by commas")
        sizes[key.strip()] = int(value)
    return sizes


class Schedule:
    """Ensemble's LearningRateSchedule: constant, or hold until step `start` then linear to 0 at `end` (1-based)."""

    def __init__(self, lr, start=None, end=None):
        self.lr, self.start, self.end = lr, start, end

    def __call__(self, step):
        if self.start is None or step <= self.start:
            return self.lr
        if step >= self.end:
            return 0.0
        return self.lr * (1 - (step - self.start) / (self.end - self.start))


def schedules(h):
    """The generator's schedule (per iteration) and the critic's (per critic update), as TrainingHyperparameters."""
    if h["decayFrom"] is None:
        return Schedule(h["learningRate"]), Schedule(h["learningRate"])

    def decay(per):
        start = int(h["iterations"] * h["decayFrom"]) * per
        return Schedule(h["learningRate"], start, max(start + 1, h["iterations"] * per))
    return decay(1), decay(h["updateRatio"])


def truncated_noise(shape, generator, device):
    """Noise as Ensemble draws it: a standard normal truncated to ±2."""
    out = torch.empty(shape)
    torch.nn.init.trunc_normal_(out, 0.0, 1.0, -2.0, 2.0, generator=generator)
    return out.to(device)


class Distributed:
    """torchrun's environment (RANK, WORLD_SIZE, LOCAL_RANK) or a single process."""

    def __init__(self):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local = int(os.environ.get("LOCAL_RANK", "0"))
        self.cuda = torch.cuda.is_available()
        self.device = torch.device("cuda", self.local) if self.cuda else torch.device("cpu")
        if self.cuda:
            torch.cuda.set_device(self.device)
        if self.world > 1:
            dist.init_process_group("nccl" if self.cuda else "gloo")

    @property
    def main(self):
        return self.rank == 0

    def mean(self, values):
        """Means of floats over the processes (for the log)."""
        t = torch.tensor(values, dtype=torch.float64, device=self.device)
        if self.world > 1:
            dist.all_reduce(t)
            t /= self.world
        return t.tolist()

    def barrier(self):
        if self.world > 1:
            dist.barrier()

    def close(self):
        if self.world > 1:
            dist.destroy_process_group()


def say(text):
    print(text, file=sys.stderr, flush=True)


def main(argv=None):
    args = parse_args(argv)
    env = Distributed()
    try:
        return train(args, env)
    finally:
        env.close()


def train(args, env):
    home = export.data_home(args.home)
    run_dir = os.path.join(home, "ensemble", "runs", args.name)
    checkpoint_path = os.path.join(run_dir, "checkpoint.pt")
    state = None
    if args.resume_if_exists and os.path.exists(checkpoint_path):
        args.resume, args.sizes = True, None  # the run keeps the sizes it started with
    if args.resume:
        if not os.path.exists(checkpoint_path):
            raise SystemExit(f"ensemble_training: {checkpoint_path}: no checkpoint to resume")
        state = torch.load(checkpoint_path, map_location="cpu", weights_only=False)
        run = state["run"]
        for key, given in [("model", args.model), ("batchSize", args.batch_size), ("updateRatio", args.update_ratio),
                           ("learningRate", args.lr), ("seed", args.seed), ("decayFrom", args.lr_decay_from),
                           ("genre", args.genre)]:
            stored = {"model": run["config"]["architecture"], "genre": run["genre"]}.get(key) \
                if key in ("model", "genre") else run["hyperparameters"][key]
            if given is not None and given != stored:
                raise SystemExit(f"ensemble_training: run {args.name} was started with {key} {stored}; cannot resume with {given}")
        if args.data and os.path.abspath(args.data) != run["data"]:
            raise SystemExit(f"ensemble_training: run {args.name} trains on {run['data']}; cannot resume on {args.data}")
        if args.iterations:
            run["hyperparameters"]["iterations"] = args.iterations
    else:
        if os.path.exists(checkpoint_path):
            raise SystemExit(f"ensemble_training: run {args.name} exists ({run_dir}); add --resume to continue it")
        if os.path.exists(os.path.join(run_dir, "checkpoint.safetensors")):
            raise SystemExit(f"ensemble_training: {run_dir} is a run of `ensemble train`; choose another --name")
        run = None

    data_path = run["data"] if run else os.path.abspath(args.data)
    dataset = ensds.read_ensds(data_path)
    source = None
    if run is None:
        if args.from_model:
            source = export.find_model(args.from_model, home)
            config = source[1]["config"]
            if args.model and args.model != config["architecture"]:
                raise SystemExit(f"ensemble_training: --from {args.from_model} is a {config['architecture']} model, not {args.model}")
        else:
            config = models.default_config(args.model or "unet", dataset.settings["roles"])
            config["sizes"].update(parse_sizes(args.sizes))
        models.check_config(config)
        run = {
            "name": args.name, "genre": args.genre or (source[1]["genre"] if source else args.name), "data": data_path,
            "config": config, "fineTunedFrom": source[1]["name"] if source else None,
            "previousInstruments": source[1]["instruments"] if source else [],
            "sourceThresholds": source[1].get("thresholds") if source else None,
            "checkpointEvery": args.checkpoint_every or 50, "worldSize": env.world,
            "hyperparameters": {
                "iterations": args.iterations or 1000, "batchSize": args.batch_size or 64,
                "learningRate": args.lr or 1e-3, "updateRatio": args.update_ratio or 5, "penaltyWeight": 10.0,
                "beta1": 0.5, "beta2": 0.9, "decayFrom": args.lr_decay_from, "seed": args.seed or 0,
            },
        }
    if dataset.content_hash != run.get("datasetHash", dataset.content_hash):
        raise SystemExit(f"ensemble_training: {data_path} changed since run {args.name} started (hash differs)")
    run["datasetHash"] = dataset.content_hash
    h, config = run["hyperparameters"], run["config"]

    torch.manual_seed(h["seed"])
    generator = models.build_generator(config).to(env.device)
    critic = models.build_critic(config).to(env.device)
    opt_g = torch.optim.Adam(generator.parameters(), lr=h["learningRate"], betas=(h["beta1"], h["beta2"]))
    opt_c = torch.optim.Adam(critic.parameters(), lr=h["learningRate"], betas=(h["beta1"], h["beta2"]))
    history, seconds, epoch = [], 0.0, 0
    if source:
        export.load_generator_weights(generator, *source)
    if state:
        generator.load_state_dict(state["generator"])
        critic.load_state_dict(state["critic"])
        opt_g.load_state_dict(state["optimizerG"])
        opt_c.load_state_dict(state["optimizerC"])
        history, seconds, epoch = state["history"], state["seconds"], state["epoch"]
    if env.world > 1:
        # One DDP forward per backward: the critic's gradient-penalty forward and the fake batch go through the
        # plain modules (`.module`); the scored batch and the generator's update through the wrappers.
        generator_ddp = DistributedDataParallel(generator, device_ids=[env.local] if env.cuda else None)
        critic_ddp = DistributedDataParallel(critic, device_ids=[env.local] if env.cuda else None)
    else:
        generator_ddp, critic_ddp = generator, critic
    schedule_g, schedule_c = schedules(h)

    windows = ensds.WindowDataset(dataset, config["window"], split="train", seed=h["seed"])
    loader, sampler = ensds.make_loader(windows, h["batchSize"], env.rank, env.world, h["seed"], num_workers=args.workers)
    batches = endless(loader, sampler, epoch, env.device)
    noise_random = torch.Generator().manual_seed(h["seed"] * 1000 + env.rank + len(history))
    amp = autocast_settings(args.amp, env)
    scaler = torch.amp.GradScaler("cuda", enabled=False)  # bf16 needs no loss scaling; kept for a uniform step

    if env.main:
        os.makedirs(run_dir, exist_ok=True)
        count = lambda m: sum(p.numel() for p in m.parameters()) / 1e6
        say(f"training {run['name']} (genre {run['genre']}): {config['architecture']}, {count(generator):.2f} M generator + "
            f"{count(critic):.2f} M critic parameters; "
            + (f"resuming at iteration {len(history)} of {h['iterations']}" if history else f"{h['iterations']} iterations")
            + f", batch size {h['batchSize']} x {env.world} process{'es' if env.world > 1 else ''}, lr {h['learningRate']}, "
            f"update ratio {h['updateRatio']}, seed {h['seed']}; {env.device}{', ' + str(amp['dtype']) if amp else ''}")
        say(f"run directory: {run_dir}")
        write_log(run_dir, history)

    generator.train()
    critic.train()
    while len(history) < h["iterations"]:
        started = time.perf_counter()
        iteration = len(history) + 1
        lr_g = schedule_g(iteration)
        for group in opt_g.param_groups:
            group["lr"] = lr_g
        for _ in range(h["updateRatio"]):
            condition, real = next(batches)
            step_c = (len(history) * h["updateRatio"]) + 1 + _
            for group in opt_c.param_groups:
                group["lr"] = schedule_c(step_c)
            c_loss, penalty, wasserstein = critic_step(generator, critic, critic_ddp, opt_c, scaler, amp,
                                                       condition, real, h["penaltyWeight"], noise_random, env.device)
        g_loss = generator_step(generator_ddp, critic, opt_g, scaler, amp, condition, noise_random, env.device)
        if env.cuda:
            torch.cuda.synchronize()
        seconds += time.perf_counter() - started
        losses = env.mean([c_loss, g_loss, penalty, wasserstein])
        history.append([iteration, seconds] + losses + [lr_g])
        if env.main:
            append_log(run_dir, history[-1])
            if iteration % 10 == 0 or iteration == h["iterations"]:
                say(f"iteration {iteration}/{h['iterations']}: critic {losses[0]:.4f} generator {losses[1]:.4f} "
                    f"W {losses[3]:.4f} ({seconds:.1f} s)")
        if iteration % run["checkpointEvery"] == 0 or iteration == h["iterations"]:
            if env.main:
                save_checkpoint(checkpoint_path, run, generator, critic, opt_g, opt_c, history, seconds, batches.epoch)
            env.barrier()

    if env.main:
        directory = export.save_model(home, run, generator, dataset, seconds, len(history), world=env.world)
        say(f"saved model {run['name']} in {directory}")
        print(f"saved model {run['name']}: {directory}")
        print(f"next: ensemble models calibrate {run['name']} --data {data_path}   (fits its note reading to the data)")
    env.barrier()
    return 0


class endless:
    """Batches forever, one epoch after another (the sampler reshuffles per epoch), on the training device."""

    def __init__(self, loader, sampler, epoch, device):
        self.loader, self.sampler, self.epoch, self.device = loader, sampler, epoch, device
        self.iterator = None

    def __next__(self):
        while True:
            if self.iterator is None:
                self.sampler.set_epoch(self.epoch)
                if hasattr(self.loader.dataset, "set_epoch"):
                    self.loader.dataset.set_epoch(self.epoch)
                self.iterator = iter(self.loader)
            try:
                condition, tracks = next(self.iterator)
                return condition.to(self.device, non_blocking=True), tracks.to(self.device, non_blocking=True)
            except StopIteration:
                self.iterator = None
                self.epoch += 1


def autocast_settings(mode, env):
    if mode == "off" or (mode == "auto" and not env.cuda):
        return {}
    if not env.cuda:
        raise SystemExit("ensemble_training: --amp on needs a CUDA device")
    if not torch.cuda.is_bf16_supported():
        # fp16 would need loss scaling, and the gradient penalty's input gradient underflows without it.
        if mode == "on":
            raise SystemExit("ensemble_training: --amp needs bf16 (Ampere or newer); this GPU trains in float32 (--amp off)")
        return {}
    return {"device_type": "cuda", "dtype": torch.bfloat16}


def autocast(amp):
    return torch.autocast(**amp) if amp else contextlib.nullcontext()


def critic_step(generator, critic, critic_ddp, optimizer, scaler, amp, condition, real, weight, noise_random, device):
    """One critic update: −(mean D(real) − mean D(fake)) + λ · mean (‖∇ D(x̂)‖ − 1)², Ensemble's `criticLoss`."""
    n = real.shape[0]
    with torch.no_grad(), autocast(amp):
        fake = generator(condition, truncated_noise([n] + list(generator.noise_shape), noise_random, device)).float()
    epsilon = torch.rand([n, 1, 1, 1], generator=noise_random).to(device)
    mixed = (epsilon * real + (1 - epsilon) * fake).detach().requires_grad_(True)
    with autocast(amp):
        g = torch.autograd.grad(critic(mixed, condition).float().sum(), mixed, create_graph=True)[0]
        slope = torch.sqrt(g.pow(2).sum(dim=list(range(1, g.dim()))) + 1e-8)
        penalty = (slope - 1).pow(2).mean()
        scores = critic_ddp(torch.cat([fake, real]), torch.cat([condition, condition])).float()
        wasserstein = scores[n:].mean() - scores[:n].mean()
        loss = -wasserstein + weight * penalty
    optimizer.zero_grad(set_to_none=True)
    scaler.scale(loss).backward()
    scaler.step(optimizer)
    scaler.update()
    return loss.item(), penalty.item(), wasserstein.item()


def generator_step(generator_ddp, critic, optimizer, scaler, amp, condition, noise_random, device):
    """One generator update: −mean D(G(z | c)), on the last critic batch's conditions. The critic is frozen so
    only the generator's gradients are computed (and only its DDP reducer runs)."""
    module = generator_ddp.module if isinstance(generator_ddp, DistributedDataParallel) else generator_ddp
    n = condition.shape[0]
    for p in critic.parameters():
        p.requires_grad_(False)
    with autocast(amp):
        fake = generator_ddp(condition, truncated_noise([n] + list(module.noise_shape), noise_random, device))
        loss = -critic(fake, condition).float().mean()
    optimizer.zero_grad(set_to_none=True)
    scaler.scale(loss).backward()
    scaler.step(optimizer)
    scaler.update()
    for p in critic.parameters():
        p.requires_grad_(True)
    return loss.item()


def write_log(run_dir, history):
    """losses.csv rewritten from the history (a resumed run drops rows logged after its checkpoint)."""
    path = os.path.join(run_dir, "losses.csv")
    with open(path + ".tmp", "w", newline="") as f:
        f.write(",".join(CSV_HEADER) + "\n")
        for row in history:
            f.write(csv_line(row) + "\n")
    os.replace(path + ".tmp", path)


def append_log(run_dir, row):
    with open(os.path.join(run_dir, "losses.csv"), "a") as f:
        f.write(csv_line(row) + "\n")


def csv_line(row):
    iteration, seconds, critic, generator, penalty, wasserstein, lr = row
    return f"{iteration},{seconds:.3f},{critic!r},{generator!r},{penalty!r},{wasserstein!r},{lr!r}"


def save_checkpoint(path, run, generator, critic, opt_g, opt_c, history, seconds, epoch):
    """Everything to continue, written to a temporary file and renamed: a kill leaves the old or the new one."""
    state = {"format": 1, "run": run, "generator": generator.state_dict(), "critic": critic.state_dict(),
             "optimizerG": opt_g.state_dict(), "optimizerC": opt_c.state_dict(), "history": history,
             "seconds": seconds, "epoch": epoch,
             "savedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
    try:
        torch.save(state, path + ".tmp")
        with open(path + ".tmp", "rb") as f:
            os.fsync(f.fileno())
        os.replace(path + ".tmp", path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path + ".tmp")
        raise
    directory = os.open(os.path.dirname(path), os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)
    say(f"checkpoint: iteration {len(history)} in {path}")


if __name__ == "__main__":
    sys.exit(main())
