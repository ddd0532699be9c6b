"""The Imprinting world's Numba core: one duckling that must follow the first moving thing it saw.

Pure `reset` / `observe` / `step` on ONE agent's f64 state and an `ImprintingParams` tuple; the gym
face (`env.py`) and the fused rollout kernel call these very functions. The episode's phases, the
objects' features and the observation are described in `params.py`; the mechanisms trace to rows
I1-I5 of shared/WORLDS.md.

Every random number is a counter-based hash of (episode key, counter, purpose) (the helpers of
the Hatchling core), so an episode is the same in any process and thread. Object 0 is always the
imprinted one; the observation sorts objects by distance, so no slot names an object, and every
feature and test position is drawn exchangeably across objects: a policy that forgets the
exposure cannot know which object to follow (see `chance_level`).
"""

import numpy as np
from instinct_envs.hatchling.hash import JIT, sin_cos_small, uniform
from instinct_envs.hatchling.locomotion import turn
from instinct_envs.imprinting.params import (
    ACT_DIM,
    AGE,
    BESIDE_IMPRINTED,
    BESIDE_OTHER,
    COS_H,
    CUE_OBJ,
    DEFAULT_PARAMS,
    FOLLOWED,
    HEADING,
    KEY,
    N_COLOURS,
    N_OBJ,
    N_OBJECTS,
    OBJ_SIZE,
    OBJECTS,
    OBS_DIM,
    OBS_GROUPS,
    OBS_HIGH,
    OBS_LOW,
    OBS_NAMES,
    OCOLOUR,
    OCOS,
    OCUE,
    OFC,
    OFREQ,
    OFS,
    ONSET,
    OPC,
    OPS,
    OSIN,
    OSIZE,
    OSPEED,
    OUTCOME,
    OUTCOMES,
    OVISIBLE,
    OWIGGLE,
    OX,
    OY,
    RUNNING,
    S_COLOUR,
    S_COS,
    S_CUE,
    S_NEAR,
    S_SIN,
    S_SIZE,
    S_VISIBLE,
    SIN_H,
    SLOT_SIZE,
    STATE_DIM,
    STRANGER,
    STRAYED,
    SUCCESS,
    ImprintingParams,
    T,
    X,
    Y,
)
from numba import njit

__all__ = [
    "ACT_DIM", "DEFAULT_PARAMS", "OBS_DIM", "OBS_GROUPS", "OBS_HIGH", "OBS_LOW", "OBS_NAMES",
    "OUTCOMES", "STATE_DIM", "SUCCESS", "ImprintingParams", "chance_level", "objects_in_test",
    "observe", "reset", "step",
]  # fmt: skip

# Purposes of the counter hash, so that draws for different uses never share a counter.
FEATURES, PLACE = 1, 2


@njit(inline="always", **JIT)
def _u(key, counter, purpose):
    return uniform(key, counter, purpose)


@njit(**JIT)
def objects_in_test(params):
    """Objects in the choice test: the imprinted one and 1 or 2 distractors."""
    return min(max(int(params.n_distractors), 1), N_OBJECTS - 1) + 1


def chance_level(params=DEFAULT_PARAMS):
    """The success rate of any policy that keeps no memory of the exposure: 1 / objects.

    Exact as a bound: success is being beside the imprinted object on more than half the test
    steps, so at most one object can be 'followed' in an episode; a policy whose test behaviour
    does not depend on the exposure sees objects whose features, positions and (at
    cue_reliability = 1 / objects) cue are exchangeable, so each is the followed one with equal
    probability and the imprinted one is followed with probability <= 1 / objects. A policy that
    follows some object every time reaches it exactly.
    """
    return 1.0 / objects_in_test(params)


