"""Kernels that step many agents of one world side by side and keep their states: the viewer's
clutch (one frame at a time) and the exits of held-out episodes (each run to its end).

Like the fused rollout, the world enters as @njit functions and its params tuple, the network as
its kind's `policy_step` and `NetArgs`, the networks as flat f32 parameters (masks already
multiplied in); agent n runs network `rows[n]` and carries its own hidden state `hidden[n]`
(f32[N, net.hidden_dim], started by `policy_init_batch` when its episode starts). Each agent owns
its row of every array, so results do not depend on the number of threads.
"""

import numpy as np
from numba import njit, prange

from instinct.kernels import JIT as _JIT
from instinct.kernels.rollout import reset_all, run_episode

__all__ = ["clutch_rollout", "clutch_step", "reset_all"]

# No on-disk cache: Numba keys a cached kernel that takes @njit functions as arguments by those
# dispatchers' identity, so another process never hits it and appends one more overload (here
# measured: one new .nbc file per process, and now and then a ReferenceError while re-saving the
# index). Compiling once per process costs about a second per kernel.
JIT = {**_JIT, "cache": False}


@njit(**JIT)  # serial: a frame steps tens of agents, less than a thread launch costs
def clutch_step(observe, step, policy_step, world_params, states, params, rows, net, hidden,
                active, obs, actions, rewards, codes):  # fmt: skip
    """One step of every agent n with active[n] and codes[n] == 0 (still running): observe into
    obs[n], act into actions[n], step states[n]; rewards[n] accumulates, codes[n] is the outcome."""
    buf_a = np.empty(net.width, np.float32)
    buf_b = np.empty(net.width, np.float32)
    for n in range(states.shape[0]):
        if not active[n] or codes[n] != 0:
            continue
        observe(states[n], world_params, obs[n])
        policy_step(net, params[rows[n]], hidden[n], obs[n], actions[n], buf_a, buf_b)
        reward, code = step(states[n], actions[n], world_params)
        rewards[n] += reward
        codes[n] = code


@njit(parallel=True, **JIT)
def clutch_rollout(observe, step, policy_step, world_params, max_steps, states, params, rows, net,
                   hidden, rewards, lengths, codes):  # fmt: skip
    """Run every agent from its current state (and hidden state) to the end of its episode (or
    max_steps); the final states stay in `states`."""
    sizes = net.sizes
    act_dim = sizes[sizes.shape[0] - 1]
    obs_dim = sizes[0]
    for n in prange(states.shape[0]):
        buf_a = np.empty(net.width, np.float32)
        buf_b = np.empty(net.width, np.float32)
        obs = np.empty(obs_dim, np.float32)
        action = np.zeros(max(act_dim, 1), np.float32)
        total, t, code = run_episode(
            observe, step, policy_step, world_params, max_steps, states[n], params[rows[n]], net,
            hidden[n], obs, action, buf_a, buf_b,
        )  # fmt: skip
        rewards[n] = total
        lengths[n] = t
        codes[n] = code
