"""MountainCarContinuous-v0's fused twin: the car with a continuous throttle, as a Numba core.

gymnasium/envs/classic_control/continuous_mountain_car.py keeps its state as float32 between
steps but starts from a float64 one, and mixes float32 scalars with Python floats (NumPy 2 casts a
Python float to float32 when the other operand is a float32 scalar). `step` follows those types
operation for operation: `_f32_op` marks each place a float32 scalar meets a Python float. The
FIRST_DONE slot records whether the state is still Gymnasium's float64 start.

State (f64[3]): POSITION, VELOCITY, FIRST_DONE (0 until the first step). Observation: position and
velocity as float32. Action: action[0], a throttle in [-1, 1]. Reward 100 on reaching the flag,
minus 0.1 * throttle**2 every step.
"""

import math
from typing import NamedTuple

import numpy as np
from instinct_envs.gym_twin import EXACT_JIT, as_f32, hash_uniform
from instinct_envs.mountain_car.discrete import start_states as _discrete_starts
from numba import njit

POSITION, VELOCITY, FIRST_DONE = 0, 1, 2
STATE_DIM, OBS_DIM, ACT_DIM = 3, 2, 1
OBS_NAMES = ("position", "velocity")
RUNNING, REACHED_GOAL = 0, 1
OUTCOMES = ("running", "reached the flag")
SUCCESS = REACHED_GOAL


class ContinuousMountainCarParams(NamedTuple):
    min_action: float = -1.0
    max_action: float = 1.0
    min_position: float = -1.2
    max_position: float = 0.6
    max_speed: float = 0.07
    goal_position: float = 0.45
    goal_velocity: float = 0.0
    power: float = 0.0015
    max_steps: int = 999  # gymnasium.make's TimeLimit for v0


DEFAULT_PARAMS = ContinuousMountainCarParams()


def start_states(keys) -> np.ndarray:
    """f64[E, 3]: Gymnasium's start for each key (as MountainCar-v0's), FIRST_DONE = 0."""
    return _discrete_starts(keys, STATE_DIM)


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
def _const(c, is32):
    """A Python float as NumPy 2 sees it beside a scalar: cast to float32 next to a float32."""
    return as_f32(c) if is32 else c


@njit(**EXACT_JIT)
def step(state, action, params):
    p = params
    pos, vel = state[POSITION], state[VELOCITY]
    is32 = state[FIRST_DONE] != 0.0  # position and velocity are float32 scalars after step 1
    a = np.float64(action[0])
    # force = min(max(action[0], min_action), max_action): the float32 action unless clipped.
    if a < p.min_action or a > p.max_action:
        force = p.min_action if a < p.min_action else p.max_action
        push = force * p.power  # Python floats: float64
        push32 = False
    else:
        push = as_f32(a * as_f32(p.power))  # float32 * Python float -> float32
        push32 = True
    three_pos = as_f32(3 * pos) if is32 else 3 * pos
    hill = 0.0025 * math.cos(three_pos)  # a Python float
    if push32:
        acc = as_f32(push - as_f32(hill))
    else:
        acc = push - hill
    # velocity += acc: float64 on the first step; float32 after it.
    vel = as_f32(vel + (acc if push32 else as_f32(acc))) if is32 else vel + acc
    vel32 = is32
    if vel > _const(p.max_speed, vel32):
        vel, vel32 = p.max_speed, False
    if vel < _const(-p.max_speed, vel32):
        vel, vel32 = -p.max_speed, False
    pos32 = is32
    if pos32:
        pos = as_f32(pos + (vel if vel32 else as_f32(vel)))
    else:
        pos = pos + vel
    if pos > _const(p.max_position, pos32):
        pos, pos32 = p.max_position, False
    if pos < _const(p.min_position, pos32):
        pos, pos32 = p.min_position, False
    if pos == _const(p.min_position, pos32) and vel < 0:
        vel = 0.0
    reached = pos >= _const(p.goal_position, pos32) and vel >= p.goal_velocity
    reward = (100.0 if reached else 0.0) - (a * a) * 0.1  # math.pow(action[0], 2) * 0.1
    state[POSITION], state[VELOCITY], state[FIRST_DONE] = as_f32(pos), as_f32(vel), 1.0
    return reward, REACHED_GOAL if reached else RUNNING
