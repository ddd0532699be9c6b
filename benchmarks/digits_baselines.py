"""The Digits baselines battery: every reference an innate classifier should be read against.

    python benchmarks/digits_baselines.py [--seeds 0,1,2] [--random-networks 1000] [--skip-evolve]

Rows, each with the held-out accuracy over all 359 held-out images and its Wilson interval:
  chance (a uniformly random digit), nearest class mean and logistic regression by gradient (both
  learned from the training images: non-innate references, from `instinct_envs.digits.baselines`),
  the best of N random networks 64-32-10 (Architecture.init_scale, picked on validation images),
  and a linear classifier 64-10 evolved with the world's preset budget (`instinct evolve
  --hidden ""`), one run per seed. Writes CSV to stdout-adjacent `--out` (default: print only).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

import instinct_envs
import numpy as np
from digits_common import genome_accuracy, split_accuracy, wilson_text
from instinct_envs.digits import baselines

from instinct.nn import Architecture
from instinct.rng import stream

ENV_ID = "instinct/Digits-v0"


def random_networks(seed: int, count: int) -> dict:
    """Best of `count` random 64-32-10 networks, chosen on validation, scored on held-out."""
    arch = Architecture(64, (32,), 10, activation="tanh", output="argmax")
    rng = stream(seed, 0, "init")
    params = (rng.standard_normal((count, arch.num_params)) * arch.init_scale()).astype(np.float32)
    val = split_accuracy(arch, params, split="validation")
    best = int(np.argmax([r["accuracy"] for r in val]))
    return split_accuracy(arch, params[best : best + 1])[0]


def evolved_linear(seed: int, out: Path) -> dict:
    """A 64-10 linear classifier evolved with the Digits preset's budget (explicit flags)."""
    preset = instinct_envs.WORLDS[ENV_ID].preset
    flags = [f"--{k.replace('_', '-')}={v}" for k, v in preset.items() if k != "hidden"]
    cmd = [sys.executable, "-m", "instinct", "evolve", "--env", ENV_ID, "--hidden=", *flags,
           f"--seed={seed}", "--out", str(out), "--name", f"linear-s{seed}"]  # fmt: skip
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return genome_accuracy(out / f"linear-s{seed}" / "best.dna")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--random-networks", type=int, default=1000)
    ap.add_argument("--skip-evolve", action="store_true")
    ap.add_argument("--out", default="", help="CSV file to write the rows to")
    args = ap.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    rows = []
    for seed in seeds:
        for r in baselines.score_all(seed=seed):
            rows.append({"baseline": r["name"], "seed": seed, **r})
        r = random_networks(seed, args.random_networks)
        rows.append({"baseline": f"best of {args.random_networks} random networks", "seed": seed,
                     "innate": True, **r})  # fmt: skip
        if not args.skip_evolve:
            with tempfile.TemporaryDirectory() as tmp:
                r = evolved_linear(seed, Path(tmp))
            rows.append({"baseline": "evolved linear 64-10 (preset budget)", "seed": seed,
                         "innate": True, **r})  # fmt: skip
    for r in rows:
        print(f"{r['baseline']:<45} seed {r['seed']}  {wilson_text(r)}")
    if args.out:
        with open(args.out, "w", newline="") as f:
            keys = ["baseline", "seed", "innate", "accuracy", "ci_lo", "ci_hi", "right", "images"]
            w = csv.DictWriter(f, keys)
            w.writeheader()
            for r in rows:
                lo, hi = r["ci95"]
                w.writerow({**{k: r[k] for k in keys if k in r}, "ci_lo": lo, "ci_hi": hi})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
