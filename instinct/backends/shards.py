"""Split a population into shards of rows and put their evaluations back together by row index.

Every (network, episode) evaluation is independent of the others, so evaluating rows lo:hi alone
gives exactly the numbers those rows get inside the whole population; assembling the pieces by
row index makes a generation's results independent of how many workers ran it, how it was cut and
in which order the pieces came back.
"""

from __future__ import annotations

import numpy as np

from instinct.evaluate.base import Evaluation

SHARDS_PER_WORKER = 4  # more shards than workers: a slow or lost worker holds up a small piece


def bounds(rows: int, shards: int) -> list[tuple[int, int]]:
    """`shards` (at most `rows`) contiguous (lo, hi) row ranges covering 0..rows, of sizes
    within one of each other."""
    shards = max(1, min(int(shards), rows))
    edges = np.linspace(0, rows, shards + 1).round().astype(np.int64)
    return [(int(lo), int(hi)) for lo, hi in zip(edges[:-1], edges[1:], strict=True)]


def rows_of(params: np.ndarray, masks, lo: int, hi: int):
    """Rows lo:hi of the f32[P, D] parameters and of the masks (a shared u8[D] mask stays whole)."""
    if masks is not None and np.ndim(masks) == 2:
        masks = masks[lo:hi]
    return params[lo:hi], masks


def as_rows(params) -> np.ndarray:
    """f32[P, D] parameters, contiguous (one network may come as f32[D])."""
    params = np.ascontiguousarray(params, np.float32)
    return params[None, :] if params.ndim == 1 else params


def assemble(pieces: list[Evaluation]) -> Evaluation:
    """One Evaluation from the shards' evaluations, given in row order."""
    first = pieces[0]

    def stack(name):
        if getattr(first, name) is None:
            return None
        return np.concatenate([getattr(p, name) for p in pieces], axis=0)

    return Evaluation(stack("returns"), stack("lengths"), stack("success"), stack("outcomes"))
