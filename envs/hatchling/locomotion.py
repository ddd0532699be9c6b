"""The turn shared by every world whose animal crawls or walks: one dt of (turn rate, speed).

Hatchling-v0, Hatchling-v1 and Imprinting keep x, y, heading and the heading's cosine and sine in
state slots 0-4 (their params modules say so, and tests/envs/test_locomotion.py checks it), so one
function turns them all and a change to how the animals steer is made once.
"""

import numpy as np
from instinct_envs.hatchling.hash import JIT, sin_cos_small
from numba import njit

HEADING, COS_H, SIN_H = 2, 3, 4


@njit(inline="always", **JIT)
def turn(state, action, max_turn, dt):
    """Turn by action[0] * max_turn * dt and return the speed share in [0, 1] from action[1].

    Actions are clipped to [-1, 1] and NaN counts as -1. The heading's cosine and sine are
    rotated and renormalised rather than recomputed, so no libm call runs per step.
    """
    rate = action[0] if action[0] > -1.0 else -1.0  # NaN -> -1
    rate = min(rate, 1.0)
    speed = action[1] if action[1] > -1.0 else -1.0
    speed = 0.5 * (min(speed, 1.0) + 1.0)
    dth = rate * max_turn * dt
    sn, cs = sin_cos_small(dth)
    c = state[COS_H] * cs - state[SIN_H] * sn
    s = state[SIN_H] * cs + state[COS_H] * sn
    norm = 1.0 / np.sqrt(c * c + s * s)
    state[COS_H], state[SIN_H] = c * norm, s * norm
    th = state[HEADING] + dth
    th = th - 2.0 * np.pi if th > np.pi else th
    state[HEADING] = th + 2.0 * np.pi if th <= -np.pi else th
    return speed
