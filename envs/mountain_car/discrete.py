"""MountainCar-v0's fused twin: Moore's (1990) under-powered car as a Numba core.

Pure `reset` / `observe` / `step` on one agent's f64 state, written operation for operation as
gymnasium/envs/classic_control/mountain_car.py computes it in float64, so a twin episode equals
Gymnasium's from the same start state; `start_states` gives the start of `reset(seed=key)`.

State (f64[2]): POSITION, VELOCITY. Observation: the state as float32. Action: action[0] in
{0, 1, 2}, accelerate left, not at all, right. Reward -1 per step; the goal ends the episode.
"""

import math
from typing import NamedTuple

import numpy as np
from instinct_envs.gym_twin import EXACT_JIT, gym_generators, hash_uniform
from numba import njit

POSITION, VELOCITY = 0, 1
STATE_DIM, OBS_DIM, ACT_DIM = 2, 2, 1
OBS_NAMES = ("position", "velocity")
RUNNING, REACHED_GOAL = 0, 1
OUTCOMES = ("running", "reached the flag")
SUCCESS = REACHED_GOAL


class MountainCarParams(NamedTuple):
    min_position: float = -1.2
    max_position: float = 0.6
    max_speed: float = 0.07
    goal_position: float = 0.5
    goal_velocity: float = 0.0
    force: float = 0.001
    gravity: float = 0.0025
    max_steps: int = 200  # gymnasium.make's TimeLimit for v0


DEFAULT_PARAMS = MountainCarParams()


def start_states(keys, state_dim: int = STATE_DIM) -> np.ndarray:
    """f64[E, state_dim]: position uniform in [-0.6, -0.4), velocity 0, as `reset(seed=key)`;
    any further slots are zero."""
    keys = np.asarray(keys).ravel()
    out = np.zeros((keys.size, state_dim), np.float64)
    for row, rng in enumerate(gym_generators(keys)):
        out[row, POSITION] = rng.uniform(low=-0.6, high=-0.4)
    return out


@njit(**EXACT_JIT)
def reset(state, key, params):
    """A start in Gymnasium's range from a hash of the key (not Gymnasium's draw for that key)."""
    state[:] = 0.0
    state[POSITION] = hash_uniform(key, 0, -0.6, -0.4)


@njit(**EXACT_JIT)
def observe(state, params, obs):
    obs[0] = np.float32(state[POSITION])
    obs[1] = np.float32(state[VELOCITY])


@njit(**EXACT_JIT)
def step(state, action, params):
    p = params
    position, velocity = state[POSITION], state[VELOCITY]
    push = np.float64(action[0]) - 1.0
    velocity += push * p.force + math.cos(3 * position) * (-p.gravity)
    velocity = min(max(velocity, -p.max_speed), p.max_speed)
    position += velocity
    position = min(max(position, p.min_position), p.max_position)
    if position == p.min_position and velocity < 0:
        velocity = 0.0
    state[POSITION], state[VELOCITY] = position, velocity
    if position >= p.goal_position and velocity >= p.goal_velocity:
        return -1.0, REACHED_GOAL
    return -1.0, RUNNING
