"""Tracks: one network on E episodes of a world, each run to its end, keeping what the fused
evaluator throws away: the final state and the length of the path crawled.

The kernel is the fused rollout's (`instinct.kernels.rollout`): the same `observe` / `step` /
`policy_step`, the same start states, one `prange` job per episode writing only its own slot, so
returns, lengths and outcomes equal `FusedEvaluator.evaluate`'s bit for bit and do not depend on
the number of threads. The path is summed from the pose slots (x, y) the world names.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from instinct.kernels import JIT


@njit(parallel=True, **{**JIT, "cache": False})  # takes @njit functions: never cached
def track_rollout(observe, step, policy_init, policy_step, world_params, max_steps, starts, theta,
                  net, x_slot, y_slot, returns, lengths, outcomes, ends, paths):  # fmt: skip
    """Episode e of the network theta f32[D] from starts[e]: returns[e], lengths[e],
    outcomes[e], the final state ends[e] and the summed step lengths paths[e] in the (x, y)
    plane of the state slots x_slot, y_slot."""
    state_dim = starts.shape[1]
    sizes = net.sizes
    obs_dim = sizes[0]
    act_dim = sizes[sizes.shape[0] - 1]
    for e in prange(starts.shape[0]):
        state = np.empty(state_dim, np.float64)
        for i in range(state_dim):
            state[i] = starts[e, i]
        obs = np.empty(obs_dim, np.float32)
        action = np.zeros(max(act_dim, 1), np.float32)
        buf_a = np.empty(net.width, np.float32)
        buf_b = np.empty(net.width, np.float32)
        hidden = np.zeros(net.hidden_dim, np.float32)
        policy_init(net, theta, hidden)
        total, path, code, t = 0.0, 0.0, 0, 0
        while t < max_steps:
            x0, y0 = state[x_slot], state[y_slot]
            observe(state, world_params, obs)
            policy_step(net, theta, hidden, obs, action, buf_a, buf_b)
            reward, code = step(state, action, world_params)
            dx, dy = state[x_slot] - x0, state[y_slot] - y0
            path += np.sqrt(dx * dx + dy * dy)
            total += reward
            t += 1
            if code != 0:
                break
        returns[e], lengths[e], outcomes[e], paths[e] = total, t, code, path
        for i in range(state_dim):
            ends[e, i] = state[i]


@dataclass
class Tracks:
    """What one network did on E episodes, with where each began and ended."""

    returns: np.ndarray  # f64[E]
    lengths: np.ndarray  # i32[E]
    outcomes: np.ndarray  # i8[E]
    starts: np.ndarray  # f64[E, state_dim]
    ends: np.ndarray  # f64[E, state_dim]
    paths: np.ndarray  # f64[E], m crawled


def run_tracks(world, arch, theta, keys, world_params=None, max_steps=None) -> Tracks:
    """Tracks of the network theta f32[D] (mask already applied) on the episode keys u32[E] of
    `world` (a World record with pose slots) under world_params (default: the world's own)."""
    from instinct.worlds import start_states

    if world.pose_slots is None:
        raise ValueError(f"{world.id} names no pose slots: it has no tracks")
    wp = world.params if world_params is None else world_params
    keys = np.ascontiguousarray(keys, np.uint32)
    starts = start_states(world, keys, wp)
    e = keys.size
    out = Tracks(np.zeros(e), np.zeros(e, np.int32), np.zeros(e, np.int8), starts,
                 np.zeros_like(starts), np.zeros(e))  # fmt: skip
    policy_init, policy_step = arch.policy()
    x_slot, y_slot, _ = world.pose_slots
    track_rollout(
        world.core.observe, world.core.step, policy_init, policy_step, wp,
        int(max_steps or wp.max_steps), starts, np.ascontiguousarray(theta, np.float32),
        arch.kernel_args(), x_slot, y_slot, out.returns, out.lengths, out.outcomes, out.ends,
        out.paths,
    )  # fmt: skip
    return out
