"""`direct`: the genome is the parameter vector itself (float32, one number per parameter)."""

import numpy as np

from instinct.genome.base import Encoding, normal


class DirectEncoding(Encoding):
    name = "direct"

    def initial_vector(self, seed: int) -> np.ndarray:
        return self.arch.init_scale() * normal(seed, self.genome_dim)

    def grow(self, vectors):
        return np.ascontiguousarray(vectors, np.float32), None
