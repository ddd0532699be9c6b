"""Searched controls: dense control networks that get the very mask search the ticket gets.

A ticket found by a search (supermask's evolved top-k, strong's magnitude ranking) is only special
if the same search over another network finds nothing as good. Each control here is a *dense*
network the size of the born one; the method then searches a mask over it with the ticket's
budget, score start, episodes and seeds. Each changes one thing from the evolved network:

- `reinit`          the weights re-grown from a new genome of the evolved network's own encoding
                    (its initial distribution; Frankle & Carbin 2019); biases are the evolved
                    network's, exactly as the ticket keeps them;
- `shuffle`         the evolved weights permuted at random within each layer (Frankle et al. 2021,
                    "Pruning neural networks at initialization: why are we missing the mark?");
                    biases kept;
- `signed_constant` each evolved weight's sign times one magnitude per layer, that layer's mean
                    |w| (Zhou et al. 2019, "Deconstructing Lottery Tickets"); biases kept;
- `scaled_random`   fresh normal weights with each layer's root-mean-square matched to the evolved
                    layer's (drift in scale is kept, everything else is new); biases kept;
- `random_network`  a default random network, weights and biases as a fresh direct genome grows
                    them (1/sqrt(fan-in) weights, zero biases; Ramanujan et al. 2020).

Only weights the born network has (its level-0 mask `base`) are ever kept: a weight the born
network lacks is zero in every control. The networks are drawn once per prune seed
(`rng.stream(seed, 0, "searched")`), so every level of one seed searches the same controls.
"""

from __future__ import annotations

import numpy as np

from instinct.genome import make_encoding
from instinct.lottery.controls import fresh_params
from instinct.lottery.mask import Mask

SEARCHED = ("reinit", "shuffle", "signed_constant", "scaled_random", "random_network")
SOURCES = {
    "reinit": "Frankle & Carbin 2019: re-initialised",
    "shuffle": "Frankle et al. 2021: layerwise shuffle",
    "signed_constant": "Zhou et al. 2019: signed constant",
    "scaled_random": "random, per-layer scale matched",
    "random_network": "Ramanujan et al. 2020: default random network",
}


def _with_biases(weights_from: np.ndarray, params: np.ndarray, base: Mask) -> np.ndarray:
    """f32[D]: the weights of `weights_from` (restricted to `base`), the biases of `params`."""
    arch = base.arch
    out = np.where(arch.weight_mask(), np.asarray(weights_from, np.float32), params)
    return base.apply(out.astype(np.float32))


def dense_shuffle(params: np.ndarray, base: Mask, rng: np.random.Generator) -> np.ndarray:
    """f32[D]: each layer's weights (those `base` keeps) permuted among that layer's positions."""
    out = base.apply(params)
    for w, _, _, _ in base.arch.layers():
        idx = np.flatnonzero(base.values[w]) + w.start
        out[idx] = out[rng.permutation(idx)]
    return out


def dense_signed_constant(params: np.ndarray, base: Mask) -> np.ndarray:
    """f32[D]: sign(w) times the layer's mean |w| over the weights `base` keeps; biases kept."""
    out = base.apply(params)
    for w, _, _, _ in base.arch.layers():
        kept = base.values[w] != 0
        layer = out[w]
        scale = np.float32(np.abs(layer[kept]).mean()) if kept.any() else np.float32(0.0)
        out[w] = np.where(kept, np.sign(layer) * scale, np.float32(0.0))
    return out


def layer_rms(params: np.ndarray, base: Mask) -> np.ndarray:
    """f64[L]: root-mean-square of each layer's weights that `base` keeps (0 for none)."""
    out = []
    for w, _, _, _ in base.arch.layers():
        kept = np.asarray(params, np.float64)[w][base.values[w] != 0]
        out.append(float(np.sqrt(np.mean(kept**2))) if kept.size else 0.0)
    return np.array(out)


def scaled_random(params: np.ndarray, base: Mask, rng: np.random.Generator) -> np.ndarray:
    """f32[D]: normal weights with each layer's RMS equal to the evolved layer's; biases kept."""
    weights = np.zeros(base.arch.num_params, np.float32)
    for (w, _, _, _), rms in zip(base.arch.layers(), layer_rms(params, base), strict=True):
        weights[w] = rng.standard_normal(w.stop - w.start).astype(np.float32) * np.float32(rms)
    return _with_biases(weights, params, base)


def control_networks(params: np.ndarray, base: Mask, encoding, rng: np.random.Generator) -> dict:
    """{name: f32[D]} the dense network each searched control searches a mask over.

    Draw order is fixed (re-init seed, random-network seed, shuffle, scaled normals) so the same
    generator gives the same networks bit for bit.
    """
    params = np.asarray(params, np.float32)
    reinit_seed = int(rng.integers(0, 1 << 32))
    random_seed = int(rng.integers(0, 1 << 32))
    shuffled = dense_shuffle(params, base, rng)
    scaled = scaled_random(params, base, rng)
    default = make_encoding("direct", base.arch).initial_vector(random_seed)
    return {
        "reinit": _with_biases(fresh_params(encoding, reinit_seed), params, base),
        "shuffle": shuffled,
        "signed_constant": dense_signed_constant(params, base),
        "scaled_random": scaled,
        "random_network": base.apply(default),
    }
