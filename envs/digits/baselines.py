"""Reference classifiers for the Digits world, none of them grown from a genome.

`baselines()` returns them as (name, innate, fit) records: `fit(train_images, train_labels, rng)`
returns `predict(images) -> labels`. "innate" says whether the reference needs no learning from
labelled images at all (chance does; nearest class mean and logistic regression learn from the
training images, so they bound what an instinct could reach, they do not compete with it).
The battery that also grows networks (best of N random networks, an evolved linear classifier)
lives with instinct in `benchmarks/digits_baselines.py`, since this package never imports instinct.
"""

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from instinct_envs.digits import dynamics as dyn
from instinct_envs.digits import score


class Baseline(NamedTuple):
    name: str
    innate: bool  # True: no labelled image used
    fit: Callable  # (images f32[n, 64], labels i64[n], rng) -> predict(images) -> labels i64[m]


def _chance(images, labels, rng):
    """A uniformly random digit for every image: what a network that sees nothing scores."""
    return lambda x: rng.integers(0, dyn.NUM_CLASSES, len(x)).astype(np.int64)


def _nearest_class_mean(images, labels, rng):
    """Each image goes to the digit whose mean training image is nearest (Euclidean)."""
    means = np.stack([images[labels == d].mean(axis=0) for d in range(dyn.NUM_CLASSES)])

    def predict(x):
        d2 = ((x[:, None, :] - means[None, :, :]) ** 2).sum(axis=2)
        return d2.argmin(axis=1).astype(np.int64)

    return predict


def _logistic_regression(images, labels, rng):
    """Multinomial logistic regression trained by gradient (scikit-learn's lbfgs): the labelled,
    non-innate reference of a linear read-out that learns."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(max_iter=2000, C=1.0)
    model.fit(images, labels)
    return lambda x: model.predict(x).astype(np.int64)


def baselines() -> tuple[Baseline, ...]:
    return (
        Baseline("chance (a uniformly random digit)", True, _chance),
        Baseline("nearest class mean (learned)", False, _nearest_class_mean),
        Baseline("logistic regression by gradient (learned)", False, _logistic_regression),
    )


def score_all(params=None, split: str = "heldout", seed: int = 0) -> list[dict]:
    """Each baseline fitted on the training images and scored on `split`, with Wilson intervals;
    `seed` feeds the one random baseline (chance)."""
    params = dyn.DEFAULT_PARAMS if params is None else params
    train_x, train_y = score.split_images(params, "train")
    test_x, test_y = score.split_images(params, split)
    rows = []
    for b in baselines():
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, 19])))
        predict = b.fit(train_x, train_y, rng)
        rows.append({"name": b.name, "innate": b.innate, **score.accuracy(predict(test_x), test_y)})
    return rows
