"""The benchmark's populations, after the peers' workload (shared/peers/common.py).

gen0      random initial networks, every weight and bias ~ N(0, 1): short, unequal episodes, so
          what a batch-synchronous rollout wastes on early-ended episodes shows.
balanced  noisy copies (N(0, 0.02) on every parameter) of one linear controller embedded in the
          network (unit 0 of layer 1 carries k . obs, unit 0 of each later hidden layer copies it,
          the last output follows it, the first opposes it): pure throughput when every episode
          runs to the time limit. The controller k is found by a seeded cross-entropy search for
          the longest-lived one, so no world is named here; the copies' mean episode length is
          printed beside the figures.
"""

from __future__ import annotations

import numpy as np

from instinct.nn import Architecture


def gen0(arch: Architecture, pop_size: int, seed: int) -> np.ndarray:
    """f32[P, D]: every parameter ~ N(0, 1)."""
    rng = np.random.default_rng([seed, 0])
    return rng.normal(0.0, 1.0, (pop_size, arch.num_params)).astype(np.float32)


def embed_linear(arch: Architecture, k: np.ndarray) -> np.ndarray:
    """f32[D]: a network computing (approximately) the linear controller sign(k . obs)."""
    theta = np.zeros(arch.num_params, np.float32)
    layers = arch.layers()
    w, _, n_in, n_out = layers[0]
    theta[w].reshape(n_in, n_out)[:, 0] = 0.2 * k
    for w, _, n_in, n_out in layers[1:-1]:
        theta[w].reshape(n_in, n_out)[0, 0] = 2.0
    w, _, n_in, n_out = layers[-1]
    out = theta[w].reshape(n_in, n_out)
    out[0, n_out - 1] += 1.0
    if n_out > 1:
        out[0, 0] -= 1.0
    return theta


def noisy_copies(arch: Architecture, theta: np.ndarray, pop_size: int, seed: int) -> np.ndarray:
    """Weights + N(0, 0.02), hidden biases + N(0, 0.0002), output biases exact (as the peers)."""
    rng = np.random.default_rng([seed, 1])
    scale = np.where(arch.weight_mask(), 0.02, 0.0002)
    scale[arch.layers()[-1][1]] = 0.0
    noise = rng.normal(0.0, 1.0, (pop_size, arch.num_params)) * scale
    return (theta[None, :] + noise).astype(np.float32)


def balanced(
    arch: Architecture, pop_size: int, seed: int, evaluator, keys, candidates=256, iterations=8
):
    """(f32[P, D] noisy copies of the longest-lived embedded linear controller found by a
    cross-entropy search, the copies' mean episode length on `keys`)."""
    rng = np.random.default_rng([seed, 2])
    search_keys = np.concatenate([keys, np.arange(8, dtype=np.uint32) + np.uint32(1 << 20)])
    mean, std = np.zeros(arch.obs_dim), np.full(arch.obs_dim, 3.0)
    full = evaluator.max_steps * len(search_keys)
    best_k, best_len = mean, -1
    for _ in range(iterations):
        ks = mean + std * rng.normal(0.0, 1.0, (candidates, arch.obs_dim))
        nets = np.stack([embed_linear(arch, k) for k in ks])
        lengths = evaluator.evaluate(nets, None, search_keys).lengths.sum(axis=1)
        order = np.argsort(-lengths, kind="stable")
        if lengths[order[0]] > best_len:
            best_k, best_len = ks[order[0]], int(lengths[order[0]])
        elite = ks[order[: candidates // 8]]
        mean, std = elite.mean(axis=0), elite.std(axis=0) + 0.1
        if best_len >= full:
            break
    population = noisy_copies(arch, embed_linear(arch, best_k), pop_size, seed)
    mean_length = float(evaluator.evaluate(population, None, keys).lengths.mean())
    return population, mean_length
