"""`mask`: the supermask genome of Zhou, Lan, Liu & Yosinski 2019 ("Deconstructing Lottery Tickets:
Zeros, Signs, and the Supermask"). A seed grows a fixed random network; the genome is one bit per
parameter saying whether that connection exists. The behaviour lives only in which connections
exist.

The fixed network is Zhou et al.'s best variant, the signed constant: every parameter of layer l
(weights and biases) is +-1/sqrt(fan_in_l), its sign drawn from `weight_seed` (or, with
distribution "normal", N(0, 1)/sqrt(fan_in_l)). Strategies search over real scores f32[D]; a
connection exists where its score is positive, so mutation flips the bits whose scores it carries
across zero.

What is handed on is the bits, not the scores: the genome file's payload is the mask bit-packed,
u8[ceil(D / 8)] (numpy.packbits, big bit order), so the stored genome size is the honest one,
D/8 bytes plus the seed in the header: 32x smaller than the float32 network. Loading turns the bits
back into scores of +1 and -1, which grow exactly the same mask and so the same parameters, bit for
bit; only the scores' distances from zero (evolution's working memory) are not handed on.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from instinct.errors import InstinctError
from instinct.genome.base import Encoding, Genome, normal
from instinct.genome.pairwise import int_setting

DISTRIBUTIONS = ("signed_constant", "normal")


class MaskEncoding(Encoding):
    name = "mask"
    payload_dtype = np.dtype(np.uint8)

    @classmethod
    def settings_from_config(cls, config) -> dict:
        return {"weight_seed": config.seed}  # the fixed random network derives from the run seed

    def __init__(self, arch, weight_seed: int = 0, distribution: str = "signed_constant"):
        weight_seed = int_setting("weight_seed", weight_seed, 0, (1 << 63) - 1)
        if distribution not in DISTRIBUTIONS:
            raise InstinctError(
                f"mask distribution must be one of {', '.join(DISTRIBUTIONS)}, got {distribution!r}"
            )
        super().__init__(arch, weight_seed=weight_seed, distribution=distribution)
        self.payload_size = (arch.num_params + 7) // 8

    @cached_property
    def fixed_params(self) -> np.ndarray:
        """f32[D]: the fixed random network every mask is laid over."""
        scale = np.empty(self.arch.num_params, np.float32)
        for w, b, n_in, _ in self.arch.layers():
            scale[w.start : b.stop] = 1.0 / np.sqrt(n_in)
        draw = normal(self.settings["weight_seed"], self.arch.num_params)
        if self.settings["distribution"] == "signed_constant":
            return np.where(draw < 0, -scale, scale).astype(np.float32)
        return (scale * draw).astype(np.float32)

    def initial_vector(self, seed: int) -> np.ndarray:
        return normal(seed, self.genome_dim)

    def grow(self, vectors):
        masks = (np.asarray(vectors, np.float32) > 0).view(np.uint8)
        params = np.where(masks != 0, self.fixed_params[None, :], np.float32(0.0))
        return params.astype(np.float32, copy=False), masks

    def genome(self, vector, chain, **meta) -> Genome:
        bits = np.packbits(np.asarray(vector, np.float32) > 0)
        return Genome(self.name, dict(self.settings), self.arch, bits, **meta)

    def vector_of(self, genome: Genome) -> np.ndarray:
        bits = np.unpackbits(np.asarray(genome.payload, np.uint8), count=self.arch.num_params)
        return np.where(bits != 0, np.float32(1.0), np.float32(-1.0))
