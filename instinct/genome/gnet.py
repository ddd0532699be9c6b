"""`gnet`: the genomic bottleneck of Shuvaev, Koulakov, Zador et al. ("Encoding innate ability
through a genomic bottleneck", PNAS 2024): a small generator network (the g-network) maps the fixed
identity codes of a pre- and a post-synaptic neuron to the weight between them. It is evolved here
without gradients (GA, OpenAI-ES, CMA-ES) rather than trained to reproduce a learned network.

Identity code of neuron i of neuron layer k: the `code_dim` bits of i in binary, as +-1 (distinct
for every neuron of a layer of up to 2**code_dim), plus the layer's depth z_k in [-1, 1]. So
F = code_dim + 1 features per neuron, and for generator width H:

    G = (2F + 3)H + 2 (depth 1),  H*H + (2F + 4)H + 2 (depth 2)

Per-pair weights, not low-rank factors: the g-network's hidden units see the pre and post codes
together, so the grown weight matrices are not rank-limited (a rank-r factorisation W = U V^T would
cap every layer at rank r). The cost that low-rank factors would save is avoided another way: the
first layer is linear in the codes, so it is computed once per neuron, not once per pair
(instinct.kernels.pairwise).
"""

from __future__ import annotations

import numpy as np

from instinct.errors import InstinctError
from instinct.genome.pairwise import GeneratorEncoding, int_setting, layer_depths

DEFAULT_CODE_DIM = 8


class GNetEncoding(GeneratorEncoding):
    name = "gnet"
    default_width = 16
    default_depth = 1
    units = ("tanh",)
    first_gain = 1.0
    extra_settings = ("code_dim",)

    def __init__(self, arch, width=None, depth=None, code_dim=None):
        need = max(1, int(np.ceil(np.log2(max(arch.sizes)))))
        if code_dim is None:
            code_dim = max(DEFAULT_CODE_DIM, need)
        code_dim = int_setting("code_dim", code_dim, 1, 30)
        if code_dim < need:
            raise InstinctError(
                f"code_dim {code_dim} cannot tell apart {max(arch.sizes)} neurons (need {need})"
            )
        self.num_features = code_dim + 1
        super().__init__(arch, width=width, depth=depth, code_dim=code_dim)

    def features(self) -> np.ndarray:
        bits = np.arange(self.settings["code_dim"])
        rows = []
        for n, z in zip(self.arch.sizes, layer_depths(self.arch), strict=True):
            code = ((np.arange(n)[:, None] >> bits[None, :]) & 1) * 2.0 - 1.0
            rows.append(np.concatenate([code, np.full((n, 1), z)], axis=1))
        return np.concatenate(rows).astype(np.float32)
