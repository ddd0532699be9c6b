"""Kernel of the `rnn` network kind (`instinct.nn.rnn`): one Elman recurrent tanh layer."""

import numpy as np
from numba import njit

from instinct.kernels import JIT
from instinct.kernels.forward import to_action
from instinct.kernels.recurrent import ELMAN, recurrent_step


@njit(inline="always", **JIT)
def policy_init(net, theta, hidden):
    """The memory starts empty at every episode start."""
    for j in range(hidden.shape[0]):
        hidden[j] = np.float32(0.0)


@njit(inline="always", **JIT)
def policy_step(net, theta, hidden, obs, action, buf_a, buf_b):
    """Advance hidden by one step on obs; action <- the readout of the new hidden state."""
    sizes = net.sizes
    recurrent_step(ELMAN, theta, sizes[0], sizes[1], sizes[2], obs, hidden, buf_a, buf_b)
    to_action(buf_b, net.out_code, sizes[2], net.low, net.high, action)
