"""Sparsity pressure during evolution: connections that mutation removes and fitness pays for.

Every weight gets a *gate*, a real number evolved with the rest of the genome: the connection exists
while its gate is positive. Gates start at `g0 = sigma * Phi^-1(1 - prune_rate)`, so that a single
Gaussian mutation removes each connection with probability `prune_rate` (and later mutations may
grow it back). The strategy then sees `return - sparsity_cost * (fraction of weights active)`;
the logged return stays the raw one, and metrics.csv's `weights_remaining` shows the sparsity of the
best network of each generation. (Pressure on connection cost in evolved networks: Clune, Mouret &
Lipson 2013, "The evolutionary origins of modularity".)

The genome vector is `[base genome vector (G), gates (W)]`. Seed chains replay the whole vector; the
base part of that replay is exactly the base encoding's replay of the same chain (a PCG64 normal
draw of G numbers is the prefix of a draw of G + W), so what is handed on is an ordinary genome of
the base encoding plus the mask its gates imply: a plain `.dna` file that decodes to exactly the
parameters evaluated.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from instinct.errors import InstinctError
from instinct.genome import Genome, mutate

DEFAULT_PRUNE_RATE = 0.01


def gate_start(sigma: float, prune_rate: float) -> float:
    """Initial gate: one N(0, sigma) mutation carries it below zero with probability prune_rate."""
    rate = prune_rate or DEFAULT_PRUNE_RATE
    if not 0.0 < rate < 0.5:
        raise InstinctError(f"prune_rate must be in (0, 0.5), got {rate:g}")
    return float(sigma) * NormalDist().inv_cdf(1.0 - rate)


class GatedEncoding:
    """`base` with one evolved gate per weight appended to its genome vector."""

    def __init__(self, base, gate0: float):
        self.base = base
        self.arch = base.arch
        self.name = base.name
        self.settings = dict(base.settings)
        self.uses_chain = base.uses_chain
        self.weights = self.arch.weight_mask()
        self.num_gates = int(self.weights.sum())
        self.genome_dim = base.genome_dim + self.num_gates
        self.gate0 = np.float32(gate0)

    def initial_vector(self, seed: int) -> np.ndarray:
        gates = np.full(self.num_gates, self.gate0, np.float32)
        return np.concatenate([self.base.initial_vector(seed), gates])

    def replay(self, chain) -> np.ndarray:
        chain = [int(s) for s in chain]
        vector = self.initial_vector(chain[0])
        for seed in chain[1:]:
            vector = mutate(vector, seed, self.settings["sigma"])
        return vector

    def gate_masks(self, vectors: np.ndarray) -> np.ndarray:
        """u8[P, D]: 1 where a weight's gate is open (and for every bias)."""
        vectors = np.atleast_2d(vectors)
        out = np.ones((vectors.shape[0], self.arch.num_params), np.uint8)
        out[:, self.weights] = vectors[:, self.base.genome_dim :] > 0
        return out

    def active_fraction(self, vectors: np.ndarray) -> np.ndarray:
        """f64[P]: fraction of weights whose gate is open."""
        return (np.atleast_2d(vectors)[:, self.base.genome_dim :] > 0).mean(axis=1)

    def grow(self, vectors):
        vectors = np.asarray(vectors, np.float32)
        params, masks = self.base.grow(np.ascontiguousarray(vectors[:, : self.base.genome_dim]))
        gates = self.gate_masks(vectors)
        masks = gates if masks is None else masks & gates
        return np.where(masks != 0, params, np.float32(0.0)), masks

    def genome(self, vector, chain, **meta) -> Genome:
        if vector is None:
            vector = self.replay(chain)
        base_vector = None if self.uses_chain else vector[: self.base.genome_dim]
        genome = self.base.genome(base_vector, chain, **meta)
        genome.mask = self.gate_masks(vector)[0]
        return genome


class SparsityPressure:
    """A strategy that ranks genomes by return minus `cost` times their active weight fraction."""

    def __init__(self, inner, encoding: GatedEncoding, cost: float):
        self.inner = inner
        self.encoding = encoding
        self.cost = float(cost)

    def __getattr__(self, name):  # everything not overridden here is the inner strategy's
        return getattr(self.inner, name)

    def tell(self, state, pop, raw_fitness):
        penalty = self.cost * self.encoding.active_fraction(pop.vectors)
        return self.inner.tell(state, pop, np.asarray(raw_fitness, np.float64) - penalty)


def sparsity_pressure(encoding, strategy, sigma: float, cost: float, prune_rate: float):
    """(encoding, strategy) of an evolution with sparsity pressure (the `evolve.build` hook)."""
    if cost < 0:
        raise InstinctError(f"sparsity_cost must be >= 0, got {cost:g}")
    gated = GatedEncoding(encoding, gate_start(sigma, prune_rate))
    return gated, SparsityPressure(strategy, gated, cost)
