"""`cppn`: an indirect encoding in the spirit of HyperNEAT (Stanley, D'Ambrosio & Gauci 2009, "A
Hypercube-Based Encoding for Evolving Large-Scale Neural Networks").

The genome is a compositional pattern-producing network (CPPN): a small fixed-topology network whose
hidden units cycle through sine (repetition), a Gaussian-like bump (symmetry) and tanh. Every neuron
of the grown policy sits on a substrate: neuron i of a layer of n neurons at x = -1 + 2i/(n-1)
(0 for a single neuron), neuron layer k of K+1 at depth z = -1 + 2k/K. The CPPN reads the pre and
the post neuron's (x, z) and writes the weight between them (output 0), and a neuron's bias from
(pre = 0, post = the neuron) (output 1). Genome size depends only on the CPPN's width and depth:

    G = 7H + 2 (depth 1),  H*H + 8H + 2 (depth 2)          (F = 2 features per neuron)

Unlike HyperNEAT the CPPN's topology is fixed and its weights are what evolves (with GA, OpenAI-ES
or CMA-ES), and no expression threshold is applied, so small mutations make small changes.
"""

from __future__ import annotations

import numpy as np

from instinct.genome.pairwise import GeneratorEncoding, layer_depths


class CPPNEncoding(GeneratorEncoding):
    name = "cppn"
    default_width = 16
    default_depth = 2
    units = ("sin", "gauss", "tanh")
    first_gain = 2.0  # coordinates lie in [-1, 1]: a gain of 2 gives about one period per layer
    num_features = 2

    def features(self) -> np.ndarray:
        rows = []
        for n, z in zip(self.arch.sizes, layer_depths(self.arch), strict=True):
            x = np.linspace(-1.0, 1.0, n) if n > 1 else np.zeros(1)
            rows.append(np.stack([x, np.full(n, z)], axis=1))
        return np.concatenate(rows).astype(np.float32)
