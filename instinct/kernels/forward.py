"""The network forward pass: one network on one observation, and a batch of them.

`forward_into` is the building block of every rollout kernel. Parameters are a flat f32 vector in
the layout of `instinct.nn.Architecture`; a mask, where given, has already been multiplied in by
`apply_mask` (once per network, not once per step).
"""

import numpy as np
from numba import njit

from instinct.kernels import JIT
from instinct.kernels.activations import RELU, TANH, activate, fast_tanh

ARGMAX, TANH_BOX = 0, 1


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


@njit(**JIT)
def forward_batch(params, rows, sizes, act_code, out_code, low, high, obs, actions):
    """actions[n] = policy(params[rows[n]], obs[n]) for every n; params already masked.

    Serial on purpose: its callers step Python-level envs (~20 us each), so a thread pool's launch
    cost would outweigh the ~1 us per network it could split."""
    width = 0
    for s in sizes:
        width = max(width, s)
    act_dim = sizes[sizes.shape[0] - 1]
    for n in range(obs.shape[0]):
        buf_a = np.empty(width, np.float32)
        buf_b = np.empty(width, np.float32)
        out = forward_into(params[rows[n]], sizes, act_code, obs[n], buf_a, buf_b)
        to_action(out, out_code, act_dim, low, high, actions[n])
