"""What the fused twins of Gymnasium's classic-control worlds share.

A twin's core must reproduce Gymnasium's float64 arithmetic operation for operation, so it is
compiled without fastmath (no contraction into fused multiply-adds, no reassociation, exact libm
calls). Its start states are drawn the way Gymnasium's `reset(seed=k)` draws them: from
`Generator(PCG64(SeedSequence(k)))`, in Python, once per episode key (E of them per generation,
never per agent or step), and fed to the kernel, which copies them instead of calling `reset`.
"""

import numpy as np
from numba import njit

# fastmath=False is spelled out: Numba lets a callee inherit the fastmath of a jitted caller (the
# fused rollout's) where the callee sets none, and caches that build for every later call.
EXACT_JIT = {"cache": True, "error_model": "numpy", "fastmath": False}
# Gymnasium's `x**2` on a NumPy float64 scalar calls libm's pow, which differs from x*x in the last
# bit for about 1 in 1,000 inputs. Numba folds `x ** 2.0` with a constant exponent into x*x, so a
# twin raises to this exponent passed in at run time (a params field): LLVM cannot fold it.
POW_TWO = 2.0


def gym_generators(keys):
    """One generator per episode key, seeded exactly as gymnasium.utils.seeding.np_random does."""
    for key in np.asarray(keys, np.uint64).ravel():
        yield np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(key))))


def uniform_starts(keys, low, high, size: int) -> np.ndarray:
    """f64[E, size]: `np_random.uniform(low, high, size=(size,))` after `reset(seed=key)`."""
    keys = np.asarray(keys).ravel()
    out = np.empty((keys.size, size), np.float64)
    for row, rng in enumerate(gym_generators(keys)):
        out[row] = rng.uniform(low=low, high=high, size=(size,))
    return out


@njit(**EXACT_JIT)
def hash_uniform(key, slot, low, high):
    """A uniform draw in [low, high) from (key, slot) by splitmix64: the start `reset` gives
    where no Gymnasium start state is fed (it is not Gymnasium's start for that key)."""
    z = (np.uint64(key) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(slot + 1)) & np.uint64(
        0xFFFFFFFFFFFFFFFF
    )
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    u = np.float64(z >> np.uint64(11)) * (1.0 / 9007199254740992.0)
    return low + (high - low) * u


@njit(**EXACT_JIT)
def as_f32(x):
    """x rounded to float32 and back: what a NumPy float32 scalar holds."""
    return np.float64(np.float32(x))
