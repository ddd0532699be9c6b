"""The `rnn` network kind: an Elman network: one recurrent tanh layer (Elman 1990).

Layout and equations in `instinct.nn.recurrent`; kernel `instinct.kernels.rnn`.
"""

from __future__ import annotations

from instinct.nn.kinds import NetworkKind
from instinct.nn.recurrent import recurrent_layers, scratch_width

KIND = NetworkKind(
    name="rnn",
    kernel="instinct.kernels.rnn",
    layers=lambda arch: recurrent_layers(arch, 1),
    hidden_dim=lambda arch: arch.hidden[0],
    width=scratch_width,
    description="an Elman network: one recurrent tanh layer (Elman 1990)",
)
