"""Pruned weights stay exactly zero through evolution, mutation, checkpoint and resume."""

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instinct.config import build_config
from instinct.evolve import build
from instinct.genome import decode, fileformat, make_encoding
from instinct.lottery.evolving import RewoundEncoding, evolve_in, masked_search
from instinct.lottery.mask import Mask
from instinct.lottery.prune import magnitude_prune
from instinct.run import RunFolder

from .helpers import ARCH, FakeEvaluator

COMBOS = [("ga", "direct"), ("ga", "seeds"), ("es", "direct")]


def config(strategy, encoding, generations, seed):
    return build_config(
        env="CartPole-v1", hidden="6,5", strategy=strategy, encoding=encoding, population=6,
        generations=generations, episodes=2, sigma=0.1, checkpoint_every=1, seed=seed,
    )  # fmt: skip


def setup(strategy, encoding, level, seed):
    base = make_encoding(encoding, ARCH, **({"sigma": 0.1} if encoding == "seeds" else {}))
    start = base.initial_vector(seed)
    mask = magnitude_prune(start, Mask.ones(ARCH), 0.5, level, "global")
    chain = [seed] if encoding == "seeds" else None
    enc = RewoundEncoding(base, mask, start, chain)
    return enc, mask


def evolve(folder, strategy, encoding, enc, generations, seed, evaluator):
    cfg = config(strategy, encoding, generations, seed)
    strat = masked_search(enc, build(cfg).strategy)
    return evolve_in(folder, cfg, enc, strat, evaluator)


def state_vectors(state):
    """Every genome-space array a strategy state holds (what a checkpoint stores)."""
    return [
        np.atleast_2d(state.arrays[k]) for k in ("parents", "center", "m", "v") if k in state.arrays
    ]


@pytest.mark.parametrize("strategy,encoding", COMBOS)
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(level=st.integers(1, 6), seed=st.integers(0, 2**31), kill_at=st.integers(1, 3))
def test_pruned_weights_stay_exactly_zero(strategy, encoding, level, seed, kill_at):
    enc, mask = setup(strategy, encoding, level, seed)
    pruned = mask.values == 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # unbroken: 4 generations
        ev = FakeEvaluator(seed=seed % 1000)
        exp, state, _ = evolve(tmp / "a", strategy, encoding, enc, 4, seed, ev)
        for params, masks in ev.seen:  # everything evaluated, every generation
            assert np.all(params[:, pruned] == 0) and np.all(masks[:, pruned] == 0)
        if not enc.uses_chain:  # the genome vectors themselves, in state and checkpoint
            for arr in state_vectors(state):
                assert np.all(arr[:, pruned] == 0)
            found = RunFolder(tmp / "a").load_checkpoint()
            assert found is not None
            for key in ("parents", "center", "m", "v"):
                if key in found[1]:
                    assert np.all(np.atleast_2d(found[1][key])[:, pruned] == 0)
        best = fileformat.load(tmp / "a" / "best.dna")
        params, _ = decode(best)
        assert np.array_equal(best.mask, mask.values)
        assert np.all(params[pruned] == 0)
        grown, _ = enc.grow(exp.strategy.best(state).vector[None, :])
        assert np.array_equal(params, grown[0])  # the saved ticket is what was evaluated
        # killed after `kill_at` generations, then resumed to 4: the same result
        ev2 = FakeEvaluator(seed=seed % 1000)
        evolve(tmp / "b", strategy, encoding, enc, kill_at, seed, ev2)
        cfg_b = RunFolder(tmp / "b")
        cfg_b.write_config(config(strategy, encoding, 4, seed))
        _, state_b, _ = evolve(tmp / "b", strategy, encoding, enc, 4, seed, ev2)
        for params, masks in ev2.seen:
            assert np.all(params[:, pruned] == 0) and np.all(masks[:, pruned] == 0)
        best_b = fileformat.load(tmp / "b" / "best.dna")  # same genome (provenance names the run)
        assert np.array_equal(best.payload, best_b.payload)
        assert np.array_equal(best.mask, best_b.mask)
        for a, b in zip(state_vectors(state), state_vectors(state_b), strict=True):
            assert np.array_equal(a, b)


def test_an_evolution_that_reached_its_stop_target_stays_stopped(tmp_path):
    enc, _ = setup("ga", "direct", 2, 5)
    cfg = build_config(
        env="CartPole-v1", hidden="6,5", strategy="ga", encoding="direct", population=6,
        generations=5, episodes=2, checkpoint_every=10, stop_fitness=-1e9,
    )  # fmt: skip
    for _ in range(2):
        _, state, _ = evolve_in(tmp_path, cfg, enc, masked_search(enc, build(cfg).strategy),
                                FakeEvaluator())  # fmt: skip
        assert state.generation == 1
        assert len(RunFolder(tmp_path).read_metrics()) == 1
