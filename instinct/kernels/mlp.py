"""Kernel of the feed-forward network kind (`instinct.nn.mlp`): no hidden state to carry."""

from numba import njit

from instinct.kernels import JIT
from instinct.kernels.forward import forward_into, to_action


@njit(inline="always", **JIT)
def policy_init(net, theta, hidden):
    """Nothing to reset: a feed-forward network has no memory (hidden is f32[0])."""


@njit(inline="always", **JIT)
def policy_step(net, theta, hidden, obs, action, buf_a, buf_b):
    """action <- the network's action for obs."""
    sizes = net.sizes
    out = forward_into(theta, sizes, net.act_code, obs, buf_a, buf_b)
    to_action(out, net.out_code, sizes[sizes.shape[0] - 1], net.low, net.high, action)
