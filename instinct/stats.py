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


def json_safe(value):
    """`value` with every non-finite float replaced by None (JSON's null): a NaN or infinite
    score is stored as "no number", never as text JSON parsers refuse."""
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (float, np.floating)) and not np.isfinite(value):
        return None
    return value


def summarize(raw_fitness: np.ndarray) -> dict:
    """Percentiles of the finite fitness values; all NaN when no evaluation gave one."""
    f = np.asarray(raw_fitness, np.float64)
    if not np.isfinite(f).any():
        return dict.fromkeys(("best", "median", "mean", "p10", "p90"), float("nan"))
    f = f[np.isfinite(f)]
    p10, median, p90 = np.percentile(f, [10, 50, 90])
    return {
        "best": float(f.max()),
        "median": float(median),
        "mean": float(f.mean()),
        "p10": float(p10),
        "p90": float(p90),
    }