@njit(**JIT)
def reset(state, key, params):
    """Fill state from an episode key (0 <= key < 2**32): one key, one duckling's first hours."""
    p = params
    state[:] = 0.0
    state[KEY] = np.float64(key)
    state[X] = 2.0 * _u(key, 0, PLACE) - 1.0
    state[Y] = 2.0 * _u(key, 1, PLACE) - 1.0
    th = np.pi * (2.0 * _u(key, 2, PLACE) - 1.0)
    state[HEADING], state[COS_H], state[SIN_H] = th, np.cos(th), np.sin(th)
    span = max(int(p.onset_max) - int(p.onset_min) + 1, 1)
    state[ONSET] = int(p.onset_min) + min(int(span * _u(key, 0, FEATURES)), span - 1)
    state[STRANGER] = 1.0 if _u(key, 1, FEATURES) < p.stranger_prob else 0.0
    n = objects_in_test(p)
    state[N_OBJ] = n
    # Dominant colour channels: a uniformly random injection objects -> channels, so all distinct.
    taken = np.zeros(N_COLOURS, np.bool_)
    for i in range(N_OBJECTS):
        o = OBJECTS + i * OBJ_SIZE
        c = 10 + 10 * i  # this object's counters
        state[o + OSPEED] = p.speed_min + (p.speed_max - p.speed_min) * _u(key, c, FEATURES)
        state[o + OWIGGLE] = p.wiggle_max * _u(key, c + 1, FEATURES)
        freq = p.freq_min + (p.freq_max - p.freq_min) * _u(key, c + 2, FEATURES)
        phase = 2.0 * np.pi * _u(key, c + 3, FEATURES)
        state[o + OFREQ], state[o + OFC], state[o + OFS] = freq, np.cos(freq), np.sin(freq)
        state[o + OPC], state[o + OPS] = np.cos(phase), np.sin(phase)
        state[o + OSIZE] = p.size_min + (p.size_max - p.size_min) * _u(key, c + 4, FEATURES)
        free = N_COLOURS - i
        pick = min(int(free * _u(key, c + 5, FEATURES)), free - 1)
        for ch in range(N_COLOURS):
            if not taken[ch]:
                if pick == 0:
                    taken[ch] = True
                    state[o + OCOLOUR + ch] = 1.0
                    pick = -1
                else:
                    pick -= 1
        for ch in range(N_COLOURS):
            if state[o + OCOLOUR + ch] != 1.0:
                state[o + OCOLOUR + ch] = p.colour_dim_max * _u(key, c + 6 + ch, FEATURES)
    # The predisposition cue: on the imprinted object with probability cue_reliability [I5].
    cue = 0
    if _u(key, 2, FEATURES) >= p.cue_reliability:
        cue = 1 + min(int((n - 1) * _u(key, 3, FEATURES)), n - 2)
    state[CUE_OBJ] = cue
    state[OBJECTS + cue * OBJ_SIZE + OCUE] = 1.0
    _enter(state, p, 0)


@njit(**JIT)
def _visible(state, params, i, t):
    """Whether object i is in the arena at age t (steps)."""
    if t >= params.test_start:
        return i < state[N_OBJ]
    if i == 0:
        return state[ONSET] <= t < state[ONSET] + params.exposure_steps
    if i == 1 and state[STRANGER] != 0.0:
        return params.stranger_age <= t < params.stranger_age + params.stranger_steps
    return False


@njit(**JIT)
def _place(state, params, i, x, y, counter):
    """Put object i at (x, y) (clamped into the arena) with a fresh heading."""
    o = OBJECTS + i * OBJ_SIZE
    a = params.half_size
    state[o + OX] = min(max(x, -a), a)
    state[o + OY] = min(max(y, -a), a)
    h = np.pi * (2.0 * _u(np.int64(state[KEY]), counter, PLACE) - 1.0)
    state[o + OCOS], state[o + OSIN] = np.cos(h), np.sin(h)
    state[o + OVISIBLE] = 1.0


@njit(**JIT)
def _enter(state, params, t):
    """Objects that appear or leave at age t; the choice test's set-up at test_start."""
    key = np.int64(state[KEY])
    if t == params.test_start:  # the duckling is put in the middle, the objects on a ring
        state[X], state[Y] = 0.0, 0.0
        th = np.pi * (2.0 * _u(key, 20, PLACE) - 1.0)
        state[HEADING], state[COS_H], state[SIN_H] = th, np.cos(th), np.sin(th)
        n = int(state[N_OBJ])
        a0 = 2.0 * np.pi * _u(key, 21, PLACE)
        for i in range(n):
            a = a0 + 2.0 * np.pi * i / n + 0.3 * (2.0 * _u(key, 22 + i, PLACE) - 1.0)
            r = params.ring_radius * (1.0 + 0.2 * (2.0 * _u(key, 25 + i, PLACE) - 1.0))
            _place(state, params, i, r * np.cos(a), r * np.sin(a), 30 + i)
    for i in range(N_OBJECTS):
        o = OBJECTS + i * OBJ_SIZE
        now = _visible(state, params, i, t)
        if now and state[o + OVISIBLE] == 0.0:  # appears near the duckling
            a = 2.0 * np.pi * _u(key, 40 + i, PLACE)
            d = params.exposure_distance
            _place(state, params, i, state[X] + d * np.cos(a), state[Y] + d * np.sin(a), 50 + i)
        elif not now:
            state[o + OVISIBLE] = 0.0


