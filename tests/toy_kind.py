"""A toy network kind with one float of memory, to test the network seam (not collected).

It is the feed-forward network whose first output is shifted by a hidden value that starts at
theta[0] at every episode start and grows by 0.25 per step: a rollout that forgot to call
policy_init, or that carried the hidden state from one episode into the next, acts differently.
"""

import numpy as np
from numba import njit

from instinct.kernels import JIT
from instinct.kernels.forward import forward_into, to_action
from instinct.nn.kinds import NetworkKind
from instinct.nn.mlp import feedforward_layers


@njit(**JIT)
def policy_init(net, theta, hidden):
    hidden[0] = theta[0]


@njit(**JIT)
def policy_step(net, theta, hidden, obs, action, buf_a, buf_b):
    sizes = net.sizes
    out = forward_into(theta, sizes, net.act_code, obs, buf_a, buf_b)
    out[0] += hidden[0]
    hidden[0] += np.float32(0.25)
    to_action(out, net.out_code, sizes[sizes.shape[0] - 1], net.low, net.high, action)


KIND = NetworkKind(
    name="toy-counter",
    kernel="tests.toy_kind",
    layers=feedforward_layers,
    hidden_dim=lambda arch: 1,
    description="feed-forward plus a step counter (tests only)",
)
