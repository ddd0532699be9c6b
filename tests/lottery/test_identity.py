"""Ticket identity: Jaccard, its chance level, and hidden-unit matching."""

from __future__ import annotations

import numpy as np
import pytest

from instinct.lottery import identity
from instinct.nn import Architecture
from instinct.sgd import forward

ARCH = Architecture(5, (7, 6), 2, "tanh", "argmax")


def _mask(rng, frac=0.3):
    m = np.ones(ARCH.num_params, bool)
    wm = ARCH.weight_mask()
    m[wm] = rng.random(int(wm.sum())) < frac
    return m


def test_identical_masks_overlap_one_and_chance_is_below():
    rng = np.random.default_rng(0)
    m = _mask(rng)
    rep = identity.overlap(ARCH, m, m, {"all": tuple(range(5))}, rng)
    assert rep["jaccard"] == 1.0
    assert all(r["jaccard"] == 1.0 for r in rep["layers"] + rep["senses"])
    assert rep["chance_ci95"][1] < 1.0
    assert identity.jaccard([1, 1, 0, 0], [0, 1, 1, 0]) == pytest.approx(1 / 3)


@pytest.mark.parametrize("n,k1,k2", [(50, 10, 10), (30, 5, 20), (12, 12, 3), (40, 0, 7)])
def test_chance_formula_matches_monte_carlo(n, k1, k2):
    rng = np.random.default_rng(1)
    draws = 20000
    a = np.argsort(rng.random((draws, n)), axis=1) < k1
    b = np.argsort(rng.random((draws, n)), axis=1) < k2
    inter, union = (a & b).sum(1), (a | b).sum(1)
    mc = np.where(union > 0, inter / np.maximum(union, 1), 1.0).mean()
    assert identity.chance_jaccard(n, k1, k2) == pytest.approx(mc, abs=0.005)


def test_chance_interval_matches_random_masks():
    rng = np.random.default_rng(2)
    sizes, k1s, k2s = [35, 42, 12], [10, 8, 6], [12, 20, 3]
    mean, lo, hi = identity.chance_interval(sizes, k1s, k2s, rng, draws=20000)
    js = []
    for _ in range(4000):
        a = np.concatenate([rng.permutation(n) < k for n, k in zip(sizes, k1s, strict=True)])
        b = np.concatenate([rng.permutation(n) < k for n, k in zip(sizes, k2s, strict=True)])
        js.append(identity.jaccard(a, b))
    assert mean == pytest.approx(np.mean(js), abs=0.005)
    assert lo < np.mean(js) < hi


def test_matching_recovers_a_known_permutation():
    rng = np.random.default_rng(3)
    a = rng.normal(size=ARCH.num_params)
    p1, p2 = rng.permutation(7), rng.permutation(6)
    # B is A with its hidden units reordered: B's unit p[i] is A's unit i
    inv = [np.argsort(p1), np.argsort(p2)]
    b = identity.permute(ARCH, a, inv)
    x = rng.normal(size=(9, 5))
    np.testing.assert_allclose(forward(ARCH, a[None], x)[-1], forward(ARCH, b[None], x)[-1])
    perms = identity.match_hidden(ARCH, a, b)
    np.testing.assert_array_equal(perms[0], p1)
    np.testing.assert_array_equal(perms[1], p2)
    np.testing.assert_array_equal(identity.permute(ARCH, b, perms), a)
    m = _mask(rng)
    mb = identity.permute(ARCH, m, inv)
    assert identity.jaccard(m, mb) < 1.0
    assert identity.jaccard(m, identity.permute(ARCH, mb, perms)) == 1.0


def test_identity_command_on_prune_folders(capsys, tmp_path):
    import json

    from instinct.cli import main
    from instinct.genome import fileformat, make_encoding

    from .helpers import ARCH as CARTPOLE

    enc = make_encoding("direct", CARTPOLE)
    folders = []
    for w in (0, 1):  # two different networks of one architecture, two prune seeds each
        path = tmp_path / f"g{w}.dna"
        fileformat.save(enc.genome(enc.initial_vector(w), None, env_id="CartPole-v1"), path)
        out = tmp_path / f"lottery{w}"
        assert main(["prune", str(path), "--levels", "1", "--rate", "0.5", "--episodes", "2",
                     "--seeds", "2", "--scope", "layer", "--out", str(out)]) == 0  # fmt: skip
        folders.append(str(out))
    capsys.readouterr()
    assert main(["identity", *folders, "--out", str(tmp_path / "id")]) == 0
    text = capsys.readouterr().out
    assert "prune seeds" in text and "evolutions, matched" in text
    rep = json.loads((tmp_path / "id" / "identity.json").read_text())
    by = {c["across"]: c for c in rep["comparisons"]}
    assert by["prune seeds"]["pairs"] == 2 and by["evolutions, matched"]["pairs"] == 4
    # strong magnitude pruning of one network is deterministic: its seeds give the same ticket
    assert by["prune seeds"]["jaccard"] == 1.0
    assert 0 < by["evolutions, unmatched"]["chance"] < 1
    assert main(["identity", str(tmp_path / "nothing")]) == 2
