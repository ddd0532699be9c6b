"""CMA-ES through pycma: climbs, draws only from our streams, and resumes bit for bit by replay."""

import numpy as np
import pytest

from instinct.cli import main
from instinct.errors import InstinctError
from instinct.genome import make_encoding
from instinct.genome.fileformat import load
from instinct.nn import Architecture
from instinct.strategies import make_strategy
from instinct.strategies.cmaes import FULL_LIMIT

ARCH = Architecture(3, (4,), 1)


def sphere(vectors):
    return -((vectors - 0.5) ** 2).sum(axis=1)


def evolve(strat, state, seed, start, stop):
    for gen in range(start, stop):
        pop = strat.ask(state, seed, gen)
        state, _ = strat.tell(state, pop, sphere(pop.vectors))
    return state


@pytest.mark.parametrize("covariance", ["full", "diagonal"])
def test_cmaes_climbs_a_sphere(covariance):
    enc = make_encoding("direct", ARCH)
    strat = make_strategy("cma", pop_size=16, sigma=0.2, covariance=covariance)
    state = strat.init(enc, seed=0)
    start = sphere(strat.best(state).vector[None])[0]
    state = evolve(strat, state, 0, 0, 80)
    end = sphere(strat.best(state).vector[None])[0]
    assert end > start and end > -0.01


@pytest.mark.parametrize("covariance", ["full", "diagonal"])
def test_resume_mid_run_equals_an_unbroken_run_bit_for_bit(covariance):
    enc = make_encoding("cppn", ARCH, width=3)
    strat = make_strategy("cma", pop_size=10, sigma=0.1, covariance=covariance)
    unbroken = evolve(strat, strat.init(enc, 5), 5, 0, 14)
    half = evolve(strat, strat.init(enc, 5), 5, 0, 6)
    arrays = {k: np.array(v) for k, v in strat.to_arrays(half).items()}  # as if through an npz
    resumed = strat.from_arrays(strat.init(enc, 5), arrays, 6)
    assert resumed.generation == 6
    resumed = evolve(strat, resumed, 5, 6, 14)
    assert np.array_equal(strat.best(resumed).vector, strat.best(unbroken).vector)
    a, b = strat.ask(resumed, 5, 14), strat.ask(unbroken, 5, 14)
    assert np.array_equal(a.vectors, b.vectors)


def test_a_checkpoint_that_does_not_replay_is_refused():
    enc = make_encoding("direct", ARCH)
    strat = make_strategy("cma", pop_size=8, sigma=0.1)
    arrays = strat.to_arrays(evolve(strat, strat.init(enc, 1), 1, 0, 3))
    arrays["cma_mean"] = arrays["cma_mean"] + 1e-9
    with pytest.raises(ValueError, match="replaying"):
        strat.from_arrays(strat.init(enc, 1), arrays, 3)


def test_samples_come_from_our_streams_not_numpys_global_generator():
    enc = make_encoding("direct", ARCH)
    strat = make_strategy("cma", pop_size=8, sigma=0.1)
    before = np.random.get_state()[1].copy()
    one = strat.ask(evolve(strat, strat.init(enc, 2), 2, 0, 3), 2, 3).vectors
    np.random.seed(12345)  # the global generator must not matter...
    two = strat.ask(evolve(strat, strat.init(enc, 2), 2, 0, 3), 2, 3).vectors
    assert np.array_equal(one, two)
    np.random.set_state(("MT19937", before, 624, 0, 0.0))
    strat.ask(evolve(strat, strat.init(enc, 2), 2, 0, 3), 2, 3)
    assert np.array_equal(np.random.get_state()[1], before)  # ...nor be touched


def test_auto_covariance_goes_diagonal_for_large_genomes():
    strat = make_strategy("cma", pop_size=8)
    assert not strat.diagonal(FULL_LIMIT) and strat.diagonal(FULL_LIMIT + 1)
    big = make_encoding("mask", Architecture(8, (64, 32), 2))
    state = strat.init(big, 0)
    assert strat._es(state)[1].opts["CMA_diagonal"] is True


def test_cmaes_refuses_seed_chains_and_bad_settings():
    with pytest.raises(InstinctError, match="ga"):
        make_strategy("cma", pop_size=8).init(make_encoding("seeds", ARCH), 0)
    with pytest.raises(InstinctError):
        make_strategy("cma", pop_size=8, covariance="block")
    with pytest.raises(InstinctError):
        make_strategy("cma", pop_size=1)


def test_resumed_cli_run_reproduces_an_unbroken_one(tmp_path):
    args = ["evolve", "--env", "CartPole-v1", "--population", "8", "--episodes", "2", "--hidden",
            "4", "--strategy", "cma", "--encoding", "gnet", "--genome-width", "3",
            "--checkpoint-every", "2", "--heldout-episodes", "3",
            "--out", str(tmp_path)]  # fmt: skip
    assert main([*args, "--generations", "4", "--name", "full"]) == 0
    assert main([*args, "--generations", "2", "--name", "part"]) == 0
    assert main(["evolve", "--resume", str(tmp_path / "part"), "--generations", "4"]) == 0
    a, b = load(tmp_path / "full" / "best.dna"), load(tmp_path / "part" / "best.dna")
    assert np.array_equal(a.payload, b.payload)
