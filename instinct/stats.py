"""Small statistics used when reporting: percentiles and a confidence interval of a mean."""

from __future__ import annotations

import numpy as np


def mean_ci(values, z: float = 1.96) -> tuple[float, float, float]:
    """Mean and its normal-approximation 95% confidence interval (lo, hi)."""
    v = np.asarray(values, np.float64).ravel()
    mean = float(v.mean())
    if v.size < 2:
        return mean, mean, mean
    half = z * float(v.std(ddof=1)) / np.sqrt(v.size)
    return mean, mean - half, mean + half


def summarize(raw_fitness: np.ndarray) -> dict:
    f = np.asarray(raw_fitness, np.float64)
    f = f[np.isfinite(f)] if np.isfinite(f).any() else np.zeros(1)
    p10, median, p90 = np.percentile(f, [10, 50, 90])
    return {
        "best": float(f.max()),
        "median": float(median),
        "mean": float(f.mean()),
        "p10": float(p10),
        "p90": float(p90),
    }
