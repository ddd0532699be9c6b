"""What the generator encodings share: a small network, the genome, maps a (pre, post) pair of
neuron descriptions to the weight between them, so the genome's size does not grow with the
network.

`cppn` (Stanley et al. 2009, HyperNEAT) describes a neuron by its position in the substrate;
`gnet` (Shuvaev, Koulakov, Zador et al., the genomic bottleneck) by a fixed identity code. Both
subclass `GeneratorEncoding`, which owns the generator's layout, its initial draw, the growth kernel
call and the choice of a generator size for a byte budget. Genome size (floats), for F features per
neuron, generator width H and depth 1 or 2:

    G = 2F*H + H  +  (depth - 1) * (H*H + H)  +  2H + 2        bytes = 4G

Grown weights are scaled by 1/sqrt(fan_in) of their layer (a fixed, non-genomic substrate gain), so
a generator output of order one gives the usual initial weight scale at any network size.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from instinct.errors import InstinctError
from instinct.genome.base import Encoding, normal
from instinct.kernels.pairwise import UNITS, grow_pairwise

MAX_WIDTH = 1024


def int_setting(name: str, value, lo: int, hi: int) -> int:
    """A whole-number encoding setting in [lo, hi], or a one-line error (bools are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InstinctError(f"encoding setting {name} must be a whole number, got {value!r}")
    if not lo <= int(value) <= hi:
        raise InstinctError(f"encoding setting {name} must be in [{lo}, {hi}], got {value}")
    return int(value)


def generator_dim(num_features: int, width: int, depth: int) -> int:
    h2 = width if depth == 2 else 0
    last = h2 or width
    return 2 * num_features * width + width + h2 * width + h2 + 2 * last + 2


class GeneratorEncoding(Encoding):
    """Base of `cppn` and `gnet`. Subclasses set `name`, `default_width`, `default_depth`,
    `units` (the unit functions cycled over the hidden units), `first_gain`, and `features()`."""

    default_width = 16
    default_depth = 2
    units: tuple[str, ...] = ("tanh",)
    first_gain = 1.0

    extra_settings: tuple[str, ...] = ()  # further settings a subclass resolves and passes on

    @classmethod
    def settings_from_config(cls, config) -> dict:
        """Generator width and depth; 0 in the config means the encoding's default."""
        sizes = {"width": config.genome_width, "depth": config.genome_depth}
        return {k: v for k, v in sizes.items() if v}

    def __init__(self, arch, width: int | None = None, depth: int | None = None, **extra):
        unknown = sorted(set(extra) - set(self.extra_settings))
        if unknown:
            raise InstinctError(f"unknown {self.name} setting(s): {', '.join(unknown)}")
        width = int_setting("width", self.default_width if width is None else width, 1, MAX_WIDTH)
        depth = int_setting("depth", self.default_depth if depth is None else depth, 1, 2)
        super().__init__(arch, width=width, depth=depth, **extra)
        self.width, self.depth = width, depth
        self.genome_dim = generator_dim(self.num_features, width, depth)

    num_features: int = 0  # F, set by the subclass (may depend on its settings)

    def features(self) -> np.ndarray:
        """f32[N, F]: every neuron's description, neuron layers one after another."""
        raise NotImplementedError

    @classmethod
    def settings_for_bytes(cls, arch, num_bytes: int) -> dict:
        """The largest generator whose genome fits in num_bytes (deeper first, then wider)."""
        probe = cls(arch, width=1, depth=1)
        best = None
        for depth in (2, 1):
            for width in range(1, MAX_WIDTH + 1):
                if 4 * generator_dim(probe.num_features, width, depth) > num_bytes:
                    break
                size = generator_dim(probe.num_features, width, depth)
                if best is None or size > best[0]:
                    best = (size, width, depth)
        if best is None:
            raise InstinctError(f"no {cls.name} genome fits in {num_bytes} bytes")
        return {**probe.settings, "width": best[1], "depth": best[2]}

    # layout ----------------------------------------------------------------------------------
    @cached_property
    def _layout(self):
        sizes = np.asarray(self.arch.sizes, np.int64)
        noff = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        scales = np.array([1.0 / np.sqrt(n) for n in sizes[:-1]], np.float32)
        h1, h2 = self.width, (self.width if self.depth == 2 else 0)
        codes = [UNITS[u] for u in self.units]
        acts1 = np.array([codes[u % len(codes)] for u in range(h1)], np.int64)
        acts2 = np.array([UNITS["tanh"]] * max(h2, 1), np.int64)
        feats = np.ascontiguousarray(self.features(), np.float32)
        return feats, noff, sizes, scales, h1, h2, acts1, acts2

    @cached_property
    def _init_scale(self) -> np.ndarray:
        """f32[G]: standard deviation of each generator parameter at birth of a lineage."""
        f, h1 = self.num_features, self.width
        h2 = self.width if self.depth == 2 else 0
        last = h2 or h1
        parts = [
            np.full(2 * f * h1, self.first_gain / np.sqrt(2 * f)),  # W1
            np.full(h1, 1.0),  # b1: spreads the units' phases
            np.full(h1 * h2, 1.0 / np.sqrt(h1)),  # W2
            np.full(h2, 0.5),  # b2
            np.full(2 * last, 1.0 / np.sqrt(last)),  # Wo
            np.zeros(2),  # bo
        ]
        return np.concatenate(parts).astype(np.float32)

    # the Encoding interface ------------------------------------------------------------------
    def initial_vector(self, seed: int) -> np.ndarray:
        return self._init_scale * normal(seed, self.genome_dim)

    def grow(self, vectors):
        vectors = np.ascontiguousarray(vectors, np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.genome_dim:
            raise ValueError(f"{self.name} genomes are f32[P, {self.genome_dim}]")
        out = np.empty((vectors.shape[0], self.arch.num_params), np.float32)
        grow_pairwise(vectors, *self._layout, out)
        return out, None


def layer_depths(arch) -> np.ndarray:
    """f32[K+1]: each neuron layer's depth coordinate, evenly spaced in [-1, 1]."""
    k = len(arch.sizes) - 1
    return np.array([-1.0 + 2.0 * i / k for i in range(k + 1)], np.float32)
