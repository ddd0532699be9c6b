"""Ticket identity: do two searches (prune seeds) or two evolutions find the same subnetwork?

Overlap is the Jaccard index |A & B| / |A | B| of the kept weights, per layer, over the network,
and per observation input (its first-layer row). Chance is two independent uniformly random masks
with the same kept counts: the intersection is then hypergeometric, so the expected Jaccard per
layer is exact (`chance_jaccard`) and a 95% interval over the whole network comes from drawing the
intersections directly (`chance_interval`), layer by layer.

Two independently evolved networks have no common unit order: hidden units are matched layer by
layer with `scipy.optimize.linear_sum_assignment` on the cosine similarity of their incoming
weights (rows already aligned by the previous layer's matching), and B's mask is permuted to A's
order before overlap is counted. Feedforward networks only.
"""

from __future__ import annotations

import numpy as np

from instinct.errors import InstinctError
from instinct.nn import Architecture
from instinct.nn.recurrent import is_recurrent


def jaccard(a, b) -> float:
    """|a & b| / |a | b| of two boolean masks (1.0 when both are empty)."""
    a, b = np.asarray(a, bool), np.asarray(b, bool)
    union = int((a | b).sum())
    return 1.0 if union == 0 else int((a & b).sum()) / union


def chance_jaccard(n: int, k1: int, k2: int) -> float:
    """Expected Jaccard of two independent uniform random k1- and k2-subsets of n items."""
    from scipy.stats import hypergeom

    if not (0 <= k1 <= n and 0 <= k2 <= n):
        raise InstinctError(f"subset sizes {k1}, {k2} of {n} items")
    if k1 + k2 == 0:
        return 1.0
    x = np.arange(max(0, k1 + k2 - n), min(k1, k2) + 1)
    return float((hypergeom.pmf(x, n, k1, k2) * x / (k1 + k2 - x)).sum())


def chance_interval(sizes, k1s, k2s, rng, draws: int = 2000) -> tuple[float, float, float]:
    """(mean, 2.5%, 97.5%) of the whole-mask Jaccard of random masks with these per-layer counts."""
    inter = np.zeros(draws)
    union = np.zeros(draws)
    for n, k1, k2 in zip(sizes, k1s, k2s, strict=True):
        x = rng.hypergeometric(k1, n - k1, k2, size=draws) if k1 and k2 else np.zeros(draws)
        inter += x
        union += k1 + k2 - x
    j = np.where(union > 0, inter / np.maximum(union, 1), 1.0)
    return float(j.mean()), float(np.quantile(j, 0.025)), float(np.quantile(j, 0.975))


def _check_ff(arch: Architecture) -> None:
    if is_recurrent(arch):
        raise InstinctError("hidden-unit matching covers feedforward networks only")


def match_hidden(arch: Architecture, params_a, params_b) -> list[np.ndarray]:
    """Per hidden layer, perm[i] = B's unit matched to A's unit i."""
    from scipy.optimize import linear_sum_assignment

    _check_ff(arch)
    layers = arch.layers()
    perms, prev = [], np.arange(arch.obs_dim)
    for w, b, n_in, n_out in layers[:-1]:
        fa = np.vstack([np.asarray(params_a)[w].reshape(n_in, n_out), np.asarray(params_a)[b]])
        wb = np.asarray(params_b)[w].reshape(n_in, n_out)[prev]
        fb = np.vstack([wb, np.asarray(params_b)[b]])
        fa = fa / np.maximum(np.linalg.norm(fa, axis=0, keepdims=True), 1e-12)
        fb = fb / np.maximum(np.linalg.norm(fb, axis=0, keepdims=True), 1e-12)
        _, cols = linear_sum_assignment(-(fa.T @ fb))
        perms.append(cols)
        prev = cols
    return perms


def permute(arch: Architecture, values, perms: list[np.ndarray]) -> np.ndarray:
    """B's parameters (or mask) in A's unit order, given match_hidden's permutations."""
    _check_ff(arch)
    v = np.array(values)
    out = v.copy()
    order = [np.arange(arch.obs_dim), *perms, np.arange(arch.act_dim)]
    for i, (w, b, n_in, n_out) in enumerate(arch.layers()):
        W = v[w].reshape(n_in, n_out)[order[i]][:, order[i + 1]]
        out[w] = W.ravel()
        out[b] = v[b][order[i + 1]]
    return out


def overlap(arch: Architecture, mask_a, mask_b, groups: dict, rng) -> dict:
    """Observed and chance Jaccard per layer, over the network, and per sense group of inputs."""
    a, b = np.asarray(mask_a, bool), np.asarray(mask_b, bool)
    layers = []
    sizes, k1s, k2s = [], [], []
    for i, (w, _, _, _) in enumerate(arch.layers()):
        n, k1, k2 = w.stop - w.start, int(a[w].sum()), int(b[w].sum())
        layers.append({"layer": i, "jaccard": jaccard(a[w], b[w]),
                       "chance": chance_jaccard(n, k1, k2), "kept": [k1, k2], "of": n})  # fmt: skip
        sizes.append(n), k1s.append(k1), k2s.append(k2)
    mean, lo, hi = chance_interval(sizes, k1s, k2s, rng)
    w, _, n_in, n_out = arch.layers()[0]
    ra, rb = a[w].reshape(n_in, n_out), b[w].reshape(n_in, n_out)
    senses = []
    for g, idx in groups.items():
        ga, gb = ra[list(idx)], rb[list(idx)]
        n = ga.size
        senses.append({"group": g, "jaccard": jaccard(ga, gb),
                       "chance": chance_jaccard(n, int(ga.sum()), int(gb.sum()))})  # fmt: skip
    wm = arch.weight_mask()
    return {"jaccard": jaccard(a[wm], b[wm]), "chance": mean, "chance_ci95": [lo, hi],
            "layers": layers, "senses": senses}  # fmt: skip
