"""Hand-written policies for the Imprinting world, the battery an evolved network must beat.

Each policy is an @njit function `policy(obs f32[OBS_DIM], memory f64[MEMORY], action f32[2])`
that writes the action; `memory` is zeroed at every episode start and is the only thing a policy
may carry between steps. `policies()` maps a name to (policy, memory size, what it is);
`run(name, keys, params)` scores one over episode keys with the world's own core, in one
cached kernel that calls the policies by number (a kernel taking a function argument would be
compiled anew in every process).
"""

import numpy as np
from instinct_envs.hatchling.hash import JIT
from instinct_envs.imprinting import dynamics as dyn
from instinct_envs.imprinting.params import (
    AGE,
    N_COLOURS,
    N_OBJECTS,
    S_COLOUR,
    S_COS,
    S_CUE,
    S_NEAR,
    S_SIN,
    S_VISIBLE,
    SLOT_SIZE,
)
from numba import njit

MEMORY = 2  # slots of memory a baseline may use


@njit(**JIT)
def _steer_to(obs, slot, action):
    """Turn toward the object in `slot` and approach it, slowing down beside it."""
    q = slot * SLOT_SIZE
    sin_b, cos_b = obs[q + S_SIN], obs[q + S_COS]
    if cos_b < 0.0:
        action[0] = 1.0 if sin_b >= 0.0 else -1.0
    else:
        action[0] = min(max(2.0 * sin_b, -1.0), 1.0)
    distance = 1.0 / max(obs[q + S_NEAR], 1e-6) - 1.0
    action[1] = min(max(2.0 * (distance - 0.5), -1.0), 1.0)


@njit(**JIT)
def straight(obs, memory, action):
    """Walk straight ahead at full speed."""
    action[0] = 0.0
    action[1] = 1.0


@njit(**JIT)
def follow_nearest(obs, memory, action):
    """Follow whatever moving object is nearest (no memory)."""
    if obs[S_VISIBLE] > 0.5:
        _steer_to(obs, 0, action)
    else:
        action[0] = 0.0
        action[1] = -1.0


@njit(**JIT)
def follow_cue(obs, memory, action):
    """The predisposition alone: follow the object with the head-and-neck cue, else the nearest."""
    for k in range(N_OBJECTS):
        if obs[k * SLOT_SIZE + S_VISIBLE] > 0.5 and obs[k * SLOT_SIZE + S_CUE] > 0.5:
            _steer_to(obs, k, action)
            return
    follow_nearest(obs, memory, action)


@njit(inline="always", **JIT)
def _dominant(obs, slot):
    q = slot * SLOT_SIZE + S_COLOUR
    best = 0
    for ch in range(1, N_COLOURS):
        if obs[q + ch] > obs[q + best]:
            best = ch
    return best


@njit(**JIT)
def follow_first_seen(obs, memory, action):
    """Hand-wired imprinting: remember the dominant colour of the first object ever seen
    (memory[0] = channel + 1, never overwritten), then follow the object of that colour, else
    the nearest."""
    if memory[0] == 0.0 and obs[S_VISIBLE] > 0.5:
        memory[0] = _dominant(obs, 0) + 1.0
        memory[1] = obs[AGE]
    for k in range(N_OBJECTS):
        if obs[k * SLOT_SIZE + S_VISIBLE] > 0.5 and _dominant(obs, k) + 1.0 == memory[0]:
            _steer_to(obs, k, action)
            return
    follow_nearest(obs, memory, action)


_POLICIES = {
    "straight": (straight, 0, "walk straight ahead"),
    "follow-nearest": (follow_nearest, 0, "follow the nearest moving object"),
    "follow-cue": (follow_cue, 0, "follow the object with the predisposition cue"),
    "follow-first-seen": (follow_first_seen, MEMORY, "hand-wired: remember the first colour"),
}
_CODES = {name: i for i, name in enumerate(_POLICIES)}


def policies():
    """name -> (policy, memory size, one line on what it is)."""
    return dict(_POLICIES)


@njit(**JIT)
def _act(code, obs, memory, action):
    if code == 0:
        straight(obs, memory, action)
    elif code == 1:
        follow_nearest(obs, memory, action)
    elif code == 2:
        follow_cue(obs, memory, action)
    else:
        follow_first_seen(obs, memory, action)


@njit(**JIT)
def _run(policy, keys, params, returns, codes):
    state = np.empty(dyn.STATE_DIM, np.float64)
    obs = np.empty(dyn.OBS_DIM, np.float32)
    action = np.zeros(dyn.ACT_DIM, np.float32)
    memory = np.zeros(MEMORY, np.float64)
    for e in range(keys.shape[0]):
        dyn.reset(state, keys[e], params)
        memory[:] = 0.0
        total, code = 0.0, 0
        for _ in range(params.max_steps):
            dyn.observe(state, params, obs)
            _act(policy, obs, memory, action)
            reward, code = dyn.step(state, action, params)
            total += reward
            if code != 0:
                break
        returns[e], codes[e] = total, code


def run(name, keys, params=dyn.DEFAULT_PARAMS):
    """(returns f64[E], outcome codes i8[E]) of the policy `name` over episode keys."""
    keys = np.ascontiguousarray(keys, np.uint32)
    returns = np.zeros(keys.shape[0])
    codes = np.zeros(keys.shape[0], np.int8)
    _run(_CODES[name], keys, params, returns, codes)
    return returns, codes
