import numpy as np
import pytest

from instinct.backends import Sharded, check
from instinct.backends.shards import assemble, bounds
from instinct.errors import InstinctError
from instinct.evaluate import architecture_for_env, make_evaluator

from .helpers import SerialPool


@pytest.mark.parametrize("rows, shards", [(16, 4), (17, 5), (3, 8), (1, 4), (100, 7)])
def test_bounds_cover_every_row_once_in_even_pieces(rows, shards):
    cuts = bounds(rows, shards)
    assert len(cuts) == min(rows, shards)
    assert cuts[0][0] == 0 and cuts[-1][1] == rows
    assert all(a[1] == b[0] for a, b in zip(cuts, cuts[1:], strict=False))
    sizes = [hi - lo for lo, hi in cuts]
    assert min(sizes) >= 1 and max(sizes) - min(sizes) <= 1


@pytest.mark.parametrize("workers", [1, 2, 5])
@pytest.mark.parametrize("masked", [None, "shared", "per-row"])
def test_sharded_evaluation_equals_the_whole_population_at_once(workers, masked):
    arch = architecture_for_env("CartPole-v1", (4,), "tanh")
    local = make_evaluator("CartPole-v1", arch, "gym", 50)
    rng = np.random.default_rng(1)
    params = rng.normal(size=(13, arch.num_params)).astype(np.float32)
    masks = {
        None: None,
        "shared": (rng.random(arch.num_params) < 0.7).astype(np.uint8),
        "per-row": (rng.random(params.shape) < 0.7).astype(np.uint8),
    }[masked]
    keys = np.array([3, 99, 12345], np.uint32)
    whole = local.evaluate(params, masks, keys)
    sharded = Sharded(local, SerialPool(local.spec, workers))
    got = sharded.evaluate(params, masks, keys)
    assert np.array_equal(got.returns, whole.returns)
    assert np.array_equal(got.lengths, whole.lengths)
    assert got.success is None and got.outcomes is None
    assert whole.returns.std() > 0  # networks that differ: a mix-up of rows would show
    assert sharded.name == "gym" and sharded.spec == local.spec  # the rest is the local one's
    sharded.close()


def test_assemble_keeps_row_order_and_optional_fields():
    from instinct.evaluate.base import Evaluation

    a = Evaluation(np.ones((2, 3)), np.ones((2, 3), np.int32), np.ones((2, 3), bool),
                   np.zeros((2, 3), np.int8))  # fmt: skip
    b = Evaluation(np.zeros((1, 3)), np.zeros((1, 3), np.int32), np.zeros((1, 3), bool),
                   np.ones((1, 3), np.int8))  # fmt: skip
    got = assemble([a, b])
    assert got.returns[:, 0].tolist() == [1, 1, 0]
    assert got.success.shape == (3, 3) and got.outcomes[2].tolist() == [1, 1, 1]


def test_bad_workers_and_missing_ray_are_one_line_errors(monkeypatch):
    import builtins

    with pytest.raises(InstinctError, match="--workers must be between"):
        check("processes", 0)
    real_import = builtins.__import__

    def no_ray(name, *args, **kwargs):
        if name == "ray":
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    with pytest.raises(InstinctError, match=r'pip install -e "\.\[ray\]"'):
        check("ray")
