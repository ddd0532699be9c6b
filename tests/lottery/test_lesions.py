"""Functional sense report: exact Shapley values and the lesion-as-parameters transform."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from instinct.errors import InstinctError
from instinct.evaluate import Evaluation
from instinct.lottery import lesions
from instinct.lottery.shapley import coalitions, shapley
from instinct.nn import Architecture
from instinct.sgd import forward

ARCH = Architecture(5, (6, 4), 2, "tanh", "argmax")
GROUPS = {"a": (0, 1), "b": (2,), "c": (3, 4)}


def _values(k, fn):
    return np.array([fn(frozenset(np.flatnonzero(row))) for row in coalitions(k)])


def _brute_shapley(k, fn):
    """Average marginal contribution over all k! orderings (the definition)."""
    phi = np.zeros(k)
    for order in itertools.permutations(range(k)):
        have = set()
        for j in order:
            phi[j] += fn(frozenset(have | {j})) - fn(frozenset(have))
            have.add(j)
    return phi / math.factorial(k)


def test_shapley_known_answer_efficiency_symmetry_null():
    a = [1.0, 2.0, 0.5, 0.0]

    def v(s):  # additive terms plus a synergy of 3 between players 0 and 1; player 3 is null
        return sum(a[j] for j in s) + (3.0 if {0, 1} <= s else 0.0) + 7.0

    phi = shapley(_values(4, v))
    np.testing.assert_allclose(phi, [2.5, 3.5, 0.5, 0.0], atol=1e-12)
    assert phi.sum() == pytest.approx(v({0, 1, 2, 3}) - v(set()))  # efficiency
    assert phi[3] == 0.0  # null player

    def sym(s):  # players 0 and 2 interchangeable
        return len(s & {0, 2}) ** 2 + 5 * (1 in s) * len(s)

    p = shapley(_values(3, sym))
    assert p[0] == pytest.approx(p[2])
    assert p[1] != pytest.approx(p[0])


def test_shapley_matches_permutation_definition():
    rng = np.random.default_rng(0)
    table = rng.normal(size=32)
    fn = lambda s: table[sum(1 << j for j in s)]  # noqa: E731
    np.testing.assert_allclose(shapley(table), _brute_shapley(5, fn), atol=1e-12)


def test_shapley_refuses_bad_sizes():
    with pytest.raises(InstinctError):
        shapley(np.zeros(6))


def test_lesion_params_equal_clamped_inputs():
    rng = np.random.default_rng(1)
    params = rng.normal(size=ARCH.num_params).astype(np.float32)
    x = rng.normal(size=(20, 5)).astype(np.float32)
    clamp = rng.normal(size=5).astype(np.float32)
    for off in [(), (0, 1), (3, 4), (0, 1, 2, 3, 4)]:
        xc = x.copy()
        xc[:, list(off)] = clamp[list(off)]
        want = forward(ARCH, params[None].astype(np.float64), xc)[-1]
        got = forward(ARCH, lesions.lesioned(ARCH, params, off, clamp)[None].astype(np.float64), x)
        np.testing.assert_allclose(got[-1], want, atol=1e-4)


class ProbeEvaluator:
    """Return per 'episode' = the first logit on a fixed observation (through the real forward)."""

    def __init__(self, arch, n=16):
        self.arch = arch
        self.obs = np.random.default_rng(2).normal(size=(n, arch.obs_dim))

    def evaluate(self, params, masks, keys):
        p = np.atleast_2d(np.asarray(params, np.float64))
        out = forward(self.arch, p, self.obs)[-1][..., 0]  # [P, n]
        returns = out[:, np.asarray(keys) % self.obs.shape[0]]
        return Evaluation(returns, np.ones(returns.shape, np.int32), None)

    def close(self):
        pass


def test_disconnected_group_has_exactly_zero_lesion_and_shapley():
    rng = np.random.default_rng(3)
    params = rng.normal(size=ARCH.num_params).astype(np.float32)
    w, _, n_in, n_out = ARCH.layers()[0]
    W = params[w].reshape(n_in, n_out)
    W[2] = 0.0  # group b reaches nothing
    params[w] = W.ravel()
    clamp = np.full(5, 0.7, np.float32)
    keys = np.arange(16, dtype=np.uint32)
    rep = lesions.lesion_report(ProbeEvaluator(ARCH), ARCH, params, keys, GROUPS, clamp)
    by = {r["group"]: r for r in rep["groups"]}
    assert by["b"]["lesion"] == 0.0 and by["b"]["shapley"] == 0.0 and by["b"]["alone"] == 0.0
    assert by["a"]["lesion"] != 0.0 and by["c"]["shapley"] != 0.0
    total = sum(r["shapley"] for r in rep["groups"])
    assert total == pytest.approx(rep["v_all"] - rep["v_none"], abs=1e-9)


def test_one_batch_of_all_coalitions():
    seen = []

    class Counting(ProbeEvaluator):
        def evaluate(self, params, masks, keys):
            seen.append(np.atleast_2d(params).shape[0])
            return super().evaluate(params, masks, keys)

    params = np.random.default_rng(4).normal(size=ARCH.num_params).astype(np.float32)
    lesions.lesion_report(Counting(ARCH), ARCH, params, np.arange(4, dtype=np.uint32), GROUPS,
                          np.zeros(5, np.float32))  # fmt: skip
    assert seen == [8]


def test_neutral_values_of_a_world():
    mid, how = lesions.neutral_values("instinct/Hatchling-v0", 17, "mid")
    assert "midpoint" in how and mid[12] == pytest.approx(0.5) and mid[14] == 0.0
    zero, _ = lesions.neutral_values("instinct/Hatchling-v0", 17, "zero")
    assert not zero.any()
    with pytest.raises(InstinctError):
        lesions.neutral_values("instinct/Hatchling-v0", 17, "mean")
    groups = lesions.sense_groups("CartPole-v1", 4)
    assert list(groups.values()) == [(0,), (1,), (2,), (3,)]


def test_lesions_command_on_a_prune_folder(capsys, tmp_path):
    import json

    from instinct.cli import main
    from instinct.genome import fileformat, make_encoding

    from .helpers import ARCH as CARTPOLE

    enc = make_encoding("direct", CARTPOLE)
    path = tmp_path / "g.dna"
    fileformat.save(enc.genome(enc.initial_vector(0), None, env_id="CartPole-v1"), path)
    out = tmp_path / "lottery"
    assert main(["prune", str(path), "--levels", "1", "--rate", "0.5", "--episodes", "3",
                 "--seeds", "1", "--out", str(out)]) == 0  # fmt: skip
    (prune,) = [p.parent for p in out.glob("*/settings.json")]
    capsys.readouterr()
    assert main(["lesions", str(out), "--episodes", "4"]) == 0
    text = capsys.readouterr().out
    assert "dense:" in text and "level_01 (50.0%)" in text and "shapley" in text
    rep = json.loads((out / "lesions.json").read_text())
    assert [n["network"] for n in rep["networks"]][0] == "dense" and len(rep["networks"]) == 2
    for n in rep["networks"]:
        assert len(n["coalition_values"]) == 16
        assert sum(g["shapley"] for g in n["groups"]) == pytest.approx(n["v_all"] - n["v_none"])
    assert rep["neutral_value"].startswith("0")  # CartPole declares no range in a core
    assert main(["lesions", str(prune), "--episodes", "2", "--out", str(tmp_path / "x")]) == 0
    assert (tmp_path / "x" / "lesions.json").is_file()
    assert main(["lesions", str(tmp_path / "nothing")]) == 2
