"""A validated pruning mask over a network's flat parameters (after open_lth's `pruning/mask.py`).

A `Mask` is a read-only `u8[D]` in the layout of `instinct.nn.Architecture`: 1 keeps a parameter,
0 prunes it. Only weights are ever pruned; every bias is kept, and the constructor refuses a mask
that prunes one. A mask is handed on inside a `.dna` genome file (the genome plus its bit-packed
`mask` field), never as a pickle: `Mask.of(genome)` and `mask.attach(genome)` convert.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from instinct.errors import InstinctError
from instinct.nn import Architecture


class Mask:
    """u8[D] pruning mask: validated on construction, immutable afterwards."""

    __slots__ = ("arch", "values")

    def __init__(self, arch: Architecture, values):
        v = np.asarray(values)
        if v.ndim != 1 or v.size != arch.num_params:
            raise InstinctError(
                f"a mask for {arch.sizes} has {arch.num_params} entries, got shape {v.shape}"
            )
        if v.dtype == bool:
            v = v.astype(np.uint8)
        if v.dtype.kind not in "iu" or (v.size and (v.min() < 0 or v.max() > 1)):
            raise InstinctError("a mask holds only 0 (pruned) and 1 (kept)")
        v = v.astype(np.uint8)
        if not v[~arch.weight_mask()].all():
            raise InstinctError("a mask may prune weights only, never a bias")
        v.flags.writeable = False
        object.__setattr__(self, "arch", arch)
        object.__setattr__(self, "values", v)

    def __setattr__(self, name, value):
        raise AttributeError("a Mask is immutable")

    @classmethod
    def ones(cls, arch: Architecture) -> Mask:
        return cls(arch, np.ones(arch.num_params, np.uint8))

    @classmethod
    def of(cls, genome) -> Mask:
        """The genome's mask (all ones when it has none)."""
        if genome.mask is None:
            return cls.ones(genome.arch)
        return cls(genome.arch, genome.mask)

    def attach(self, genome):
        """A copy of `genome` that carries this mask (the lottery ticket as a .dna genome)."""
        if genome.arch != self.arch:
            raise InstinctError("mask and genome are for different architectures")
        return dataclasses.replace(genome, mask=self.values.copy())

    # sizes ------------------------------------------------------------------------------------
    def layer_kept(self) -> np.ndarray:
        """i64[L]: weights kept per layer."""
        return np.array([int(self.values[w].sum()) for w, _, _, _ in self.arch.layers()], np.int64)

    def layer_total(self) -> np.ndarray:
        return np.array([w.stop - w.start for w, _, _, _ in self.arch.layers()], np.int64)

    @property
    def weights_kept(self) -> int:
        return int(self.values[self.arch.weight_mask()].sum())

    @property
    def weights_remaining(self) -> float:
        """Fraction of weights the mask keeps."""
        return self.weights_kept / self.arch.num_weights

    # use --------------------------------------------------------------------------------------
    def apply(self, params: np.ndarray) -> np.ndarray:
        """f32[..., D] parameters with every pruned entry set to exactly 0."""
        params = np.asarray(params, np.float32)
        return np.where(self.values != 0, params, np.float32(0.0))

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, Mask)
            and other.arch == self.arch
            and np.array_equal(other.values, self.values)
        )

    def __hash__(self):
        return hash(self.values.tobytes())

    def __repr__(self) -> str:
        return f"Mask({self.arch.sizes}, {100 * self.weights_remaining:.1f}% of weights kept)"


def weights_remaining(arch: Architecture, params: np.ndarray) -> float:
    """Fraction of weights that are non-zero in parameters as evaluated (mask already applied)."""
    w = np.asarray(params)[..., arch.weight_mask()]
    return float(np.count_nonzero(w)) / w.size


def layer_remaining(arch: Architecture, params: np.ndarray) -> np.ndarray:
    """i64[L]: non-zero weights per layer in parameters as evaluated."""
    return np.array([np.count_nonzero(params[w]) for w, _, _, _ in arch.layers()], np.int64)
