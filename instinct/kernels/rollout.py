"""The fused rollout: one parallel kernel stepping a world and a network together.

Each (agent, episode) pair is one job in a `prange`; a job owns its state and buffers and writes
only its own slot of the outputs, so results do not depend on the number of threads. The world
enters as @njit functions (`observe`, `step`) and its params tuple, each episode's start state
as a row of `starts` (from the world's `reset`, see `reset_all`, or from a Python hook); the
network as its kind's `policy_init` / `policy_step` and its `NetArgs`. The kernel never knows which
world or which network kind runs, and the world never knows about networks.
"""

import numpy as np
from numba import njit, prange

from instinct.kernels import JIT


@njit(inline="always", **JIT)
def run_episode(observe, step, policy_step, world_params, max_steps, state, theta, net, hidden,
                obs, action, buf_a, buf_b):  # fmt: skip
    """Step one agent from `state` (and the network's `hidden` state) to the end of its episode;
    returns (return, steps, outcome)."""
    total = 0.0
    code = 0
    t = 0
    while t < max_steps:
        observe(state, world_params, obs)
        policy_step(net, theta, hidden, obs, action, buf_a, buf_b)
        reward, code = step(state, action, world_params)
        total += reward
        t += 1
        if code != 0:
            break
    return total, t, code


# Not cached, like every kernel that takes @njit functions as arguments (its cache index pickles
# the dispatchers by reference; numba/numba#2956). Compiling costs about a second per process.
@njit(**{**JIT, "cache": False})
def reset_all(reset, world_params, states, keys):
    """states[n] <- the world's start state for episode key keys[n]."""
    for n in range(states.shape[0]):
        reset(states[n], keys[n], world_params)


@njit(inline="always", **JIT)
def run_job(observe, step, policy_init, policy_step, world_params, max_steps, starts, params, net,
            returns, lengths, outcomes, job):  # fmt: skip
    """Job `job` of the rollout: network job // E on episode job % E, into its own output slot."""
    num_episodes = starts.shape[0]
    state_dim = starts.shape[1]
    sizes = net.sizes
    obs_dim = sizes[0]
    act_dim = sizes[sizes.shape[0] - 1]
    p = job // num_episodes
    e = job - p * num_episodes
    state = np.empty(state_dim, np.float64)
    for i in range(state_dim):
        state[i] = starts[e, i]
    obs = np.empty(obs_dim, np.float32)
    action = np.zeros(max(act_dim, 1), np.float32)
    buf_a = np.empty(net.width, np.float32)
    buf_b = np.empty(net.width, np.float32)
    hidden = np.zeros(net.hidden_dim, np.float32)
    policy_init(net, params[p], hidden)
    total, t, code = run_episode(
        observe, step, policy_step, world_params, max_steps, state, params[p], net, hidden,
        obs, action, buf_a, buf_b,
    )  # fmt: skip
    returns[p, e] = total
    lengths[p, e] = t
    outcomes[p, e] = code


# The generic kernel: compiled in every process. instinct.kernels.world_kernel writes a module per
# world and network kind whose kernel calls these same functions as globals, and so is cached.
@njit(parallel=True, nogil=True, **{**JIT, "cache": False})  # nogil: progress can tick
def fused_rollout(
    observe,
    step,
    policy_init,
    policy_step,
    world_params,
    max_steps,
    starts,
    params,
    net,
    returns,
    lengths,
    outcomes,
):
    """Fill returns f64[P, E], lengths i32[P, E], outcomes i8[P, E] for P networks x E episodes;
    episode e starts from starts[e] (f64[E, state_dim]) and the network's fresh hidden state."""
    for job in prange(params.shape[0] * starts.shape[0]):
        run_job(observe, step, policy_init, policy_step, world_params, max_steps, starts, params,
                net, returns, lengths, outcomes, job)  # fmt: skip
