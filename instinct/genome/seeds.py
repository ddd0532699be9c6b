"""`seeds`: the seed-chain genome of Such et al. 2017 ("Deep Neuroevolution").

A genome is a list of 32-bit seeds: the first grows the initial parameters (fan-in scaled normals),
each further one adds a mutation `sigma * N(0, I)`. Decoding replays the chain with the named bit
generator (PCG64), no shared noise table, in time linear in the chain's length; the genome grows
by 4 bytes per generation. The GA produces exactly these chains, so replaying an individual's chain
gives its parameters bit for bit.
"""

import numpy as np

from instinct.genome.base import normal
from instinct.genome.direct import DirectEncoding


def mutate(vector: np.ndarray, seed: int, sigma: float) -> np.ndarray:
    """One mutation step; the GA and the replay both use this exact expression."""
    return vector + np.float32(sigma) * normal(seed, vector.shape[0])


class SeedChainEncoding(DirectEncoding):
    name = "seeds"
    uses_chain = True

    @classmethod
    def settings_from_config(cls, config) -> dict:
        return {"sigma": config.sigma}

    def __init__(self, arch, sigma: float = 0.05, **settings):
        super().__init__(arch, sigma=float(sigma), **settings)

    def replay(self, chain) -> np.ndarray:
        chain = np.asarray(chain, np.uint32)
        vector = self.initial_vector(int(chain[0]))
        for seed in chain[1:]:
            vector = mutate(vector, int(seed), self.settings["sigma"])
        return vector
