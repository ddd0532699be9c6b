"""The toy world's Numba core: pure functions of one agent's arrays."""

from typing import NamedTuple

import numpy as np
from numba import njit

X, T = 0, 1
STATE_DIM, OBS_DIM, ACT_DIM = 2, 2, 1


class ToyParams(NamedTuple):
    speed: float = 0.1
    max_steps: int = 40


DEFAULT_PARAMS = ToyParams()


@njit(cache=False)
def reset(state, key, params):
    state[X] = -1.0 + (key % 11) * 0.1  # start somewhere in [-1, 0]
    state[T] = 0.0


@njit(cache=False)
def observe(state, params, obs):
    obs[0] = np.float32(state[X])
    obs[1] = np.float32(state[T] / params.max_steps)


@njit(cache=False)
def step(state, action, params):
    state[X] += params.speed * min(max(action[0], -1.0), 1.0)
    state[T] += 1.0
    if state[X] >= 1.0:
        return 1.0 + (params.max_steps - state[T]) / params.max_steps, 1  # sooner is better
    if state[T] >= params.max_steps:
        return 0.0, 2
    return 0.0, 0
