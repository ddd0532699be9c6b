"""The feed-forward pass and the output mapping, and a batch of policy steps.

`forward_into` and `to_action` are the building blocks of the feed-forward kind's `policy_step`
(`instinct.kernels.mlp`). Parameters are a flat f32 vector in the layout of
`instinct.nn.Architecture`; a mask, where given, has already been multiplied in by `apply_mask`
(once per network, not once per step).
"""

import numpy as np
from numba import njit

from instinct.kernels import JIT
from instinct.kernels.activations import activate, fast_tanh
from instinct.nn.codes import ARGMAX, RELU, TANH


@njit(inline="always", **JIT)
def _activate_all(act_code, y, n):
    # One branch per layer, not per neuron, so each loop below vectorises.
    if act_code == TANH:
        for j in range(n):
            y[j] = fast_tanh(y[j])
    elif act_code == RELU:
        for j in range(n):
            y[j] = max(y[j], np.float32(0.0))
    else:
        for j in range(n):
            y[j] = activate(act_code, y[j])


@njit(inline="always", **JIT)
def forward_into(params, sizes, act_code, obs, buf_a, buf_b):
    """Run the network on obs (f32[obs_dim]); returns the buffer holding the raw outputs.

    Weights are read through slices indexed by the loop counter: Numba then knows the index is
    non-negative, drops its wraparound branch, and the inner loop vectorises."""
    n_layers = sizes.shape[0] - 1
    x = buf_a
    for i in range(sizes[0]):
        x[i] = obs[i]
    y = buf_b
    off = 0
    for layer in range(n_layers):
        n_in = sizes[layer]
        n_out = sizes[layer + 1]
        b_off = off + n_in * n_out
        bias = params[b_off : b_off + n_out]
        for j in range(n_out):
            y[j] = bias[j]
        for i in range(n_in):
            xi = x[i]
            row = params[off + i * n_out : off + (i + 1) * n_out]
            for j in range(n_out):
                y[j] += xi * row[j]
        if layer < n_layers - 1:
            _activate_all(act_code, y, n_out)
        off = b_off + n_out
        x, y = y, x
    return x


@njit(inline="always", **JIT)
def to_action(out, out_code, act_dim, low, high, action):
    """Raw outputs -> action: argmax into action[0] (Discrete), or tanh scaled to [low, high]."""
    if out_code == ARGMAX:
        best = 0
        for j in range(1, act_dim):
            if out[j] > out[best]:
                best = j
        action[0] = best
    else:
        for j in range(act_dim):
            u = fast_tanh(out[j])
            action[j] = low[j] + (u + np.float32(1.0)) * np.float32(0.5) * (high[j] - low[j])


@njit(**JIT)
def apply_mask(params, masks):
    """f32[P, D] params with masked-off entries set to exactly zero."""
    out = params.copy()
    for p in range(params.shape[0]):
        for d in range(params.shape[1]):
            if masks[p, d] == 0:
                out[p, d] = np.float32(0.0)
    return out


# Not cached: it takes the network kind's @njit functions as arguments (see rollout.py).
@njit(**{**JIT, "cache": False})
def policy_init_batch(policy_init, params, rows, net, hidden):
    """hidden[n] <- the start state of network params[rows[n]], for every n."""
    for n in range(rows.shape[0]):
        policy_init(net, params[rows[n]], hidden[n])


@njit(**{**JIT, "cache": False})
def policy_batch(policy_step, params, rows, net, hidden, obs, actions):
    """actions[n] = policy(params[rows[n]], hidden[n], obs[n]) for every n; params already masked,
    hidden f32[N, net.hidden_dim] carried from the previous step.

    Serial on purpose: its callers step Python-level envs (~20 us each), so a thread pool's launch
    cost would outweigh the ~1 us per network it could split."""
    buf_a = np.empty(net.width, np.float32)
    buf_b = np.empty(net.width, np.float32)
    for n in range(obs.shape[0]):
        policy_step(net, params[rows[n]], hidden[n], obs[n], actions[n], buf_a, buf_b)
