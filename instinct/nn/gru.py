"""The `gru` network kind: a GRU: one gated recurrent layer (Cho et al. 2014).

Layout and equations in `instinct.nn.recurrent`; kernel `instinct.kernels.gru`.
"""

from __future__ import annotations

from instinct.nn.kinds import NetworkKind
from instinct.nn.recurrent import recurrent_layers, scratch_width

KIND = NetworkKind(
    name="gru",
    kernel="instinct.kernels.gru",
    layers=lambda arch: recurrent_layers(arch, 3),
    hidden_dim=lambda arch: arch.hidden[0],
    width=scratch_width,
    description="a GRU: one gated recurrent layer (Cho et al. 2014)",
)
