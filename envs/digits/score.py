"""Accuracy on a split of the Digits images, with a Wilson score interval.

The Wilson interval (Wilson 1927) stays inside [0, 1] and keeps its coverage near 0 and 1, where
the normal approximation of a proportion fails; it is how the birth score of this world is told.
"""

import math

import numpy as np


def wilson(right: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval (lo, hi) of a proportion right/total."""
    if total <= 0:
        return float("nan"), float("nan")
    p = right / total
    denom = 1.0 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def split_images(params, split: str = "heldout") -> tuple[np.ndarray, np.ndarray]:
    """(images f32[n, 64], labels i64[n]) of one split ("train", "validation", "heldout")."""
    idx = getattr(params, split)
    return params.images[idx], params.labels[idx]


def accuracy(answers, labels) -> dict:
    """{"accuracy", "ci95", "right", "images"} of answers i64[n] against labels i64[n]."""
    answers, labels = np.asarray(answers), np.asarray(labels)
    right, total = int((answers == labels).sum()), int(labels.size)
    lo, hi = wilson(right, total)
    return {"accuracy": right / max(total, 1), "ci95": [lo, hi], "right": right, "images": total}


def split_keys(params, split: str = "heldout") -> np.ndarray:
    """u32[n / L]: episode keys that together show every image of a split exactly once (L =
    images per episode; a remainder of fewer than L images is left out)."""
    n = getattr(params, split).shape[0] // params.images_per_episode
    top = {"train": 0, "validation": 1 << 31, "heldout": (1 << 31) | (1 << 30)}[split]
    return (np.arange(n, dtype=np.uint64) | np.uint64(top)).astype(np.uint32)
