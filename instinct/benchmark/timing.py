"""Interleaved timing: every contender measured in every round, so a noisy machine slows all of
them alike and the per-round ratios stay meaningful (after shared/peers/common.py)."""

from __future__ import annotations

import time

import numpy as np


def timed(fn, min_seconds: float) -> tuple[float, int]:
    """Call fn() -> agent-steps until at least min_seconds have passed; (seconds, agent-steps)."""
    steps, t0 = 0, time.perf_counter()
    while True:
        steps += fn()
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            return elapsed, steps


def interleaved(contenders: dict, rounds: int, reps: int, min_seconds: float) -> dict:
    """{name: f64[rounds * reps] agent-steps/s}; contender order alternates between rounds."""
    rates = {name: [] for name in contenders}
    names = list(contenders)
    for r in range(rounds):
        for name in names if r % 2 == 0 else names[::-1]:
            for _ in range(reps):
                seconds, steps = timed(contenders[name], min_seconds)
                rates[name].append(steps / seconds)
    return {name: np.asarray(v) for name, v in rates.items()}


def ratio_of_medians_per_round(a: np.ndarray, b: np.ndarray, rounds: int) -> float:
    """Median over rounds of (a's round median / b's round median)."""
    ra, rb = a.reshape(rounds, -1), b.reshape(rounds, -1)
    return float(np.median(np.median(ra, axis=1) / np.median(rb, axis=1)))
