"""Supermasks: keep the genome-grown weights fixed and evolve only which of them exist (Zhou et al.
2019, "Deconstructing Lottery Tickets"; Ramanujan et al. 2020, "What's Hidden in a Randomly Weighted
Neural Network?").

As in Ramanujan et al.'s edge-popup, every weight carries a real score and the mask keeps the top-k
scores of each scope (all weights, or each layer), so the sparsity is exactly the level's target.
Unlike edge-popup no gradient is used: the scores are a genome vector f32[W] searched by the
engine's own strategies (OpenAI-ES by default, or the GA), which only ever see the return. Scores
start random (`init="random"`) or at the weights' magnitudes (`"magnitude"`, the default: the
search starts from the magnitude-pruned ticket, Zhou et al.'s "large final" criterion).
The mask found is handed on as the born genome plus its mask (a plain `.dna` file).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from instinct.errors import InstinctError
from instinct.genome import Genome, normal
from instinct.lottery.mask import Mask
from instinct.lottery.prune import scopes

SCORE_INITS = ("magnitude", "random")
MAGNITUDE_NOISE = 0.05


class SupermaskEncoding:
    """Genome: f32[W] scores, one per weight. Grows the fixed `params` with, per scope, the `keep`
    highest-scoring weights among those `base` keeps."""

    name = "supermask"
    uses_chain = False

    def __init__(self, born: Genome, params: np.ndarray, base: Mask, keep, scope: str,
                 init: str = "magnitude"):  # fmt: skip
        if init not in SCORE_INITS:
            raise InstinctError(f"unknown score init {init!r}; choose {' or '.join(SCORE_INITS)}")
        self.init = init
        self.born = born
        self.arch = base.arch
        self.settings: dict = {}
        self.params = np.asarray(params, np.float32)
        self.weights = self.arch.weight_mask()
        self.genome_dim = int(self.weights.sum())
        # scopes, as index arrays into the score vector (which lists the weights in order)
        position = np.cumsum(self.weights) - 1
        self.blocks = [position[s] for s in scopes(self.arch, scope)]
        self.keep = [int(k) for k in keep]
        self.alive = base.values[self.weights] != 0

    def initial_vector(self, seed: int) -> np.ndarray:
        """Random scores, or |w| in units of its scope's mean |w| plus a little noise (so a
        search starts at the magnitude ticket and a GA's first generation still varies)."""
        noise = normal(seed, self.genome_dim)
        if self.init == "random":
            return noise
        magnitude = np.abs(self.params[self.weights]).astype(np.float32)
        scores = np.empty_like(magnitude)
        for idx in self.blocks:
            alive = magnitude[idx][self.alive[idx]]
            scale = alive.mean() if alive.size and alive.mean() > 0 else 1.0
            scores[idx] = magnitude[idx] / np.float32(scale)
        return scores + np.float32(MAGNITUDE_NOISE) * noise

    def masks(self, vectors: np.ndarray) -> np.ndarray:
        """u8[P, D] masks of P score vectors f32[P, W]."""
        vectors = np.atleast_2d(np.asarray(vectors, np.float32))
        num = vectors.shape[0]
        chosen = np.zeros((num, self.genome_dim), np.uint8)
        for idx, k in zip(self.blocks, self.keep, strict=True):
            scores = np.where(self.alive[idx], vectors[:, idx], -np.inf)
            top = np.argsort(-scores, axis=1, kind="stable")[:, :k]
            block = np.zeros((num, idx.size), np.uint8)
            np.put_along_axis(block, top, 1, axis=1)
            chosen[:, idx] = block
        out = np.ones((num, self.arch.num_params), np.uint8)
        out[:, self.weights] = chosen
        return out

    def grow(self, vectors):
        masks = self.masks(vectors)
        return np.where(masks != 0, self.params[None, :], np.float32(0.0)), masks

    def genome(self, vector, chain, **meta) -> Genome:
        mask = Mask(self.arch, self.masks(vector)[0])
        return dataclasses.replace(mask.attach(self.born), **meta)
