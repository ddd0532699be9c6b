"""Shared by the Digits benchmarks: exact held-out accuracy of a network or a genome file.

"Exact" means every one of the 359 held-out images shown once (`score.split_keys`), through the
real fused evaluator, with a Wilson interval; `instinct inspect --birth` instead draws held-out
episodes at random (with replacement), which estimates the same number less precisely.
"""

from __future__ import annotations

import numpy as np
from instinct_envs.digits import dynamics as dyn
from instinct_envs.digits import score

from instinct.evaluate import FusedEvaluator
from instinct.genome import decode
from instinct.genome.fileformat import load


def split_accuracy(arch, params, masks=None, split="heldout", world=None) -> list[dict]:
    """Accuracy with Wilson interval of each network params f32[P, D] on every image of `split`."""
    world = dyn.DEFAULT_PARAMS if world is None else world
    keys = score.split_keys(world, split)
    evaluation = FusedEvaluator(dyn, arch, world_params=world).evaluate(params, masks, keys)
    total = keys.size * world.images_per_episode
    rows = []
    for returns in evaluation.returns:
        right = int(round(returns.sum()))
        lo, hi = score.wilson(right, total)
        rows.append({"accuracy": right / total, "ci95": [lo, hi], "right": right, "images": total})
    return rows


def genome_accuracy(path, split="heldout", world=None) -> dict:
    """Exact accuracy of the network a .dna file grows, plus its size in bytes."""
    from instinct.genome.cost import genome_cost

    genome = load(path)
    params, mask = decode(genome)
    masks = None if mask is None else mask[None]
    row = split_accuracy(genome.arch, params[None], masks, split, world)[0]
    cost = genome_cost(genome)
    sizes = {k: cost[k] for k in ("genome_bytes", "genome_bytes_zlib")}
    return {**row, **sizes, "num_params": genome.arch.num_params, "encoding": genome.encoding}


def wilson_text(row: dict) -> str:
    lo, hi = row["ci95"]
    return (
        f"{100 * row['accuracy']:.1f}% (95% CI {100 * lo:.1f}-{100 * hi:.1f}%, n={row['images']})"
    )


def pooled(rows: list[dict]) -> dict:
    """Mean accuracy over seeds with a t-free 95% interval of the mean (normal approximation)."""
    acc = np.array([r["accuracy"] for r in rows], np.float64)
    half = 1.96 * acc.std(ddof=1) / np.sqrt(acc.size) if acc.size > 1 else 0.0
    return {"mean": float(acc.mean()), "ci95": [float(acc.mean() - half), float(acc.mean() + half)],
            "min": float(acc.min()), "max": float(acc.max()), "seeds": int(acc.size)}  # fmt: skip


if __name__ == "__main__":
    import sys

    for path in sys.argv[1:]:
        row = genome_accuracy(path if path.endswith(".dna") else f"{path}/best.dna")
        print(f"{path}: {row['encoding']}, {row['genome_bytes']} B, {wilson_text(row)}")


def es_maximize(fitness, mean, generations, pairs, sigma, step_size, seed, report=None):
    """OpenAI-ES (Salimans et al. 2017): antithetic pairs, centred ranks, Adam; returns the mean.

    `fitness(pop f64[2 * pairs, D], rng) -> f64[2 * pairs]`; every draw comes from instinct's
    streams of (seed, generation), so a run is reproduced exactly."""
    from instinct.rng import stream

    mean = np.array(mean, np.float64)
    m, v = np.zeros_like(mean), np.zeros_like(mean)
    for g in range(generations):
        eps = stream(seed, g + 1, "ask").standard_normal((pairs, mean.size))
        pop = mean + sigma * np.concatenate([eps, -eps])
        fit = fitness(pop, stream(seed, g + 1, "episodes"))
        ranks = np.empty(fit.size)
        ranks[np.argsort(fit)] = np.arange(fit.size)
        shaped = ranks / (fit.size - 1) - 0.5
        grad = (shaped[:pairs] - shaped[pairs:]) @ eps / (2 * pairs * sigma)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        t = g + 1
        mean = mean + step_size * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        if report is not None:
            report(g, fit)
    return mean
