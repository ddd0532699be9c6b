"""One step of a network with memory (instinct.nn.recurrent), shared by the `rnn` and `gru`
kinds' kernels: the hidden state h f32[H] is updated in place; the kinds' policy_init zeroes it
at every episode start, so an episode's return never depends on what ran before it. Activations
use the same rational tanh as the feed-forward pass (sigmoid(x) = (1 + tanh(x/2)) / 2).
"""

import numpy as np
from numba import njit

from instinct.kernels import JIT
from instinct.kernels.activations import fast_tanh

ELMAN, GRU = 0, 1
_HALF = np.float32(0.5)
_ONE = np.float32(1.0)


@njit(inline="always", **JIT)
def recurrent_step(kind, theta, obs_dim, hidden, act_dim, obs, h, pre, out):
    """Advance h (f32[H]) by one step on obs and write the raw outputs into out[:act_dim].

    pre f32[>= 4H] is scratch. Loops run over contiguous weight rows so they vectorise."""
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
