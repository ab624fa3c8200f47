#!/usr/bin/env python3
"""Writes the model cards (docs/models/NAME.md) and their index (docs/models/README.md) from what `make models`
leaves behind: Models/NAME/manifest.json, the run's losses.csv and log in build/models/, and the evaluations in
build/models/eval/. Standard library only."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
RUNS = os.path.join(ROOT, "build", "models", "ensemble", "runs")
EVAL = os.path.join(ROOT, "build", "models", "eval")
OUT = os.path.join(ROOT, "docs", "models")
ARCH_NAMES = {"unet": "U-Net", "musegan": "MuseGAN", "unet-dc": "U-Net (DeepComposer lab)"}

# The quality bar of the Genres issue, per accompaniment track against the genre's data: (metric key, label,
# relative tolerance). Rates near zero get an absolute tolerance (ABSOLUTE_FLOOR) so that 0.00 vs 0.01 empty bars
# is not a 100 % miss.
RELATIVE = [("emptyBars", "EB", 0.20), ("usedPitchClasses", "UPC", 0.20), ("drumPattern", "DP", 0.20),
            ("qualifiedNotes", "QN", 0.10)]
ABSOLUTE_FLOOR = 0.02
IN_SCALE_SHARE = 0.9


def load_json(path):
    with open(path) as f:
        return json.load(f)


def column(report, name):
    return next(c for c in report["columns"] if c["name"] == name)


def track(col, role):
    return next((t for t in col["tracks"] if t["role"] == role), None)


def pair(col, first, second):
    return next((p for p in col["pairs"] if p["first"] == first and p["second"] == second), None)


def within(generated, data, tolerance):
    return abs(generated - data) <= max(tolerance * abs(data), ABSOLUTE_FLOOR if abs(data) < 0.1 else 0.0)


def bar_checks(report, roles):
    """[(what, data, generated, reference, passed)] for every check of the bar that applies."""
    data, gen, shuffled = column(report, "data"), column(report, "generated"), column(report, "shuffled")
    checks = []
    for role in roles:
        d, g = track(data, role), track(gen, role)
        if not d or not g:
            continue
        for key, label, tolerance in RELATIVE:
            if d.get(key) is None or g.get(key) is None:
                continue
            checks.append((f"{label} {role}", d[key], g[key], f"±{int(tolerance * 100)} %",
                           within(g[key], d[key], tolerance)))
        melody = track(data, "melody")
        p_gen = pair(gen, melody["track"], d["track"]) if melody else None
        p_shuf = pair(shuffled, melody["track"], d["track"]) if melody else None
        if p_gen and p_shuf and p_gen.get("tonalDistance") is not None and p_shuf.get("tonalDistance") is not None:
            checks.append((f"TD melody–{role}", None, p_gen["tonalDistance"], f"< shuffled {p_shuf['tonalDistance']:.3f}",
                           p_gen["tonalDistance"] < p_shuf["tonalDistance"]))
    d_in, g_in = data.get("accompanimentInScale"), gen.get("accompanimentInScale")
    if d_in is not None and g_in is not None:
        checks.append(("in-scale (accompaniment)", d_in, g_in, f"≥ {IN_SCALE_SHARE}× data", g_in >= IN_SCALE_SHARE * d_in))
    return checks


def fmt(v):
    return "–" if v is None else f"{v:.3f}"


def check_table(checks):
    lines = ["| check | data | generated | bar | |", "|---|---|---|---|---|"]
    for what, d, g, bar, ok in checks:
        lines.append(f"| {what} | {fmt(d)} | {fmt(g)} | {bar} | {'pass' if ok else '**miss**'} |")
    return "\n".join(lines)


def chart(values, width=64, height=10, label=""):
    """A text line chart of `values`, averaged into at most `width` columns, one dot per column."""
    if not values:
        return "(no data)"
    n = min(width, len(values))
    cols = []
    for i in range(n):
        chunk = values[i * len(values) // n:(i + 1) * len(values) // n]
        cols.append(sum(chunk) / len(chunk))
    lo, hi = min(cols), max(cols)
    span = hi - lo or 1.0
    levels = [round((c - lo) / span * (height - 1)) for c in cols]
    rows = []
    for r in range(height - 1, -1, -1):
        axis = f"{lo + span * r / (height - 1):9.2f} ┤" if r in (0, (height - 1) // 2, height - 1) else "          │"
        rows.append(axis + "".join("•" if level == r else " " for level in levels))
    rows.append("          └" + "─" * n)
    rows.append(f"           iterations 1–{len(values)}: {label}")
    return "\n".join(rows)


def losses(name):
    path = os.path.join(RUNS, name, "losses.csv")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def smoothed(rows, key, window=10):
    values = [float(r[key]) for r in rows]
    return [sum(values[max(0, i - window + 1):i + 1]) / len(values[max(0, i - window + 1):i + 1]) for i in range(len(values))]


def read_text(path):
    return open(path).read().rstrip() if os.path.exists(path) else "(not evaluated)"


def card(name, manifest):
    arch = manifest["config"]["architecture"]
    genre = manifest["genre"]
    t = manifest["training"]
    roles = [i["role"] for i in manifest["instruments"]]
    rows = losses(name)
    seconds = t["seconds"]
    command = (f"ensemble train --data data/{genre}.ensds --model {arch} --name {name} --genre {genre} "
               f"--iterations {t['iterations']} --batch-size {t['batchSize']} --update-ratio {t['updateRatio']} "
               f"--lr {t['learningRate']:g} --lr-decay-from 0.75 --seed {t['seed']}")
    weights = os.path.join(ROOT, "Models", name, manifest["weights"])
    size = os.path.getsize(weights) if os.path.exists(weights) else 0
    out = [f"# {name}: {ARCH_NAMES.get(arch, arch)} accompaniment for {genre}", ""]
    out.append(f"Plays {', '.join(instrument(i) for i in manifest['instruments'])} beside the user's melody. "
               f"Shipped in `Models/{name}/` ({size / 1e6:.1f} MB, half-precision weights); "
               f"`ensemble generate --genre {genre} --model {arch}` and the studio use it.")
    out += ["", "## Data", ""]
    ds = manifest.get("dataset") or {}
    out.append(f"`data/{genre}.ensds` (hash `{ds.get('hash', '?')}`, {ds.get('trainingWindows', '?')} training windows "
               f"of 4 bars, transposed ±5 semitones), built by `make datasets` — sources and grooves in "
               f"[../datasets.md](../datasets.md).")
    out += ["", "## Training", ""]
    out.append(f"Rebuild this model alone with `FORCE=1 MODELS={name} make models` (after `make datasets`), which runs:")
    out += ["", "    " + command, ""]
    its = t["iterations"] / seconds if seconds else 0
    out.append(f"{t['iterations']} iterations (generator updates, {t['updateRatio']} critic updates each) in "
               f"{seconds / 60:.1f} minutes on the 2-core machine: {its:.2f} it/s. WGAN-GP (λ = 10), Adam "
               f"(0.5, 0.9), learning rate {t['learningRate']:g} falling linearly to 0 over the last quarter. "
               f"Finished {t['finishedAt']}.")
    if rows:
        out += ["", "Loss curves (losses.csv of the run, 10-iteration moving average):", "", "```",
                chart(smoothed(rows, "wasserstein"), label="Wasserstein estimate (critic)"), "",
                chart(smoothed(rows, "generator"), label="generator loss"), "```"]
    for split, what in (("validation", f"the genre's validation pieces (files of data/{genre}.ensds it never trained on)"),
                        ("heldout", f"held-out melodies (data/midi/heldout/{genre}: tunes no model saw, in any genre)")):
        path = os.path.join(EVAL, f"{name}-{split}.json")
        out += ["", f"## Evaluation on {what}", ""]
        if not os.path.exists(path):
            out.append("(not evaluated)")
            continue
        report = load_json(path)
        checks = bar_checks(report, roles)
        misses = [c[0] for c in checks if not c[4]]
        out.append(f"Reproduce: `ensemble evaluate --name {name} --data "
                   + (f"data/{genre}.ensds`" if split == "validation" else
                      f"build/models/eval/heldout-{genre}.ensds --pieces all`") + " (seed 1).")
        out += ["", "```", read_text(os.path.join(EVAL, f"{name}-{split}.txt")), "```", "",
                "The quality bar (docs/models/README.md):", "", check_table(checks), ""]
        out.append("Meets every check." if not misses else f"Falls short on {len(misses)} of {len(checks)} checks: "
                   + ", ".join(misses) + ".")
    return "\n".join(out) + "\n", bar_summary(name, roles)


def bar_summary(name, roles):
    path = os.path.join(EVAL, f"{name}-heldout.json")
    if not os.path.exists(path):
        return None
    checks = bar_checks(load_json(path), roles)
    return sum(c[4] for c in checks), len(checks), [c[0] for c in checks if not c[4]]


def program_names():
    """GM program names as `ensemble models --json` spells them (the binary's table, not a copy of it)."""
    env = dict(os.environ, ENSEMBLE_MODELS=os.path.join(ROOT, "Models"),
               XDG_DATA_HOME=os.path.join(ROOT, "build", "models", "none"))
    try:
        out = subprocess.run([os.path.join(ROOT, ".build", "release", "ensemble"), "models", "--json"], env=env,
                             capture_output=True, check=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    return {i["program"]: i["programName"] for m in json.loads(out)["models"] for i in m["instruments"] if i["role"] != "drums"}


NAMES = {}


def instrument(i):
    if i["role"] == "drums":
        return "drums"
    name = NAMES.get(i["program"])
    return f"{i['role']} ({name}, GM {i['program']})" if name else f"{i['role']} (GM {i['program']})"


def main():
    models_dir = os.path.join(ROOT, "Models")
    names = sorted(d for d in os.listdir(models_dir) if os.path.exists(os.path.join(models_dir, d, "manifest.json")))
    os.makedirs(OUT, exist_ok=True)
    NAMES.update(program_names())
    summary = []
    for name in names:
        manifest = load_json(os.path.join(models_dir, name, "manifest.json"))
        text, bar = card(name, manifest)
        with open(os.path.join(OUT, f"{name}.md"), "w") as f:
            f.write(text)
        summary.append((name, manifest, bar))
    with open(os.path.join(OUT, "summary.md"), "w") as f:
        f.write("| model | iterations | minutes | held-out checks met | misses |\n|---|---|---|---|---|\n")
        for name, m, bar in summary:
            t = m["training"]
            met = f"{bar[0]} of {bar[1]}" if bar else "–"
            f.write(f"| [{name}]({name}.md) | {t['iterations']} | {t['seconds'] / 60:.1f} | {met} | "
                    f"{', '.join(bar[2]) if bar else ''} |\n")
    print(f"wrote {len(names)} model cards and summary.md to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
