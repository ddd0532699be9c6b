"""Every random number in a run derives from the run seed, named by purpose.

`stream(seed, generation, purpose)` is `Generator(PCG64(SeedSequence([seed, generation, id])))`,
so a resumed run rebuilds any stream from `(seed, generation)` and no generator state is ever saved.
Episode keys are 32-bit integers split by their top bits: training keys below 2**31, validation
keys (to pick the final genome) in [2**31, 3 * 2**30), held-out keys (to score it) from 3 * 2**30,
so a held-out beach is never one that evolution or selection saw.
"""

import numpy as np

from instinct.errors import InstinctError

PURPOSES = {
    "init": 0,
    "ask": 1,
    "episodes": 2,
    "heldout": 3,
    "prune": 4,
    "control": 5,
    "viewer": 6,
    "validation": 7,
    "baselines": 8,
    "searched": 9,
    "bootstrap": 10,
}

HELDOUT_BIT = np.uint32(1 << 31)  # set in validation and held-out keys
HELDOUT_ONLY = np.uint32(1 << 30)  # set in held-out keys only


def stream(seed: int, generation: int, purpose: str) -> np.random.Generator:
    """A fresh generator for one purpose in one generation of one run."""
    if int(seed) < 0 or int(generation) < 0:
        raise InstinctError(f"seeds must be non-negative integers, got {seed}")
    ss = np.random.SeedSequence([int(seed), int(generation), PURPOSES[purpose]])
    return np.random.Generator(np.random.PCG64(ss))


def episode_keys(seed: int, generation: int, num_episodes: int) -> np.ndarray:
    """u32[E] training episode keys for one generation; the whole population meets these."""
    keys = stream(seed, generation, "episodes").integers(0, 1 << 31, num_episodes)
    return keys.astype(np.uint32)


def heldout_keys(seed: int, num_episodes: int) -> np.ndarray:
    """u32[E] held-out episode keys (top two bits set): disjoint from every other key."""
    keys = stream(seed, 0, "heldout").integers(0, 1 << 30, num_episodes).astype(np.uint32)
    return keys | HELDOUT_BIT | HELDOUT_ONLY


def validation_keys(seed: int, num_episodes: int) -> np.ndarray:
    """u32[E] validation episode keys (top bit set, next bit clear)."""
    keys = stream(seed, 0, "validation").integers(0, 1 << 30, num_episodes).astype(np.uint32)
    return keys | HELDOUT_BIT
