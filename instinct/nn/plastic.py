"""The `plastic` network kind: a feed-forward network whose weights learn within a life.

Lifetime learning after Najarro & Risi 2020 (the ABCD Hebbian rule), with evolved born weights
(a Baldwinian genome: what evolution hands on is a starting point and a learning rule). At every
episode start the working weights are copied from the born weights; after each layer's pass,
every connection i -> j of layer l moves by

    dw_ij = eta_l * (A_l * x_i * y_j + B_l * x_i + C_l * y_j + D_l)

with x the layer's input and y its output after the activation (tanh of the raw outputs for the
last layer, so the rule sees bounded values), and is clipped to [-W_MAX, W_MAX]. The rule's five
coefficients (A, B, C, D, eta) are per layer. Layout: the feed-forward layers of `instinct.nn.mlp`
(born weights and biases, biases do not learn), then per layer one block with no weights and the
five coefficients as its "bias" (so they start at zero: a newborn plastic network is the
feed-forward one, and pruning, which touches weights only, never cuts the rule). The memory
carried from step to step is the working weights (`hidden_dim` = the number of weights).
Kernel: `instinct.kernels.plastic`.
"""

from __future__ import annotations

from instinct.nn.kinds import NetworkKind
from instinct.nn.mlp import feedforward_layers

RULE = ("A", "B", "C", "D", "eta")  # the coefficients of one layer's rule, in stored order
W_MAX = 4.0  # working weights are clipped to [-W_MAX, W_MAX]


def plastic_layers(arch) -> list[tuple[slice, slice, int, int]]:
    """The feed-forward layers, then one coefficient block (empty weights, 5 'biases') per layer."""
    ff = feedforward_layers(arch)
    off = ff[-1][1].stop if ff else 0
    rules = []
    for _, _, n_in, n_out in ff:
        rules.append((slice(off, off), slice(off, off + len(RULE)), n_in, n_out))
        off += len(RULE)
    return ff + rules


def learning_weights(arch) -> int:
    """Floats of working weights one network carries through an episode."""
    return sum(w.stop - w.start for w, _, _, _ in feedforward_layers(arch))


KIND = NetworkKind(
    name="plastic",
    kernel="instinct.kernels.plastic",
    layers=plastic_layers,
    hidden_dim=learning_weights,
    description="feed-forward with weights that learn within a life (evolved ABCD Hebbian rule "
    "per layer, Najarro & Risi 2020)",
)
