"""Acrobot-v1's fused twin: Sutton's (1996) two-link acrobot as a Numba core.

Pure `reset` / `observe` / `step` on one agent's f64 state, written operation for operation as
gymnasium/envs/classic_control/acrobot.py computes it ("book" dynamics, one RK4 step of dt = 0.2
over the state augmented with the torque, then wrap / bound), so a twin episode equals Gymnasium's
from the same start state. Gymnasium keeps the start state as float32 (its reset casts it) and
every later state as float64; `start_states` gives the start Gymnasium's `reset(seed=key)` gives.

State (f64[4]): THETA1, THETA2, DTHETA1, DTHETA2. Observation: cos/sin of both angles and both
angular velocities, as float32. Action: action[0] in {0, 1, 2}, torque -1, 0, +1. Reward -1 per
step, 0 on the step that swings the tip above the bar.
"""

from typing import NamedTuple

import numpy as np
from instinct_envs.gym_twin import EXACT_JIT, POW_TWO, hash_uniform, uniform_starts
from numba import njit

THETA1, THETA2, DTHETA1, DTHETA2 = 0, 1, 2, 3
STATE_DIM, OBS_DIM, ACT_DIM = 4, 6, 1
OBS_NAMES = ("cos theta1", "sin theta1", "cos theta2", "sin theta2", "dtheta1", "dtheta2")
RUNNING, SWUNG_UP = 0, 1
OUTCOMES = ("running", "swung up")
SUCCESS = SWUNG_UP
PI = np.pi


class AcrobotParams(NamedTuple):
    dt: float = 0.2
    link_length_1: float = 1.0
    link_mass_1: float = 1.0
    link_mass_2: float = 1.0
    link_com_pos_1: float = 0.5
    link_com_pos_2: float = 0.5
    link_moi: float = 1.0
    max_vel_1: float = 4 * np.pi
    max_vel_2: float = 9 * np.pi
    gravity: float = 9.8
    max_steps: int = 500  # gymnasium.make's TimeLimit for v1
    two: float = POW_TWO  # the exponent of NumPy's scalar x**2, given at run time (gym_twin.py)


DEFAULT_PARAMS = AcrobotParams()


def start_states(keys) -> np.ndarray:
    """f64[E, 4]: Gymnasium's start state for each key (uniform in +-0.1, kept as float32)."""
    return uniform_starts(keys, -0.1, 0.1, 4).astype(np.float32).astype(np.float64)


@njit(**EXACT_JIT)
def reset(state, key, params):
    """A start in Gymnasium's range from a hash of the key (not Gymnasium's draw for that key)."""
    for i in range(STATE_DIM):
        state[i] = np.float64(np.float32(hash_uniform(key, i, -0.1, 0.1)))


@njit(**EXACT_JIT)
def observe(state, params, obs):
    obs[0] = np.float32(np.cos(state[THETA1]))
    obs[1] = np.float32(np.sin(state[THETA1]))
    obs[2] = np.float32(np.cos(state[THETA2]))
    obs[3] = np.float32(np.sin(state[THETA2]))
    obs[4] = np.float32(state[DTHETA1])
    obs[5] = np.float32(state[DTHETA2])


@njit(**EXACT_JIT)
def _dsdt(p, a, theta1, theta2, dtheta1, dtheta2):
    """AcrobotEnv._dsdt ("book"): the state's time derivative under torque a."""
    m1, m2 = p.link_mass_1, p.link_mass_2
    l1, lc1, lc2 = p.link_length_1, p.link_com_pos_1, p.link_com_pos_2
    i1 = i2 = p.link_moi
    g = p.gravity
    d1 = m1 * lc1**2 + m2 * (l1**2 + lc2**2 + 2 * l1 * lc2 * np.cos(theta2)) + i1 + i2
    d2 = m2 * (lc2**2 + l1 * lc2 * np.cos(theta2)) + i2
    phi2 = m2 * lc2 * g * np.cos(theta1 + theta2 - PI / 2.0)
    phi1 = (
        -m2 * l1 * lc2 * dtheta2**p.two * np.sin(theta2)
        - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * np.sin(theta2)
        + (m1 * lc1 + m2 * l1) * g * np.cos(theta1 - PI / 2)
        + phi2
    )
    ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * dtheta1**p.two * np.sin(theta2) - phi2) / (
        m2 * lc2**2 + i2 - d2**p.two / d1
    )
    ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
    return dtheta1, dtheta2, ddtheta1, ddtheta2


@njit(**EXACT_JIT)
def _wrap(x, m, big_m):
    diff = big_m - m
    while x > big_m:
        x = x - diff
    while x < m:
        x = x + diff
    return x


@njit(**EXACT_JIT)
def step(state, action, params):
    p = params
    torque = np.float64(action[0]) - 1.0  # AVAIL_TORQUE = [-1, 0, +1]
    y0, y1, y2, y3 = state[THETA1], state[THETA2], state[DTHETA1], state[DTHETA2]
    dt = p.dt
    dt2 = dt / 2.0
    # rk4(): k = derivs(y) over the augmented state; the torque's derivative is 0, so it stays.
    a1, a2, a3, a4 = _dsdt(p, torque, y0, y1, y2, y3)
    b1, b2, b3, b4 = _dsdt(p, torque, y0 + dt2 * a1, y1 + dt2 * a2, y2 + dt2 * a3, y3 + dt2 * a4)
    c1, c2, c3, c4 = _dsdt(p, torque, y0 + dt2 * b1, y1 + dt2 * b2, y2 + dt2 * b3, y3 + dt2 * b4)
    d1, d2, d3, d4 = _dsdt(p, torque, y0 + dt * c1, y1 + dt * c2, y2 + dt * c3, y3 + dt * c4)
    w = dt / 6.0
    n0 = y0 + w * (a1 + 2 * b1 + 2 * c1 + d1)
    n1 = y1 + w * (a2 + 2 * b2 + 2 * c2 + d2)
    n2 = y2 + w * (a3 + 2 * b3 + 2 * c3 + d3)
    n3 = y3 + w * (a4 + 2 * b4 + 2 * c4 + d4)
    state[THETA1] = _wrap(n0, -PI, PI)
    state[THETA2] = _wrap(n1, -PI, PI)
    state[DTHETA1] = min(max(n2, -p.max_vel_1), p.max_vel_1)
    state[DTHETA2] = min(max(n3, -p.max_vel_2), p.max_vel_2)
    s0, s1 = state[THETA1], state[THETA2]
    if -np.cos(s0) - np.cos(s1 + s0) > 1.0:
        return 0.0, SWUNG_UP
    return -1.0, RUNNING
