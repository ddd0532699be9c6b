"""Fitness shaping as small pure functions, one signature: f64[P] fitness -> shaped f?[P].

The Strategy base cleans NaN (a failed evaluation) to -inf first, so each function sees the worst
possible value there; ties are broken by index (stable sorts), so shaping is deterministic.
"""

from __future__ import annotations

import numpy as np


def clean_fitness(raw: np.ndarray) -> np.ndarray:
    """NaN fitness is a failed evaluation: it ranks below everything."""
    raw = np.asarray(raw, np.float64)
    return np.where(np.isnan(raw), -np.inf, raw)


def identity(fitness: np.ndarray) -> np.ndarray:
    """The fitness itself (selection by order only: the GA)."""
    return fitness


def ranks(fitness: np.ndarray) -> np.ndarray:
    """i32[P]: 0 for the worst, P-1 for the best."""
    out = np.empty(fitness.size, np.int32)
    out[np.argsort(clean_fitness(fitness), kind="stable")] = np.arange(fitness.size)
    return out


def centered_ranks(fitness: np.ndarray) -> np.ndarray:
    """Ranks scaled to [-0.5, 0.5] (Salimans et al. 2017)."""
    out = np.empty(fitness.size, np.float64)
    out[np.argsort(clean_fitness(fitness), kind="stable")] = np.arange(fitness.size)
    return out / max(fitness.size - 1, 1) - 0.5
