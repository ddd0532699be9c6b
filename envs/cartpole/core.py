"""CartPole-v1's fused twin: Gymnasium's cart-pole (Barto, Sutton & Anderson 1983) as a Numba core.

Pure `reset` / `observe` / `step` on one agent's f64 state, written operation for operation as
gymnasium/envs/classic_control/cartpole.py computes it in float64 (Euler integrator), so a twin
episode equals Gymnasium's from the same start state. `start_states` gives the start state
Gymnasium's `reset(seed=key)` gives.

State (f64[4]): X, X_DOT, THETA, THETA_DOT. Observation: the state as float32. Action: action[0] is
0 (push left) or 1 (push right). Reward 1 per step, the terminating step included.
"""

import math
from typing import NamedTuple

import numpy as np
from instinct_envs.gym_twin import EXACT_JIT, hash_uniform, uniform_starts
from numba import njit

X, X_DOT, THETA, THETA_DOT = 0, 1, 2, 3
STATE_DIM, OBS_DIM, ACT_DIM = 4, 4, 1
OBS_NAMES = ("cart position", "cart velocity", "pole angle", "pole angular velocity")
RUNNING, FELL = 0, 1
OUTCOMES = ("running", "fell or left the track")
SUCCESS = None  # balancing to the time limit is the goal; there is no success event


class CartPoleParams(NamedTuple):
    gravity: float = 9.8
    masscart: float = 1.0
    masspole: float = 0.1
    length: float = 0.5  # half the pole's length
    force_mag: float = 10.0
    tau: float = 0.02  # seconds per step
    theta_threshold: float = 12 * 2 * math.pi / 360
    x_threshold: float = 2.4
    max_steps: int = 500  # gymnasium.make's TimeLimit for v1


DEFAULT_PARAMS = CartPoleParams()


def start_states(keys) -> np.ndarray:
    """f64[E, 4]: Gymnasium's start state for each episode key (uniform in +-0.05)."""
    return uniform_starts(keys, -0.05, 0.05, 4)


@njit(**EXACT_JIT)
def reset(state, key, params):
    """A start in Gymnasium's range from a hash of the key (not Gymnasium's draw for that key)."""
    for i in range(STATE_DIM):
        state[i] = hash_uniform(key, i, -0.05, 0.05)


@njit(**EXACT_JIT)
def observe(state, params, obs):
    for i in range(OBS_DIM):
        obs[i] = np.float32(state[i])


@njit(**EXACT_JIT)
def step(state, action, params):
    p = params
    x, x_dot, theta, theta_dot = state[X], state[X_DOT], state[THETA], state[THETA_DOT]
    force = p.force_mag if action[0] == 1 else -p.force_mag
    costheta = np.cos(theta)
    sintheta = np.sin(theta)
    total_mass = p.masspole + p.masscart
    polemass_length = p.masspole * p.length
    temp = (force + polemass_length * (theta_dot * theta_dot) * sintheta) / total_mass
    thetaacc = (p.gravity * sintheta - costheta * temp) / (
        p.length * (4.0 / 3.0 - p.masspole * (costheta * costheta) / total_mass)
    )
    xacc = temp - polemass_length * thetaacc * costheta / total_mass
    state[X] = x + p.tau * x_dot
    state[X_DOT] = x_dot + p.tau * xacc
    state[THETA] = theta + p.tau * theta_dot
    state[THETA_DOT] = theta_dot + p.tau * thetaacc
    x, theta = state[X], state[THETA]
    fell = (
        x < -p.x_threshold
        or x > p.x_threshold
        or theta < -p.theta_threshold
        or theta > p.theta_threshold
    )
    return 1.0, FELL if fell else RUNNING
