"""Magnitude pruning, global or per layer (Han et al. 2015; Frankle & Carbin 2019).

Level k of a pruning schedule keeps `round(n * (1 - rate) ** k)` weights of the n in its scope
(all weights for `global`, each layer for `layer`), n counted at level 0 (the born network's
non-zero weights) so that rounding never compounds: the sparsity reached is the target, exactly.
Among the weights still kept, the largest |w| survive; ties go to the lower index, so pruning is
deterministic. Biases are kept. A schedule of explicit fractions (`remaining`, e.g. (0.2, 0.05))
replaces the geometric one: level k keeps `round(n * remaining[k - 1])`.
"""

from __future__ import annotations

import numpy as np

from instinct.errors import InstinctError
from instinct.lottery.mask import Mask
from instinct.nn import Architecture

SCOPES = ("global", "layer")


def check_rate(rate: float) -> float:
    rate = float(rate)
    if not 0.0 < rate < 1.0:
        raise InstinctError(f"--rate must be between 0 and 1 (exclusive), got {rate:g}")
    return rate


def check_remaining(remaining) -> tuple[float, ...]:
    """An explicit schedule: fractions of the weights kept, strictly decreasing, in (0, 1)."""
    out = tuple(float(f) for f in remaining)
    if any(not 0.0 < f < 1.0 for f in out) or any(
        b >= a for a, b in zip(out, out[1:], strict=False)
    ):
        shown = ",".join(f"{f:g}" for f in out)
        raise InstinctError(
            f"--remaining must be fractions in (0, 1), strictly decreasing, got {shown}"
        )
    return out


def level_fraction(rate: float, level: int, remaining=()) -> float:
    """Fraction of each scope's weights kept at `level`: (1 - rate)**level, or the schedule's."""
    if remaining and level > 0:
        return float(remaining[level - 1])
    return (1.0 - rate) ** level


def target_kept(total: int, rate: float, level: int, remaining=()) -> int:
    """Weights a scope of `total` weights keeps at pruning level `level` (at least one)."""
    return max(1, int(round(total * level_fraction(rate, level, remaining)))) if total else 0


def scopes(arch: Architecture, scope: str) -> list[slice]:
    """Slices of the flat parameters that one pruning decision ranks together: every layer's
    weights (layer scope) or all weights (global scope, as one index array)."""
    if scope not in SCOPES:
        raise InstinctError(f"unknown scope {scope!r}; choose global or layer")
    if scope == "global":
        return [np.flatnonzero(arch.weight_mask())]
    return [w for w, _, _, _ in arch.layers()]


def targets(base: Mask, rate: float, level: int, scope: str, remaining=()) -> np.ndarray:
    """i64[S]: weights each scope keeps at `level`, counted from the level-0 mask `base`."""
    return np.array(
        [target_kept(int(base.values[s].sum()), rate, level, remaining)
         for s in scopes(base.arch, scope)],
        np.int64,
    )  # fmt: skip


def _keep_top(scores: np.ndarray, alive: np.ndarray, keep: int) -> np.ndarray:
    """bool[n]: the `keep` largest scores among `alive` entries; ties to the lower index."""
    order = np.argsort(np.where(alive, -scores, np.inf), kind="stable")
    out = np.zeros(scores.size, bool)
    out[order[: min(keep, int(alive.sum()))]] = True
    return out


def magnitude_prune(params, mask: Mask, rate: float, level: int, scope: str = "global",
                    base: Mask | None = None, remaining=()) -> Mask:  # fmt: skip
    """The mask of pruning level `level`: a subset of `mask` keeping the largest |params|.

    Targets count from `base`, the level-0 mask (all weights when None).
    """
    arch = mask.arch
    params = np.abs(np.asarray(params, np.float64))
    if params.shape != (arch.num_params,):
        raise InstinctError(f"params have shape {params.shape}, the network {arch.num_params}")
    alive = mask.values != 0
    keep = targets(base or Mask.ones(arch), check_rate(rate), level, scope, remaining)
    new = mask.values.copy()
    for s, k in zip(scopes(arch, scope), keep, strict=True):
        new[s] = _keep_top(params[s], alive[s], int(k))
    return Mask(arch, new)