@njit(**JIT)
def _move_objects(state, params):
    """Each visible object walks on with its own motion pattern: its heading turns by
    wiggle * cos(freq * t + phase) per step (a phasor rotated by freq each step, so no libm
    call); walls reflect it."""
    a = params.half_size
    for i in range(N_OBJECTS):
        o = OBJECTS + i * OBJ_SIZE
        pc, ps = state[o + OPC], state[o + OPS]
        state[o + OPC] = pc * state[o + OFC] - ps * state[o + OFS]
        state[o + OPS] = ps * state[o + OFC] + pc * state[o + OFS]
        if state[o + OVISIBLE] == 0.0:
            continue
        sn, cs = sin_cos_small(state[o + OWIGGLE] * pc * params.dt)
        c = state[o + OCOS] * cs - state[o + OSIN] * sn
        s = state[o + OSIN] * cs + state[o + OCOS] * sn
        norm = 1.0 / np.sqrt(c * c + s * s)
        c, s = c * norm, s * norm
        step_len = state[o + OSPEED] * params.dt
        x = state[o + OX] + step_len * c
        y = state[o + OY] + step_len * s
        if x > a or x < -a:
            x = min(max(2.0 * np.sign(x) * a - x, -a), a)
            c = -c
        if y > a or y < -a:
            y = min(max(2.0 * np.sign(y) * a - y, -a), a)
            s = -s
        state[o + OX], state[o + OY], state[o + OCOS], state[o + OSIN] = x, y, c, s


@njit(inline="always", **JIT)
def _distance(state, i):
    o = OBJECTS + i * OBJ_SIZE
    dx, dy = state[o + OX] - state[X], state[o + OY] - state[Y]
    return np.sqrt(dx * dx + dy * dy)


@njit(**JIT)
def observe(state, params, obs):
    """Write the senses into obs (f32[OBS_DIM]): visible objects nearest first, then age.

    Slots are filled in object order and then sorted by proximity in place (no allocation)."""
    c, s = state[COS_H], state[SIN_H]
    m = 0
    for i in range(N_OBJECTS):
        o = OBJECTS + i * OBJ_SIZE
        if state[o + OVISIBLE] == 0.0:
            continue
        q = m * SLOT_SIZE
        dx, dy = state[o + OX] - state[X], state[o + OY] - state[Y]
        d = np.sqrt(dx * dx + dy * dy)
        inv = 1.0 / d if d > 1e-9 else 0.0
        obs[q + S_VISIBLE] = 1.0
        obs[q + S_SIN] = (dy * c - dx * s) * inv  # positive: the object is to the left
        obs[q + S_COS] = (dx * c + dy * s) * inv if d > 1e-9 else 1.0
        obs[q + S_NEAR] = 1.0 / (1.0 + d)
        obs[q + S_SIZE] = state[o + OSIZE]
        obs[q + S_CUE] = state[o + OCUE]
        for ch in range(N_COLOURS):
            obs[q + S_COLOUR + ch] = state[o + OCOLOUR + ch]
        m += 1
    for k in range(m * SLOT_SIZE, N_OBJECTS * SLOT_SIZE):
        obs[k] = 0.0
    for k in range(1, m):  # insertion sort, nearest first; ties keep object order
        j = k
        while j > 0 and obs[(j - 1) * SLOT_SIZE + S_NEAR] < obs[j * SLOT_SIZE + S_NEAR]:
            for f in range(SLOT_SIZE):
                a, b = (j - 1) * SLOT_SIZE + f, j * SLOT_SIZE + f
                obs[a], obs[b] = obs[b], obs[a]
            j -= 1
    obs[AGE] = min(state[T] / params.max_steps, 1.0)


@njit(**JIT)
def step(state, action, params):
    """Advance one dt under action f32[2] = (turn rate, speed) in [-1, 1]; returns (reward, code).

    Reward comes only in the choice test, per step: (1 if beside the imprinted object, minus
    novelty_cost * age if beside a distractor [I3], plus approach_weight * (proximity to the
    imprinted object - proximity to the nearest distractor)) / test steps. 'Beside' is within
    beside_radius and nearer than any other object. The episode ends at max_steps: FOLLOWED if
    the duckling was beside the imprinted object on more than half the test steps.
    """
    code = int(state[OUTCOME])
    if code != RUNNING:
        return 0.0, code
    p = params
    speed = turn(state, action, p.max_turn, p.dt)
    c, s = state[COS_H], state[SIN_H]
    a = p.half_size
    step_len = speed * p.max_speed * p.dt
    state[X] = min(max(state[X] + step_len * c, -a), a)
    state[Y] = min(max(state[Y] + step_len * s, -a), a)
    _move_objects(state, p)
    t = int(state[T]) + 1
    state[T] = t
    _enter(state, p, t)
    reward = 0.0
    test_len = max(p.max_steps - p.test_start, 1)
    if t > p.test_start:
        d0 = _distance(state, 0)
        other = 1e30
        for i in range(1, int(state[N_OBJ])):
            other = min(other, _distance(state, i))
        near = min(d0, other)
        if near <= p.beside_radius:
            if d0 <= other:
                state[BESIDE_IMPRINTED] += 1.0
                reward += 1.0
            else:
                state[BESIDE_OTHER] += 1.0
                reward -= p.novelty_cost * t / p.max_steps
        reward += p.approach_weight * (1.0 / (1.0 + d0) - 1.0 / (1.0 + other))
        reward /= test_len
    if t >= p.max_steps:
        code = FOLLOWED if 2.0 * state[BESIDE_IMPRINTED] > test_len else STRAYED
    state[OUTCOME] = code
    return reward, code
