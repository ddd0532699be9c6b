"""Genetic algorithm of Such et al. 2017 ("Deep Neuroevolution"): truncation selection, one elite,
Gaussian mutation drawn from a recorded seed, so that every individual is its seed chain.

Generation 0 is P fresh genomes grown from P seeds. Afterwards the top T of the last generation are
the parents; the next generation is the best of them unchanged (the elite, re-evaluated on the new
episodes) plus P - 1 children, each a uniformly drawn parent plus `sigma * N(seed)`.
State arrays: parents f32[T, G] best first, their seed chains packed (chain_seeds, chain_offsets).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from instinct.genome import mutate
from instinct.strategies.base import (
    Individual,
    Population,
    Strategy,
    pack_chains,
    settings_field,
    unpack_chains,
)
from instinct.strategies.shaping import identity


@dataclass(frozen=True)
class GASettings:
    sigma: float = settings_field(0.05, "mutation standard deviation")
    truncation: int = settings_field(0, "parents kept per generation (0: population/5)")
    elites: int = settings_field(1, "best parents copied unchanged into the next generation")


class GeneticAlgorithm(Strategy):
    name = "ga"
    help = "genetic algorithm with seed chains (Such et al. 2017)"
    Settings = GASettings
    shaping = staticmethod(identity)  # truncation selection needs only the order
    uses_chains = True  # hands on seed chains, so it can evolve chain encodings (`seeds`)

    def _check(self) -> None:
        s = self.settings
        self.sigma = float(s.sigma)
        self.truncation = int(s.truncation or max(2, self.pop_size // 5))
        self.elites = int(s.elites)

    def _init(self, encoding, seed: int) -> dict:
        self.encoding = encoding  # generation 0 grows fresh genomes from seeds
        return {}

    def _ask(self, state, rng) -> Population:
        seeds = rng.integers(0, 1 << 32, self.pop_size, dtype=np.uint64)
        if "parents" not in state.arrays:
            vectors = np.stack([self.encoding.initial_vector(int(s)) for s in seeds])
            return Population(vectors, [[int(s)] for s in seeds])
        parents = state.arrays["parents"]
        chains = unpack_chains(state.arrays["chain_seeds"], state.arrays["chain_offsets"])
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

    def _tell(self, state, pop, shaped):
        order = np.argsort(-shaped, kind="stable")[: self.truncation]
        flat, offsets = pack_chains([pop.chains[i] for i in order])
        parents = pop.vectors[order].copy()
        return {"parents": parents, "chain_seeds": flat, "chain_offsets": offsets}, {}

    def best(self, state) -> Individual:
        return self.candidates(state)[0]

    def candidates(self, state) -> list[Individual]:
        """Every parent, best first: the final pick re-evaluates them on more episodes."""
        a = state.arrays
        chains = unpack_chains(a["chain_seeds"], a["chain_offsets"])
        return [Individual(v, c) for v, c in zip(a["parents"], chains, strict=True)]

    def _from_arrays(self, state, arrays, generation) -> dict:
        return {
            "parents": np.asarray(arrays["parents"], np.float32),
            "chain_seeds": np.asarray(arrays["chain_seeds"], np.uint32),
            "chain_offsets": np.asarray(arrays["chain_offsets"], np.int64),
        }


STRATEGY = GeneticAlgorithm
