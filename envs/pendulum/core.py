"""Pendulum-v1's fused twin: the inverted-pendulum swing-up as a Numba core.

Pure `reset` / `observe` / `step` on one agent's f64 state, written operation for operation as
gymnasium/envs/classic_control/pendulum.py computes it: float64 state, a float32 torque (the
action's dtype survives np.clip, so `0.001 * u**2` and `3.0 * u` are float32 products). Never
terminates; gymnasium.make's TimeLimit ends it after 200 steps. `start_states` gives the start
of `reset(seed=key)`.

State (f64[2]): THETA (0 is upright), THETA_DOT. Observation: cos, sin, angular velocity as
float32. Action: action[0], a torque in [-2, 2]. Reward -(angle**2 + 0.1 * speed**2 +
0.001 * torque**2).
"""

from typing import NamedTuple

import numpy as np
from instinct_envs.gym_twin import EXACT_JIT, POW_TWO, as_f32, gym_generators, hash_uniform
from numba import njit

THETA, THETA_DOT = 0, 1
STATE_DIM, OBS_DIM, ACT_DIM = 2, 3, 1
OBS_NAMES = ("cos theta", "sin theta", "angular velocity")
RUNNING = 0
OUTCOMES = ("running",)
SUCCESS = None


class PendulumParams(NamedTuple):
    max_speed: float = 8.0
    max_torque: float = 2.0
    dt: float = 0.05
    g: float = 10.0
    m: float = 1.0
    l: float = 1.0  # noqa: E741  (Gymnasium's name)
    max_steps: int = 200  # gymnasium.make's TimeLimit
    two: float = POW_TWO  # the exponent of NumPy's scalar x**2, given at run time (gym_twin.py)


DEFAULT_PARAMS = PendulumParams()
_HIGH = np.array([np.pi, 1.0])


def start_states(keys) -> np.ndarray:
    """f64[E, 2]: `np_random.uniform(low=-[pi, 1], high=[pi, 1])` after `reset(seed=key)`."""
    keys = np.asarray(keys).ravel()
    out = np.empty((keys.size, STATE_DIM), np.float64)
    for row, rng in enumerate(gym_generators(keys)):
        out[row] = rng.uniform(low=-_HIGH, high=_HIGH)
    return out


@njit(**EXACT_JIT)
def reset(state, key, params):
    """A start in Gymnasium's range from a hash of the key (not Gymnasium's draw for that key)."""
    state[THETA] = hash_uniform(key, 0, -np.pi, np.pi)
    state[THETA_DOT] = hash_uniform(key, 1, -1.0, 1.0)


@njit(**EXACT_JIT)
def observe(state, params, obs):
    obs[0] = np.float32(np.cos(state[THETA]))
    obs[1] = np.float32(np.sin(state[THETA]))
    obs[2] = np.float32(state[THETA_DOT])


@njit(**EXACT_JIT)
def step(state, action, params):
    p = params
    th, thdot = state[THETA], state[THETA_DOT]
    u = min(max(np.float64(action[0]), -p.max_torque), p.max_torque)  # a float32 value
    normalized = ((th + np.pi) % (2 * np.pi)) - np.pi
    u_squared = as_f32(np.float32(u) ** np.float32(p.two))  # float32 powf
    torque_cost = as_f32(as_f32(0.001) * u_squared)  # float32: 0.001 * (u**2)
    costs = normalized**p.two + 0.1 * thdot**p.two + torque_cost
    push = as_f32(3.0 / (p.m * p.l * p.l) * u)  # float32: 3.0 / (m * l**2) * u
    newthdot = thdot + (3 * p.g / (2 * p.l) * np.sin(th) + push) * p.dt
    newthdot = min(max(newthdot, -p.max_speed), p.max_speed)
    state[THETA] = th + newthdot * p.dt
    state[THETA_DOT] = newthdot
    return -costs, RUNNING
