"""The one shape every strategy has: `init / ask / tell` over an explicit state (after evosax).

A state is a flat dict of numpy arrays and scalars, so a checkpoint is just that dict written to an
`.npz` (no pickle). Randomness is passed in from the run seed by generation, never kept in the
state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Population:
    """What `ask` hands out: genome vectors f32[P, G], and each one's seed chain (GA) or None."""

    vectors: np.ndarray
    chains: list[list[int]] | None = None
    noise: np.ndarray | None = None  # strategy-private (ES perturbations), not persisted


@dataclass
class Individual:
    vector: np.ndarray
    chain: list[int] | None = None


def clean_fitness(raw: np.ndarray) -> np.ndarray:
    """Non-finite fitness (NaN, or inf from rewards that overflowed) is a failed evaluation: it
    ranks below everything."""
    raw = np.asarray(raw, np.float64)
    return np.where(np.isfinite(raw), raw, -np.inf)


def centered_ranks(fitness: np.ndarray) -> np.ndarray:
    """Ranks scaled to [-0.5, 0.5] (Salimans et al. 2017); ties broken by index."""
    ranks = np.empty(fitness.size, np.float64)
    ranks[np.argsort(clean_fitness(fitness), kind="stable")] = np.arange(fitness.size)
    return ranks / max(fitness.size - 1, 1) - 0.5


def pack_chains(chains: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Ragged seed chains -> (u32 concatenated seeds, i64 offsets) for an npz."""
    lengths = np.array([len(c) for c in chains], np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    flat = np.array([s for c in chains for s in c], np.uint32)
    return flat, offsets


def unpack_chains(flat: np.ndarray, offsets: np.ndarray) -> list[list[int]]:
    return [[int(s) for s in flat[offsets[i] : offsets[i + 1]]] for i in range(len(offsets) - 1)]
