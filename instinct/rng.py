"""Every random number in a run derives from the run seed, named by purpose.

`stream(seed, generation, purpose)` is `Generator(PCG64(SeedSequence([seed, generation, id])))`, so a
resumed run rebuilds any stream from `(seed, generation)` and no generator state is ever saved.
Episode keys are 31-bit integers: training keys have the top bit clear and held-out keys have it
set, so held-out beaches can never be among those evolution saw.
"""

import numpy as np

PURPOSES = {
    "init": 0,
    "ask": 1,
    "episodes": 2,
    "heldout": 3,
    "prune": 4,
    "control": 5,
    "viewer": 6,
}

HELDOUT_BIT = np.uint32(1 << 31)


def stream(seed: int, generation: int, purpose: str) -> np.random.Generator:
    """A fresh generator for one purpose in one generation of one run."""
    ss = np.random.SeedSequence([int(seed), int(generation), PURPOSES[purpose]])
    return np.random.Generator(np.random.PCG64(ss))


def episode_keys(seed: int, generation: int, num_episodes: int) -> np.ndarray:
    """u32[E] training episode keys for one generation; the whole population meets these."""
    keys = stream(seed, generation, "episodes").integers(0, 1 << 31, num_episodes)
    return keys.astype(np.uint32)


def heldout_keys(seed: int, num_episodes: int) -> np.ndarray:
    """u32[E] held-out episode keys (top bit set): disjoint from every training key."""
    keys = stream(seed, 0, "heldout").integers(0, 1 << 31, num_episodes).astype(np.uint32)
    return keys | HELDOUT_BIT
