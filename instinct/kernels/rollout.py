"""The fused rollout: one parallel kernel stepping a world and a network together.

Each (agent, episode) pair is one job in a `prange`; a job owns its state and buffers and writes
only its own slot of the outputs, so results do not depend on the number of threads. The world
enters as three @njit functions (`reset`, `observe`, `step`) and their params tuple: the kernel
never knows which world runs, and the world never knows about networks.
"""

import numpy as np
from numba import njit, prange

from instinct.kernels import JIT
from instinct.kernels.forward import forward_into, to_action


@njit(inline="always", **JIT)
def run_episode(observe, step, world_params, max_steps, state, theta, sizes, act_code, out_code,
                low, high, obs, action, buf_a, buf_b):  # fmt: skip
    """Step one agent from `state` to the end of its episode; returns (return, steps, outcome)."""
    act_dim = sizes[sizes.shape[0] - 1]
    total = 0.0
    code = 0
    t = 0
    while t < max_steps:
        observe(state, world_params, obs)
        out = forward_into(theta, sizes, act_code, obs, buf_a, buf_b)
        to_action(out, out_code, act_dim, low, high, action)
        reward, code = step(state, action, world_params)
        total += reward
        t += 1
        if code != 0:
            break
    return total, t, code


# Not cached: Numba cannot cache a function that takes other jitted functions as arguments (its
# cache index pickles the dispatchers by reference; numba/numba#2956). Compiling costs a few
# seconds once per process.
@njit(parallel=True, nogil=True, **{**JIT, "cache": False})  # nogil: progress can tick
def fused_rollout(
    reset,
    observe,
    step,
    world_params,
    state_dim,
    obs_dim,
    max_steps,
    params,
    sizes,
    act_code,
    out_code,
    low,
    high,
    keys,
    returns,
    lengths,
    outcomes,
):
    """Fill returns f64[P, E], lengths i32[P, E], outcomes i8[P, E] for P networks x E episodes."""
    num_episodes = keys.shape[0]
    width = 0
    for s in sizes:
        width = max(width, s)
    act_dim = sizes[sizes.shape[0] - 1]
    for job in prange(params.shape[0] * num_episodes):
        p = job // num_episodes
        e = job - p * num_episodes
        state = np.empty(state_dim, np.float64)
        obs = np.empty(obs_dim, np.float32)
        action = np.zeros(max(act_dim, 1), np.float32)
        buf_a = np.empty(width, np.float32)
        buf_b = np.empty(width, np.float32)
        reset(state, keys[e], world_params)
        total, t, code = run_episode(
            observe, step, world_params, max_steps, state, params[p], sizes, act_code, out_code,
            low, high, obs, action, buf_a, buf_b,
        )  # fmt: skip
        returns[p, e] = total
        lengths[p, e] = t
        outcomes[p, e] = code
