"""Run folders written by hand, shaped like the ones evolve, lottery and plot write."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import tomli_w

from instinct.genome import fileformat
from instinct.genome.base import Genome
from instinct.nn import Architecture
from instinct.run import RunFolder

ARCH = Architecture(4, (8,), 2, "tanh", "argmax")


def make_run(
    root,
    name,
    *,
    env="CartPole-v1",
    encoding="seeds",
    strategy="ga",
    seed=0,
    generations=30,
    weights=None,
    lottery_levels=0,
    prune_seeds=1,
) -> Path:
    """A finished run: config, metrics rising with noise, result, best.dna, optional lottery."""
    path = Path(root) / name
    path.mkdir(parents=True)
    config = {
        "env": env,
        "seed": seed,
        "generations": generations,
        "population": 64,
        "episodes": 4,
        "strategy": strategy,
        "encoding": encoding,
        "hidden": [8],
        "out": str(root),
        "name": "",
    }
    (path / "config.toml").write_text(tomli_w.dumps(config))
    rng = np.random.default_rng(seed + 7 * len(encoding))
    run = RunFolder(path)
    scale = 400 if encoding == "seeds" else 250
    for g in range(generations):
        best = float(scale * (1 - np.exp(-g / 8)) + 50 + 20 * rng.random())
        w = 1.0 if weights is None else weights(g)
        run.append_metrics(
            {
                "generation": g,
                "best": best,
                "median": 0.6 * best,
                "mean": 0.6 * best,
                "p10": 0.3 * best,
                "p90": 0.9 * best,
                "success_rate": float("nan"),
                "weights_remaining": w,
                "genome_bytes": 4 * (g + 1),
                "genome_bytes_zlib": 12 + 4 * g,
            }
        )
    (path / "result.json").write_text(
        json.dumps(
            {"episodes": 20, "mean_return": scale + 40.0, "ci95": [scale + 20.0, scale + 60.0]}
        )
    )
    chain = np.arange(1, generations + 2, dtype=np.uint32) * 7919
    payload = chain if encoding == "seeds" else rng.standard_normal(ARCH.num_params, np.float32)
    settings = {"sigma": 0.05} if encoding == "seeds" else {}
    genome = Genome(encoding, settings, ARCH, payload, env, {"run": name})
    fileformat.save(genome, path / "best.dna")
    for prune_seed in range(prune_seeds if lottery_levels else 0):
        write_lottery(
            path / "lottery" / f"strong-global-r0.2-s{prune_seed}",
            genome,
            lottery_levels,
            scale + 40.0,
            rng,
        )
    return path


def write_exits(path: Path, n: int = 120, seed: int = 0) -> Path:
    """exits.csv as `instinct plot` writes it for a hatchling run."""
    rng = np.random.default_rng(seed)
    out = Path(path) / "exits.csv"
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["episode", "key", "outcome", "bearing_deg", "x", "y", "nest_x", "nest_y", "time_s"]
        )
        for i in range(n):
            ok = rng.random() < 0.7
            bearing = rng.normal(0, 25) if ok else rng.uniform(-180, 180)
            outcome = "reached sea" if ok else rng.choice(["predated", "exhausted", "lost"])
            w.writerow(
                [
                    i,
                    1000 + i,
                    outcome,
                    f"{(bearing + 180) % 360 - 180:.2f}",
                    0,
                    0,
                    0,
                    10,
                    rng.uniform(40, 300),
                ]
            )
    return out


def write_lottery(tag: Path, genome, levels: int, dense: float, rng) -> None:
    """A prune's folder as instinct/lottery/runner.py writes it: curve.csv and level_NN/."""
    from instinct.lottery.controls import CONTROLS
    from instinct.lottery.runner import curve_columns

    rows = []
    for level in range(levels + 1):
        keep = 0.8**level
        mask = (rng.random(ARCH.num_params) < keep).astype(np.uint8)
        mask[~ARCH.weight_mask()] = 1
        frac = float(mask[ARCH.weight_mask()].mean())
        ticket = dense - 3 * level - 5 * rng.random()
        row = {
            "level": level,
            "target_remaining": keep,
            "weights_remaining": frac,
            "birth_mean": ticket,
            "birth_ci_lo": ticket - 8,
            "birth_ci_hi": ticket + 8,
            "success_rate": "",
            "relative_to_dense": ticket / dense,
        }
        for k, name in enumerate(CONTROLS):
            c = dense - (25 + 5 * k) * (1 - keep) * 2 - 5 * rng.random()
            row.update({f"{name}_mean": c, f"{name}_ci_lo": c - 8, f"{name}_ci_hi": c + 8})
        rows.append(row)
        d = tag / f"level_{level:02d}"
        d.mkdir(parents=True)
        g2 = Genome(
            genome.encoding,
            genome.settings,
            ARCH,
            genome.payload,
            genome.env_id,
            {"run": "fake"},
            mask=mask,
            birth_score={"mean_return": ticket, "ci95": [ticket - 8, ticket + 8]},
        )
        fileformat.save(g2, d / "ticket.dna")
    with open(tag / "curve.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, curve_columns(), extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
