"""Genetic algorithm of Such et al. 2017 ("Deep Neuroevolution"): truncation selection, one elite,
Gaussian mutation drawn from a recorded seed, so that every individual is its seed chain.

Generation 0 is P fresh genomes grown from P seeds. Afterwards the top T of the last generation are
the parents; the next generation is the best of them unchanged (the elite, re-evaluated on the new
episodes) plus P - 1 children, each a uniformly drawn parent plus `sigma * N(seed)`.
"""

from __future__ import annotations

import numpy as np

from instinct.genome import mutate
from instinct.rng import stream
from instinct.strategies.base import (
    Individual,
    Population,
    clean_fitness,
    pack_chains,
    unpack_chains,
)


class GeneticAlgorithm:
    name = "ga"

    def __init__(self, pop_size: int, sigma: float = 0.05, truncation: int | None = None,
                 elites: int = 1):  # fmt: skip
        self.pop_size = int(pop_size)
        self.sigma = float(sigma)
        self.truncation = int(truncation or max(2, self.pop_size // 5))
        self.elites = int(elites)

    def init(self, encoding, seed: int) -> dict:
        return {"generation": 0, "parents": None, "chains": None, "encoding": encoding}

    def ask(self, state: dict, seed: int, generation: int) -> Population:
        enc = state["encoding"]
        rng = stream(seed, generation, "ask")
        seeds = rng.integers(0, 1 << 32, self.pop_size, dtype=np.uint64)
        if state["parents"] is None:
            vectors = np.stack([enc.initial_vector(int(s)) for s in seeds])
            return Population(vectors, [[int(s)] for s in seeds])
        parents, chains = state["parents"], state["chains"]
        picks = rng.integers(0, parents.shape[0], self.pop_size)
        vectors = np.empty((self.pop_size, parents.shape[1]), np.float32)
        children = []
        for i in range(self.pop_size):
            if i < self.elites:  # the best parents, unchanged
                vectors[i] = parents[i]
                children.append(list(chains[i]))
            else:
                vectors[i] = mutate(parents[picks[i]], int(seeds[i]), self.sigma)
                children.append(chains[picks[i]] + [int(seeds[i])])
        return Population(vectors, children)

    def tell(self, state: dict, pop: Population, raw_fitness: np.ndarray):
        order = np.argsort(-clean_fitness(raw_fitness), kind="stable")[: self.truncation]
        new = dict(state)
        new["parents"] = pop.vectors[order].copy()
        new["chains"] = [pop.chains[i] for i in order]
        new["generation"] = state["generation"] + 1
        return new, {}

    def best(self, state: dict) -> Individual:
        return Individual(state["parents"][0], state["chains"][0])

    def candidates(self, state: dict) -> list[Individual]:
        """Every parent, best first: the final pick re-evaluates them on more episodes."""
        return [Individual(v, c) for v, c in zip(state["parents"], state["chains"], strict=True)]

    def to_arrays(self, state: dict) -> dict:
        flat, offsets = pack_chains(state["chains"])
        return {"parents": state["parents"], "chain_seeds": flat, "chain_offsets": offsets}

    def from_arrays(self, state: dict, arrays: dict) -> dict:
        parents = np.asarray(arrays["parents"], np.float32)
        seeds, offsets = np.asarray(arrays["chain_seeds"]), np.asarray(arrays["chain_offsets"])
        dim = state["encoding"].genome_dim
        if (
            parents.ndim != 2
            or not 1 <= parents.shape[0] <= self.pop_size
            or parents.shape[1] != dim
        ):
            raise ValueError(
                f"parents have shape {parents.shape}, want (1..{self.pop_size}, {dim})"
            )
        if not np.isfinite(parents).all():
            raise ValueError("parents hold non-finite numbers")
        if seeds.ndim != 1 or seeds.dtype.kind not in "iu" or offsets.ndim != 1:
            raise ValueError("seed chains are not flat whole-number arrays")
        if offsets.shape[0] != parents.shape[0] + 1 or offsets.dtype.kind not in "iu":
            raise ValueError(f"{offsets.shape[0]} chain offsets for {parents.shape[0]} parents")
        if offsets[0] != 0 or offsets[-1] != seeds.size or (np.diff(offsets) < 1).any():
            raise ValueError("chain offsets do not split the stored seeds")
        if seeds.size and (seeds.min() < 0 or seeds.max() >= 1 << 32):
            raise ValueError("a stored seed is not a 32-bit number")
        new = dict(state)
        new["parents"] = parents
        new["chains"] = unpack_chains(seeds, offsets)
        return new
