"""Ticket against control, paired: differences on common episodes with bootstrap intervals.

Every network of one prune seed is scored on the same held-out episodes, so `ticket - control`
per episode removes the episodes' own difficulty. Over several prune seeds the interval comes from
a two-stage (hierarchical) percentile bootstrap: resample the seeds, then the episodes within each
seed drawn, and take the mean, so the spread of the search itself (seed to seed) and of the
episodes both enter. With one seed it is the ordinary paired bootstrap over episodes.

`compare(curves)` turns the finished levels of every seed (their level.json records, which keep
each network's return per episode) into the prune's result: per level, the ticket, every searched
control and every unsearched one, each with its score, its share of the dense score and the
paired difference to the ticket; `table(result)` prints it.
"""

from __future__ import annotations

import numpy as np

from instinct.rng import stream

N_BOOT = 2000
CHUNK = 128  # replicates drawn at once: bounds memory at CHUNK * seeds * episodes indices
NEAR_DENSE = 0.9  # P(ticket >= 90% of the dense score), per level


def replicates(x: np.ndarray, rng: np.random.Generator, n_boot: int = N_BOOT) -> np.ndarray:
    """f64[n_boot]: two-stage bootstrap means of x (f64[S seeds, E episodes]).

    Each replicate draws S seed rows with replacement, then E episodes with replacement within
    each drawn row, and averages the S * E values. Draws come CHUNK replicates at a time, seeds
    (b, S) before episodes (b, S, E)."""
    x = np.asarray(x, np.float64)
    if x.ndim != 2 or x.size == 0:
        raise ValueError(f"replicates want f64[seeds, episodes], got shape {x.shape}")
    s, e = x.shape
    out = np.empty(n_boot, np.float64)
    for start in range(0, n_boot, CHUNK):
        b = min(CHUNK, n_boot - start)
        rows = rng.integers(0, s, (b, s))
        cols = rng.integers(0, e, (b, s, e))
        out[start : start + b] = x[rows[:, :, None], cols].mean(axis=(1, 2))
    return out


def interval(x: np.ndarray, rng: np.random.Generator, n_boot: int = N_BOOT,
             level: float = 0.95) -> tuple[float, float, float]:  # fmt: skip
    """(mean, lo, hi): the mean of x (f64[S, E]) and its percentile bootstrap interval."""
    x = np.asarray(x, np.float64)
    reps = replicates(x, rng, n_boot)
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(reps, [alpha, 1.0 - alpha])
    return float(x.mean()), float(lo), float(hi)


def _returns(record: dict, group: str, name: str):
    r = record.get("returns", {})
    values = r.get("ticket") if group == "ticket" else r.get(group, {}).get(name)
    if values is None or any(v is None for v in values):
        return None
    return np.asarray(values, np.float64)


def _stack(records: list[dict], group: str, name: str = ""):
    rows = [_returns(rec, group, name) for rec in records]
    if any(r is None for r in rows) or len({r.size for r in rows}) != 1:
        return None
    return np.stack(rows)


def _groups(record: dict) -> dict:
    """{label: (returns group, [names])}: imp's controls are re-evolved, so they are searched."""
    names = list(record.get("controls", {}))
    if record.get("controls_searched"):
        return {"searched": ("controls", names)}
    return {"searched": ("searched", list(record.get("searched", {}))),
            "unsearched": ("controls", names)}  # fmt: skip


def compare(curves: dict[int, list[dict]], n_boot: int = N_BOOT) -> dict:
    """The prune's result from {seed: [level records]}: levels every seed has finished."""
    seeds = sorted(curves)
    depth = min(len(curves[s]) for s in seeds)
    levels = []
    for k in range(depth):
        recs = [curves[s][k] for s in seeds]
        ticket = _stack(recs, "ticket")
        dense = _stack([curves[s][0] for s in seeds], "ticket")
        if ticket is None or dense is None:
            continue
        rng = stream(seeds[0], k, "bootstrap")
        mean, lo, hi = interval(ticket, rng, n_boot)
        dense_mean = float(dense.mean())
        per_seed = ticket.mean(axis=1)
        near = per_seed >= NEAR_DENSE * dense.mean(axis=1)
        row = {
            "level": k,
            "target_remaining": recs[0]["target_remaining"],
            "weights_remaining": float(np.median([r["weights_remaining"] for r in recs])),
            "dense_mean": dense_mean,
            "ticket": {
                "mean": mean,
                "ci95": [lo, hi],
                "of_dense": _share(mean, dense_mean),
                "per_seed": per_seed.tolist(),
                "p_near_dense": float(near.mean()),
            },  # fmt: skip
        }
        for label, (group, names) in _groups(recs[0]).items():
            row[label] = {}
            for name in names:
                c = _stack(recs, group, name)
                if c is None:
                    continue
                cm, clo, chi = interval(c, rng, n_boot)
                dm, dlo, dhi = interval(ticket - c, rng, n_boot)
                entry = {"mean": cm, "ci95": [clo, chi], "of_dense": _share(cm, dense_mean),
                         "diff": {"mean": dm, "ci95": [dlo, dhi]}}  # fmt: skip
                if group == "searched":
                    entry["generations"] = [int(r["searched"][name]["generations"]) for r in recs]
                row[label][name] = entry
        levels.append(row)
    return {"seeds": seeds, "episodes": int(recs[0]["episodes"]) if depth else 0,
            "bootstrap": {"replicates": n_boot, "kind": "two-stage percentile (seeds, episodes)",
                          "level": 0.95},
            "levels": levels}  # fmt: skip


def _share(x: float, dense: float):
    return x / dense if dense else None


def table(result: dict) -> str:
    """The comparison as text: per level the ticket, then each control and ticket - control."""
    n = len(result["seeds"])
    head = (f"{'level':>5} {'weights':>8}  {'network':<28} {'score [95% CI]':>26} {'of dense':>8}"
            f"  {'ticket - network [95% CI]':>28}")  # fmt: skip
    lines = [f"ticket against controls: {n} prune seed(s), {result['episodes']} common held-out "
             "episodes each; two-stage bootstrap intervals", head]  # fmt: skip
    for row in result["levels"]:
        t = row["ticket"]
        lines.append(
            f"{row['level']:>5} {100 * row['weights_remaining']:7.1f}%  {'ticket':<28} "
            f"{_ci(t['mean'], t['ci95']):>26} {_pct(t['of_dense']):>8}"
            f"  P(>= 90% dense) {100 * t['p_near_dense']:.0f}%"
        )
        for label in ("searched", "unsearched"):
            for name, c in row.get(label, {}).items():
                d = c["diff"]
                lines.append(
                    f"{'':>5} {'':>8}  {label + ' ' + name:<28} {_ci(c['mean'], c['ci95']):>26} "
                    f"{_pct(c['of_dense']):>8}  {_ci(d['mean'], d['ci95'], sign=True):>28}"
                )
    return "\n".join(lines)


def _ci(mean: float, ci, sign: bool = False) -> str:
    f = "+.3f" if sign else ".3f"
    return f"{mean:{f}} [{ci[0]:{f}}, {ci[1]:{f}}]"


def _pct(x) -> str:
    return "" if x is None else f"{100 * x:.1f}%"
