"""Kernel of the `plastic` network kind (`instinct.nn.plastic`): a feed-forward pass on working
weights held in `hidden`, each layer's weights moved by its ABCD Hebbian rule after its pass."""

import numpy as np
from numba import njit

from instinct.kernels import JIT
from instinct.kernels.activations import fast_tanh
from instinct.kernels.forward import _activate_all, to_action
from instinct.nn.plastic import W_MAX

_W_MAX = np.float32(W_MAX)


@njit(inline="always", **JIT)
def policy_init(net, theta, hidden):
    """The working weights start as the born weights at every episode start."""
    sizes = net.sizes
    off, h = 0, 0
    for layer in range(sizes.shape[0] - 1):
        n = sizes[layer] * sizes[layer + 1]
        for k in range(n):
            hidden[h + k] = theta[off + k]
        h += n
        off += n + sizes[layer + 1]


@njit(inline="always", **JIT)
def policy_step(net, theta, hidden, obs, action, buf_a, buf_b):
    """action <- the network's action for obs on the working weights; then every layer learns."""
    sizes = net.sizes
    n_layers = sizes.shape[0] - 1
    rule = 0  # the coefficient blocks follow the feed-forward layers
    for layer in range(n_layers):
        rule += sizes[layer] * sizes[layer + 1] + sizes[layer + 1]
    x = buf_a
    for i in range(sizes[0]):
        x[i] = obs[i]
    y = buf_b
    off, h = 0, 0
    for layer in range(n_layers):
        n_in = sizes[layer]
        n_out = sizes[layer + 1]
        b_off = off + n_in * n_out
        for j in range(n_out):
            y[j] = theta[b_off + j]
        for i in range(n_in):
            xi = x[i]
            row = hidden[h + i * n_out : h + (i + 1) * n_out]
            for j in range(n_out):
                y[j] += xi * row[j]
        last = layer == n_layers - 1
        if not last:
            _activate_all(net.act_code, y, n_out)
        else:  # the action is read before the weights learn
            to_action(y, net.out_code, n_out, net.low, net.high, action)
        c = rule + 5 * layer
        a, b, cc, d, eta = theta[c], theta[c + 1], theta[c + 2], theta[c + 3], theta[c + 4]
        if eta != 0:
            for i in range(n_in):
                xi = x[i]
                row = hidden[h + i * n_out : h + (i + 1) * n_out]
                for j in range(n_out):
                    yj = fast_tanh(y[j]) if last else y[j]
                    w = row[j] + eta * (a * xi * yj + b * xi + cc * yj + d)
                    row[j] = min(max(w, -_W_MAX), _W_MAX)
        off = b_off + n_out
        h += n_in * n_out
        x, y = y, x
