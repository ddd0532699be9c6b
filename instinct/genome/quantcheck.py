"""The held-out check behind a quantised description length: the smallest k whose k-bit genome
still scores within a stated tolerance of the float32 one, on the run's own held-out episodes.

A quantised size is honest only if the quantised genome still does the job, so each k in
QUANT_BITS is measured, never assumed. The genome's float payload is what is quantised (a direct
network's weights, a generator's parameters); what it grows is then evaluated as it is.
"""

from __future__ import annotations

import numpy as np

from instinct.genome.description import QUANT_BITS, quantise, quantised_bits


def within(score: float, reference: float, tolerance: float) -> bool:
    """score >= reference - tolerance * |reference| (a relative drop of at most `tolerance`)."""
    return score >= reference - tolerance * abs(reference)


def quantised_scores(genome, evaluator, keys, ks=QUANT_BITS) -> dict:
    """Held-out mean return of the float32 genome ("32") and of each k-bit one, on `keys`."""
    from dataclasses import replace

    from instinct.genome import decode

    out = {}
    for k in (32, *ks):
        payload = genome.payload if k == 32 else quantise(genome.payload, k)
        params, mask = decode(replace(genome, payload=payload))
        ev = evaluator.evaluate(params[None], None if mask is None else mask[None], keys)
        out[str(k)] = float(np.mean(ev.returns))
    return out


def smallest_k(scores: dict, tolerance: float) -> int | None:
    """The fewest bits k (of the measured ones below 32) within tolerance of the float32 score."""
    ref = scores["32"]
    ok = [int(k) for k, v in scores.items() if k != "32" and within(v, ref, tolerance)]
    return min(ok) if ok else None


def checked_bits(genome, scores: dict, tolerance: float) -> tuple[float, int]:
    """(description bits, k): the smallest held-out-checked k-bit size, else float32's."""
    n = int(genome.payload.size)
    k = smallest_k(scores, tolerance)
    return (float(quantised_bits(n, k)), k) if k else (float(32 * n), 32)
