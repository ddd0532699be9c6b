"""Every registered strategy honours the Strategy contract (parametrised over the registry), and a
new strategy plugs into `evolve.build` as one class with its own settings."""

import dataclasses
from dataclasses import dataclass

import numpy as np
import pytest

from instinct.config import build_config
from instinct.genome import make_encoding
from instinct.nn import Architecture
from instinct.strategies import Population, Strategy, make_strategy, strategies
from instinct.strategies.base import settings_field
from instinct.strategies.shaping import centered_ranks, clean_fitness, identity, ranks

ARCH = Architecture(3, (4,), 1)
NAMES = sorted(strategies())


def encoding_for(cls):
    return make_encoding("seeds" if cls.uses_chains else "direct", ARCH, sigma=0.1)


def through_npz(arrays, tmp_path):
    np.savez(tmp_path / "state.npz", **arrays)
    with np.load(tmp_path / "state.npz", allow_pickle=False) as f:
        return {k: f[k] for k in f.files}


@pytest.mark.parametrize("name", NAMES)
def test_state_is_plain_arrays_and_round_trips(name, tmp_path):
    strat = make_strategy(name, pop_size=8, sigma=0.1)
    enc = encoding_for(type(strat))
    state = strat.init(enc, seed=3)
    for generation in range(3):
        pop = strat.ask(state, 3, generation)
        state, _ = strat.tell(state, pop, -np.abs(pop.vectors).sum(axis=1))
    assert state.generation == 3
    arrays = strat.to_arrays(state)
    assert all(isinstance(v, (np.ndarray, np.generic)) for v in arrays.values())
    fresh = make_strategy(name, pop_size=8, sigma=0.1)  # another process: nothing cached
    restored = fresh.from_arrays(fresh.init(enc, seed=3), through_npz(arrays, tmp_path), 3)
    assert restored.generation == 3 and restored.best_fitness == state.best_fitness
    a, b = strat.ask(state, 3, 3), fresh.ask(restored, 3, 3)
    assert np.array_equal(a.vectors, b.vectors)
    assert np.array_equal(strat.best(state).vector, fresh.best(restored).vector)


@pytest.mark.parametrize("name", NAMES)
def test_nan_is_a_failed_evaluation_and_best_so_far_is_kept(name):
    strat = make_strategy(name, pop_size=4, sigma=0.1)
    state = strat.init(encoding_for(type(strat)), seed=0)
    pop = strat.ask(state, 0, 0)
    state, _ = strat.tell(state, pop, np.array([np.nan, 1.0, 5.0, np.nan]))
    assert state.best_fitness == 5.0
    pop = strat.ask(state, 0, 1)
    state, _ = strat.tell(state, pop, np.array([2.0, np.nan, 0.0, 1.0]))
    assert state.best_fitness == 5.0 and state.generation == 2
    state, _ = strat.tell(state, strat.ask(state, 0, 2), np.full(4, np.nan))  # all failed
    assert state.best_fitness == 5.0 and np.isfinite(strat.best(state).vector).all()


@pytest.mark.parametrize("name", NAMES)
def test_each_strategy_owns_a_settings_dataclass(name):
    cls = strategies()[name]
    assert cls.name == name and cls.help
    assert dataclasses.is_dataclass(cls.Settings) and "sigma" in cls.Settings.__dataclass_fields__
    for f in dataclasses.fields(cls.Settings):
        assert f.metadata.get("help"), f"{name}.{f.name} has no help line"


def test_shaping_functions():
    f = clean_fitness(np.array([3.0, np.nan, -1.0, 3.0]))
    assert f[1] == -np.inf
    assert ranks(f).tolist() == [2, 0, 1, 3]  # ties by index
    assert np.allclose(centered_ranks(f), [1 / 6, -0.5, -1 / 6, 0.5], rtol=0, atol=1e-15)
    assert identity(f) is f


@dataclass(frozen=True)
class HillSettings:
    sigma: float = settings_field(0.05, "step size")
    patience: int = settings_field(3, "unused: shows a strategy's own setting")


class HillClimber(Strategy):
    """A toy (1+P) hill climber: one file's worth of strategy, for the test below."""

    name = "hill"
    help = "toy hill climber (tests)"
    Settings = HillSettings

    def _init(self, encoding, seed):
        return {"x": encoding.initial_vector(seed).astype(np.float32)}

    def _ask(self, state, rng):
        x = state.arrays["x"]
        noise = rng.standard_normal((self.pop_size, x.size)).astype(np.float32)
        return Population(x + np.float32(self.settings.sigma) * noise)

    def _tell(self, state, pop, shaped):
        return {"x": pop.vectors[int(np.argmax(shaped))].copy()}, {}

    def best(self, state):
        from instinct.strategies import Individual

        return Individual(state.arrays["x"])


def test_a_new_strategy_plugs_into_build_with_its_own_settings(monkeypatch, tmp_path):
    from instinct import strategies as registry
    from instinct.evolve import build, one_generation

    monkeypatch.setitem(registry.strategies(), "hill", HillClimber)
    config = build_config(env="CartPole-v1", strategy="hill", encoding="direct", population=4,
                          episodes=1, hidden="3", sigma=0.2)  # fmt: skip
    exp = build(config)
    assert isinstance(exp.strategy, HillClimber) and exp.strategy.settings.sigma == 0.2
    state = exp.strategy.init(exp.encoding, 0)
    state, row = one_generation(exp, state, 0)
    assert state.generation == 1 and row["generation"] == 0
