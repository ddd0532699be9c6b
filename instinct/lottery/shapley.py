"""Exact Shapley values over a few players (sense groups): every one of the 2^k coalitions.

A value function is given as `f64[2^k]` indexed by coalition bitmask: bit j set means player j is
*present* (its sense intact). phi_j = sum over coalitions S without j of
|S|! (k - |S| - 1)! / k! * (v(S + j) - v(S)). Efficiency: sum phi = v(all) - v(none).
"""

from __future__ import annotations

import math

import numpy as np

from instinct.errors import InstinctError

MAX_PLAYERS = 12  # 4096 coalitions: the most a report evaluates in one batch


def coalitions(k: int) -> np.ndarray:
    """bool[2^k, k]: row s says which players coalition s holds (bit j of s)."""
    s = np.arange(1 << k)[:, None]
    return ((s >> np.arange(k)[None, :]) & 1).astype(bool)


def shapley(values) -> np.ndarray:
    """f64[k]: each player's exact Shapley value from the coalition values f64[2^k]."""
    v = np.asarray(values, np.float64)
    k = int(round(math.log2(v.size))) if v.size else -1
    if v.ndim != 1 or k < 1 or v.size != 1 << k:
        raise InstinctError(f"Shapley values need 2^k coalition values, got {v.shape}")
    if k > MAX_PLAYERS:
        raise InstinctError(f"exact Shapley values over {k} players: at most {MAX_PLAYERS}")
    s = np.arange(1 << k)
    size = np.array([bin(int(x)).count("1") for x in s])
    fact = [math.factorial(n) for n in range(k + 1)]
    phi = np.zeros(k)
    for j in range(k):
        without = s[(s >> j) & 1 == 0]
        w = np.array([fact[size[c]] * fact[k - size[c] - 1] for c in without]) / fact[k]
        phi[j] = float((w * (v[without | (1 << j)] - v[without])).sum())
    return phi
