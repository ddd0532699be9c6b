"""The handwritten digits scikit-learn ships, split into train, validation and held-out images.

The images are `sklearn.datasets.load_digits` (Alpaydin & Kaynak 1998, the UCI "optdigits" test
set: 1,797 8x8 images from 13 writers, pixel counts 0..16). They are read from the very file that
`load_digits` reads, without importing scikit-learn (an import costs about a second, and every
`instinct` command discovers every world); a test checks that both give the same arrays.

The split is a fixed rule on the image's index i in that file, never a random draw:
    i % 5 == 4 -> held-out (359 images), i % 5 == 3 -> validation (359), otherwise train (1,079).
instinct's episode keys carry their own split in their top bits (instinct/rng.py): keys below
2**31 are training keys, [2**31, 3 * 2**30) validation keys, from 3 * 2**30 held-out keys. The core
maps a key's split to the image split, so a held-out key only ever shows held-out images.
"""

import importlib.util
import os

import numpy as np

NUM_PIXELS = 64
NUM_CLASSES = 10
PIXEL_MAX = 16.0
SPLITS = ("train", "validation", "heldout")
TRAIN, VALIDATION, HELDOUT = 0, 1, 2
_FOLDS = 5  # i % 5 picks the split: one fold held out, one for validation, three for training


def _csv_path() -> str | None:
    spec = importlib.util.find_spec("sklearn")
    if spec is None or spec.origin is None:
        return None
    path = os.path.join(os.path.dirname(spec.origin), "datasets", "data", "digits.csv.gz")
    return path if os.path.exists(path) else None


def load() -> tuple[np.ndarray, np.ndarray]:
    """(images f32[1797, 64] scaled to [0, 1], labels i64[1797]) in scikit-learn's order."""
    path = _csv_path()
    if path is not None:
        table = np.loadtxt(path, delimiter=",", dtype=np.float64)
        pixels, labels = table[:, :NUM_PIXELS], table[:, NUM_PIXELS]
    else:  # a layout we do not know: the public API (slower to import)
        from sklearn.datasets import load_digits

        bunch = load_digits()
        pixels, labels = bunch.data, bunch.target
    images = np.ascontiguousarray(pixels / PIXEL_MAX, np.float32)
    return images, np.ascontiguousarray(labels, np.int64)


def split_of_index(num_images: int) -> np.ndarray:
    """i8[N]: the split (TRAIN, VALIDATION, HELDOUT) of each image index, by the fixed rule."""
    fold = np.arange(num_images) % _FOLDS
    split = np.full(num_images, TRAIN, np.int8)
    split[fold == _FOLDS - 2] = VALIDATION
    split[fold == _FOLDS - 1] = HELDOUT
    return split


def split_indices(num_images: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(train, validation, heldout) image indices i64[...], each in file order."""
    split = split_of_index(num_images)
    return tuple(np.flatnonzero(split == s).astype(np.int64) for s in range(len(SPLITS)))
