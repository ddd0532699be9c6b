"""Kernels of the networks with memory (instinct.recurrent): one step of an Elman network or a
GRU, a batch of them for the Gymnasium path, and the fused rollout that steps a world with them.

The hidden state h f32[H] is an argument updated in place; the fused rollout zeroes it at the
start of every episode, so an episode's return never depends on what ran before it.
Activations use the same rational tanh as the feed-forward pass (sigmoid(x) = (1 + tanh(x/2))/2).
"""

import numpy as np
from numba import njit, prange

from instinct.kernels import JIT
from instinct.kernels.activations import fast_tanh
from instinct.kernels.forward import to_action

ELMAN, GRU = 0, 1
_HALF = np.float32(0.5)
_ONE = np.float32(1.0)


@njit(inline="always", **JIT)
def recurrent_step(kind, theta, obs_dim, hidden, act_dim, obs, h, pre, out):
    """Advance h (f32[H]) by one step on obs and write the raw outputs into out[:act_dim].

    pre f32[>= 3H] is scratch. Loops run over contiguous weight rows so they vectorise."""
    gates = 1 if kind == ELMAN else 3
    gh = gates * hidden
    b_off = obs_dim * gh
    r_off = b_off + gh
    o_off = r_off + hidden * gh
    bias = theta[b_off : b_off + gh]
    for j in range(gh):
        pre[j] = bias[j]
    for i in range(obs_dim):
        xi = obs[i]
        row = theta[i * gh : (i + 1) * gh]
        for j in range(gh):
            pre[j] += xi * row[j]
    if kind == ELMAN:
        for i in range(hidden):
            hi = h[i]
            row = theta[r_off + i * gh : r_off + (i + 1) * gh]
            for j in range(gh):
                pre[j] += hi * row[j]
        for j in range(hidden):
            h[j] = fast_tanh(pre[j])
    else:
        # z and r read h through U; the candidate's recurrent term waits for r: pre[2H:3H] gets
        # x Wn + bn now, and (h Un) goes into out-of-place scratch pre[3H:4H].
        un = pre[gh : gh + hidden]
        for j in range(hidden):
            un[j] = np.float32(0.0)
        for i in range(hidden):
            hi = h[i]
            row = theta[r_off + i * gh : r_off + (i + 1) * gh]
            for j in range(2 * hidden):
                pre[j] += hi * row[j]
            rn = row[2 * hidden : 3 * hidden]
            for j in range(hidden):
                un[j] += hi * rn[j]
        for j in range(hidden):
            z = _HALF + _HALF * fast_tanh(_HALF * pre[j])
            r = _HALF + _HALF * fast_tanh(_HALF * pre[hidden + j])
            n = fast_tanh(pre[2 * hidden + j] + r * un[j])
            h[j] = (_ONE - z) * n + z * h[j]
    b_out = theta[o_off + hidden * act_dim : o_off + hidden * act_dim + act_dim]
    for j in range(act_dim):
        out[j] = b_out[j]
    for i in range(hidden):
        hi = h[i]
        row = theta[o_off + i * act_dim : o_off + (i + 1) * act_dim]
        for j in range(act_dim):
            out[j] += hi * row[j]


@njit(**JIT)
def recurrent_batch(params, rows, kind, obs_dim, hidden, act_dim, out_code, low, high, obs,
                    states, actions):  # fmt: skip
    """actions[n] = policy(params[rows[n]], obs[n]) for every n, advancing states[n] (f32[H]).

    Serial, like forward_batch: its callers step Python-level envs."""
    pre = np.empty(4 * hidden, np.float32)
    out = np.empty(max(act_dim, 1), np.float32)
    for n in range(obs.shape[0]):
        recurrent_step(kind, params[rows[n]], obs_dim, hidden, act_dim, obs[n], states[n], pre,
                       out)  # fmt: skip
        to_action(out, out_code, act_dim, low, high, actions[n])


@njit(inline="always", **JIT)
def run_recurrent_episode(observe, step, world_params, max_steps, state, theta, kind, obs_dim,
                          hidden, act_dim, out_code, low, high, obs, action, h, pre,
                          out):  # fmt: skip
    """Step one agent from `state` to the end of its episode, h starting at zero; returns
    (return, steps, outcome)."""
    for j in range(hidden):
        h[j] = np.float32(0.0)
    total = 0.0
    code = 0
    t = 0
    while t < max_steps:
        observe(state, world_params, obs)
        recurrent_step(kind, theta, obs_dim, hidden, act_dim, obs, h, pre, out)
        to_action(out, out_code, act_dim, low, high, action)
        reward, code = step(state, action, world_params)
        total += reward
        t += 1
        if code != 0:
            break
    return total, t, code


# Not cached, like fused_rollout: it takes the world's @njit functions as arguments.
@njit(parallel=True, **{**JIT, "cache": False})
def fused_recurrent_rollout(reset, observe, step, world_params, state_dim, max_steps, params,
                            kind, obs_dim, hidden, act_dim, out_code, low, high, keys, returns,
                            lengths, outcomes, sequential):  # fmt: skip
    """Fill returns f64[P, E], lengths i32[P, E], outcomes i8[P, E] for P recurrent networks x E
    episodes. One prange job per (network, episode); with `sequential` one job per network runs
    its E episodes one after another with the same buffers (what a stateful caller would do),
    which must give the very same numbers: the hidden state is reset at every episode start."""
    num_episodes = keys.shape[0]
    jobs = params.shape[0] if sequential else params.shape[0] * num_episodes
    per_job = num_episodes if sequential else 1
    for job in prange(jobs):
        state = np.empty(state_dim, np.float64)
        obs = np.empty(obs_dim, np.float32)
        action = np.zeros(max(act_dim, 1), np.float32)
        h = np.empty(hidden, np.float32)
        pre = np.empty(4 * hidden, np.float32)
        out = np.empty(max(act_dim, 1), np.float32)
        j = np.int64(job)
        for k in range(per_job):
            p = j if sequential else j // num_episodes
            e = np.int64(k) if sequential else j - p * num_episodes
            reset(state, keys[e], world_params)
            total, t, code = run_recurrent_episode(
                observe, step, world_params, max_steps, state, params[p], kind, obs_dim, hidden,
                act_dim, out_code, low, high, obs, action, h, pre, out,
            )  # fmt: skip
            returns[p, e] = total
            lengths[p, e] = t
            outcomes[p, e] = code
