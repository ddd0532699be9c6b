"""Controls: what a ticket's score must beat to say the behaviour lives in *this* subnetwork.

Each control keeps the ticket's per-layer sparsity and changes one thing. These are the
*unsearched* controls: built from the ticket's mask with no search of their own. The searched
controls, which get the ticket's very search, are in `searched`.

- `random_mask`     the same number of weights per layer, chosen at random (Frankle & Carbin 2019);
- `reinit`          the same mask over the weights of a freshly grown network of the same encoding
                    from another seed (Frankle & Carbin 2019); the biases stay the ticket's, as
                    every other control keeps them (one change at a time);
- `shuffle`         the surviving weights permuted at random within their layer (Frankle et al.
                    2021, "Pruning neural networks at initialization: why are we missing the
                    mark?");
- `signed_constant` the survivors' signs kept, each magnitude replaced by one constant per layer:
                    the mean |w| of that layer's survivors (Zhou et al. 2019);
- `memory_lesion`   (networks with memory only) the ticket with every recurrent weight removed:
                    what it can do without carrying anything from one step to the next.

All randomness comes from the generator passed in (`rng.stream(seed, level, "control")`).
"""

from __future__ import annotations

import numpy as np

from instinct.lottery.mask import Mask
from instinct.nn.recurrent import is_recurrent, recurrent_mask

CONTROLS = ("random_mask", "reinit", "shuffle", "signed_constant")
MEMORY_CONTROLS = ("memory_lesion",)  # added for recurrent networks only


def memory_lesion(mask: Mask) -> Mask:
    """The mask with every recurrent weight (the network's memory) switched off."""
    values = mask.values.copy()
    values[recurrent_mask(mask.arch)] = 0
    return Mask(mask.arch, values)


def random_mask(mask: Mask, rng: np.random.Generator) -> Mask:
    """A mask with the same number of kept weights in every layer, placed uniformly at random."""
    values = mask.values.copy()
    for (w, _, _, _), kept in zip(mask.arch.layers(), mask.layer_kept(), strict=True):
        n = w.stop - w.start
        layer = np.zeros(n, np.uint8)
        layer[rng.permutation(n)[:kept]] = 1
        values[w] = layer
    return Mask(mask.arch, values)


def shuffle(params: np.ndarray, mask: Mask, rng: np.random.Generator) -> np.ndarray:
    """f32[D]: the kept weights of each layer permuted among the kept positions of that layer."""
    out = np.array(params, np.float32)
    for w, _, _, _ in mask.arch.layers():
        idx = np.flatnonzero(mask.values[w]) + w.start
        out[idx] = out[rng.permutation(idx)]
    return mask.apply(out)


def signed_constant(params: np.ndarray, mask: Mask) -> np.ndarray:
    """f32[D]: sign of each kept weight times its layer's mean kept |w|; biases unchanged."""
    out = np.array(params, np.float32)
    for w, _, _, _ in mask.arch.layers():
        kept = mask.values[w] != 0
        layer = out[w]
        scale = np.float32(np.abs(layer[kept]).mean()) if kept.any() else np.float32(0.0)
        out[w] = np.where(kept, np.sign(layer) * scale, np.float32(0.0))
    return out


def fresh_params(encoding, seed: int) -> np.ndarray:
    """f32[D]: the network a new genome of `encoding` grows from `seed` (its own mask applied)."""
    params, masks = encoding.grow(encoding.initial_vector(int(seed))[None, :])
    if masks is not None:
        params = np.where(masks != 0, params, np.float32(0.0))
    return params[0]


def _fresh_weights(encoding, seed: int, params: np.ndarray) -> np.ndarray:
    """f32[D]: a fresh network's weights with the biases of `params`."""
    fresh = fresh_params(encoding, seed)
    return np.where(encoding.arch.weight_mask(), fresh, np.asarray(params, np.float32))


def controls(params: np.ndarray, mask: Mask, encoding, rng: np.random.Generator) -> dict:
    """{name: (f32[D] params, Mask)} for every control of the ticket (params, mask).

    Draw order is fixed (random mask, re-init seed, shuffle) so the same generator gives the same
    controls bit for bit.
    """
    rand = random_mask(mask, rng)
    other_seed = int(rng.integers(0, 1 << 32))
    shuffled = shuffle(params, mask, rng)
    ticket = mask.apply(params)
    out = {
        "random_mask": (rand.apply(params), rand),
        "reinit": (mask.apply(_fresh_weights(encoding, other_seed, params)), mask),
        "shuffle": (shuffled, mask),
        "signed_constant": (signed_constant(ticket, mask), mask),
    }
    if is_recurrent(mask.arch):
        lesioned = memory_lesion(mask)
        out["memory_lesion"] = (lesioned.apply(params), lesioned)
    return out
