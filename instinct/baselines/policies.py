"""Baseline policies as parameters of an ordinary network, so the fused kernel runs them as it
runs any evolved one. Pure functions of an `Architecture` and the battery's plain settings."""

from __future__ import annotations

import itertools
import math

import numpy as np

from instinct.nn import Architecture


def linear_architecture(arch: Architecture) -> Architecture:
    """The same inputs and outputs with no hidden layer."""
    return Architecture(arch.obs_dim, (), arch.act_dim, arch.activation, arch.output,
                        arch.act_low, arch.act_high)  # fmt: skip


def linear_params(arch: Architecture, weights: dict, bias) -> np.ndarray:
    """f32[D] of a no-hidden-layer network: weights {(input, output): w}, biases per output."""
    if arch.hidden:
        raise ValueError("linear_params needs an architecture with no hidden layer")
    ((w_slice, b_slice, n_in, n_out),) = arch.layers()
    theta = np.zeros(arch.num_params, np.float32)
    w = theta[w_slice].reshape(n_in, n_out)
    for (i, o), value in weights.items():
        w[int(i), int(o)] = value
    theta[b_slice] = np.asarray(bias, np.float32)[:n_out]
    return theta


def constant_params(arch: Architecture, output: int, values, bias) -> np.ndarray:
    """f32[K, D]: one constant policy per value of output `output` (as atanh of the action)."""
    rows = []
    for v in values:
        b = np.array(bias, np.float64)
        b[output] = np.arctanh(np.clip(v, -0.999, 0.999))
        rows.append(linear_params(arch, {}, b))
    return np.stack(rows)


def sign_patterns(n: int, count: int, rng: np.random.Generator, max_nonzero: int = 4):
    """i8[K, n] sign patterns in {-1, 0, 1} with 1..max_nonzero non-zero signs (a handful of
    weights): all of them when there are at most `count`, else `count` distinct ones drawn at
    random (first the number of non-zero signs, then where, then which)."""
    k_max = min(max_nonzero, n)
    total = sum(math.comb(n, k) * 2**k for k in range(1, k_max + 1))
    if total <= count:
        every = np.array(list(itertools.product((-1, 0, 1), repeat=n)), np.int8)
        used = np.count_nonzero(every, axis=1)
        return every[(used >= 1) & (used <= k_max)]
    found: dict[bytes, np.ndarray] = {}
    while len(found) < count:
        p = np.zeros(n, np.int8)
        where = rng.choice(n, int(rng.integers(1, k_max + 1)), replace=False)
        p[where] = rng.choice(np.array([-1, 1], np.int8), where.size)
        found.setdefault(p.tobytes(), p)
    return np.stack(list(found.values()))


def sign_rule_params(arch: Architecture, inputs, patterns, gains, output: int, bias):
    """f32[K * G, D]: for each pattern and gain, output `output` = gain * mean of the signed
    inputs (signs from the pattern), the other outputs held by their biases."""
    inputs = tuple(int(i) for i in inputs)
    rows = []
    for pattern in patterns:
        used = max(int(np.count_nonzero(pattern)), 1)
        for gain in gains:
            signed = zip(inputs, pattern, strict=True)
            weights = {(i, output): gain * float(s) / used for i, s in signed if s}
            rows.append(linear_params(arch, weights, bias))
    return np.stack(rows)


def rule_bits(n_inputs: int, n_gains: int) -> float:
    """What one sign rule costs to write down: a sign per input and the choice of a gain."""
    return float(n_inputs * np.log2(3.0) + np.log2(max(n_gains, 1)))
