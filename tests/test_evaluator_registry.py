"""The evaluator seam: evaluators come from a registry; each is rebuilt from a picklable spec."""

import pickle

import numpy as np
import pytest

from instinct.errors import InstinctError
from instinct.evaluate import (
    EvaluatorSpec,
    architecture_for_env,
    build,
    evaluators,
    make_evaluator,
    path_choices,
)
from instinct.genome import make_encoding


@pytest.mark.parametrize(
    ("env_id", "path", "name"),
    [
        ("instinct/Hatchling-v0", "auto", "fused"),
        ("instinct/Hatchling-v0", "gym", "gym"),
        ("CartPole-v1", "auto", "fused"),  # a fused twin of Gymnasium's env
        ("CartPole-v0", "auto", "gym"),  # no world: Gymnasium's vector API
    ],
)
def test_a_pickled_spec_rebuilds_an_evaluator_with_the_same_returns(env_id, path, name):
    arch = architecture_for_env(env_id, (4,), "tanh")
    enc = make_encoding("direct", arch)
    params = np.stack([enc.initial_vector(s) for s in range(3)])
    keys = np.array([1, 2], np.uint32)
    here = build(EvaluatorSpec(env_id, arch, path, max_steps=60))
    there = build(pickle.loads(pickle.dumps(here.spec)))
    assert here.name == there.name == name
    a, b = here.evaluate(params, None, keys), there.evaluate(params, None, keys)
    assert np.array_equal(a.returns, b.returns) and np.array_equal(a.lengths, b.lengths)
    assert a.lengths.max() <= 60


def test_path_choices_come_from_the_registry():
    assert path_choices() == ("auto", *evaluators())
    assert {"fused", "gym"} <= set(evaluators())
    arch = architecture_for_env("CartPole-v0", (4,), "tanh")
    with pytest.raises(InstinctError, match="no fused Numba core"):
        make_evaluator("CartPole-v0", arch, "fused")
    with pytest.raises(InstinctError, match="unknown evaluation path"):
        make_evaluator("CartPole-v1", arch, "warp")
