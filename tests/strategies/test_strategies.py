import numpy as np
import pytest

from instinct.errors import InstinctError
from instinct.genome import make_encoding
from instinct.nn import Architecture
from instinct.strategies import centered_ranks, make_strategy

ARCH = Architecture(3, (4,), 1)


def sphere(vectors, target):
    return -((vectors - target) ** 2).sum(axis=1)


@pytest.mark.parametrize("name", ["ga", "es"])
def test_strategy_climbs_a_sphere(name):
    enc = make_encoding("direct", ARCH)
    strat = make_strategy(name, pop_size=64, sigma=0.1)
    state = strat.init(enc, seed=0)
    target = np.full(enc.genome_dim, 0.5, np.float32)
    start = sphere(strat.best(state).vector[None], target)[0] if name == "es" else None
    for gen in range(60):
        pop = strat.ask(state, 0, gen)
        state, _ = strat.tell(state, pop, sphere(pop.vectors, target))
    end = sphere(strat.best(state).vector[None], target)[0]
    assert end > -0.5
    if start is not None:
        assert end > start


@pytest.mark.parametrize("name", ["ga", "es"])
def test_state_round_trips_through_arrays(name):
    enc = make_encoding("seeds" if name == "ga" else "direct", ARCH, sigma=0.1)
    strat = make_strategy(name, pop_size=8, sigma=0.1)
    state = strat.init(enc, seed=1)
    pop = strat.ask(state, 1, 0)
    state, _ = strat.tell(state, pop, np.arange(8.0))
    restored = strat.from_arrays(strat.init(enc, seed=1), strat.to_arrays(state), 1)
    a, b = strat.ask(state, 1, 1), strat.ask(restored, 1, 1)
    assert np.array_equal(a.vectors, b.vectors)


def test_nan_fitness_ranks_last():
    ranks = centered_ranks(np.array([1.0, np.nan, 3.0]))
    assert ranks[1] == -0.5 and ranks[2] == 0.5
    ga = make_strategy("ga", pop_size=4, truncation=2)
    enc = make_encoding("direct", ARCH)
    state = ga.init(enc, 0)
    pop = ga.ask(state, 0, 0)
    state, _ = ga.tell(state, pop, np.array([np.nan, 1.0, 2.0, np.nan]))
    assert np.array_equal(state.arrays["parents"], pop.vectors[[2, 1]])


def test_es_refuses_a_seed_chain_genome():
    with pytest.raises(InstinctError):
        make_strategy("es", pop_size=8).init(make_encoding("seeds", ARCH), 0)
    with pytest.raises(InstinctError):
        make_strategy("es", pop_size=7)
