"""What every encoding provides, and the genome value handed between runs, files and tools.

An encoding turns a real genome vector `f32[G]` into network parameters `f32[D]` (and optionally a
`u8[D]` mask). Strategies search over genome vectors and never know what grows from them. An
encoding may also say that its genome is handed on as a *seed chain* (Such et al. 2017): the
vector is then replayed from an initial seed and one seed per mutation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from instinct.nn import Architecture

BIT_GENERATOR = "PCG64"  # named explicitly: decoding must not depend on numpy's default


def normal(seed: int, size: int) -> np.ndarray:
    """f32[size] standard normals from one seed through the named bit generator."""
    return np.random.Generator(np.random.PCG64(int(seed))).standard_normal(size, np.float32)


@dataclass
class Genome:
    """A genome as handed on: encoding name and settings, the architecture it grows, a payload.

    payload is f32[G] for vector genomes and u32[L] (initial seed, then one per mutation) for seed
    chains. mask, where set, is a u8[D] pruning mask over the grown parameters (a lottery ticket):
    decoding zeroes every parameter it switches off.
    """

    encoding: str
    settings: dict
    arch: Architecture
    payload: np.ndarray
    env_id: str = ""
    provenance: dict = field(default_factory=dict)
    birth_score: dict | None = None
    mask: np.ndarray | None = None

    @property
    def num_bytes(self) -> int:
        return int(self.payload.nbytes)

    def grow(self):
        """The `instinct.network.Network` this genome grows, ready for `act(obs)`."""
        from instinct.network import grow

        return grow(self)


class Encoding:
    """Base class: subclasses set `name`, `genome_dim` and implement `initial_vector` and `grow`."""

    name = "base"
    uses_chain = False  # True: the genome handed on is a seed chain, not the vector

    @classmethod
    def settings_from_config(cls, config) -> dict:
        """The settings (stored in each genome's header) an evolve config asks of this encoding;
        each encoding reads its own keys, so nothing outside its file knows them."""
        return {}

    def __init__(self, arch: Architecture, **settings):
        self.arch = arch
        self.settings = settings
        self.genome_dim = arch.num_params

    def initial_vector(self, seed: int) -> np.ndarray:
        """f32[G]: the genome grown from one seed (generation 0 of a lineage)."""
        raise NotImplementedError

    def grow(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """f32[P, G] genome vectors -> f32[P, D] parameters and a u8[P, D] mask or None."""
        raise NotImplementedError

    def genome(self, vector: np.ndarray, chain, **meta) -> Genome:
        """The handed-on genome of one individual from its vector and its seed chain."""
        if self.uses_chain:
            payload = np.asarray(chain, np.uint32)
        else:
            payload = np.asarray(vector, np.float32)
        return Genome(self.name, dict(self.settings), self.arch, payload, **meta)

    def vector_of(self, genome: Genome) -> np.ndarray:
        """f32[G]: the genome vector, replaying the seed chain where there is one."""
        if self.uses_chain:
            return self.replay(genome.payload)
        return np.asarray(genome.payload, np.float32)

    def replay(self, chain) -> np.ndarray:
        raise NotImplementedError

    def decode(self, genome: Genome) -> tuple[np.ndarray, np.ndarray | None]:
        """f32[D] parameters (and u8[D] mask or None) grown from one genome."""
        params, masks = self.grow(self.vector_of(genome)[None, :])
        mask = None if masks is None else masks[0]
        if genome.mask is not None:
            mask = genome.mask if mask is None else mask & genome.mask
        if mask is not None:
            params = np.where(mask != 0, params, np.float32(0.0))
        return params[0], mask
