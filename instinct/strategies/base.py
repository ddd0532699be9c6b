"""The one shape every strategy has (after evosax): `init / ask / tell` over an explicit, frozen
state of plain arrays, with the shared work done here and each strategy's own step private.

A strategy is one file in `instinct/strategies/` with a subclass of `Strategy` that sets `name`,
`help`, `Settings` (its own settings dataclass, see `settings_field`) and `shaping` (a function of
`shaping.py`), and implements `_init`, `_ask` and `_tell`. The base class:
- draws each generation's random numbers from `stream(seed, generation, "ask")`;
- counts generations, keeps the best fitness seen so far, treats NaN fitness as a failed
  evaluation (-inf) and applies the strategy's fitness shaping before its `_tell` sees anything;
- converts a state to and from plain arrays for checkpoints (no pickle, no live objects).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from instinct.rng import stream
from instinct.strategies.shaping import clean_fitness, identity

BEST_FITNESS = "best_fitness"  # the checkpoint key of the best fitness so far


@dataclass
class Population:
    """What `ask` hands out: genome vectors f32[P, G], and each one's seed chain (GA) or None."""

    vectors: np.ndarray
    chains: list[list[int]] | None = None
    noise: np.ndarray | None = None  # strategy-private (ES perturbations), not persisted


@dataclass
class Individual:
    vector: np.ndarray
    chain: list[int] | None = None


@dataclass(frozen=True)
class StrategyState:
    """A strategy's state after `generation` generations: its own arrays, never changed in place
    (each tell returns a new state), plus what the base class keeps."""

    generation: int
    arrays: dict[str, np.ndarray]
    best_fitness: float = -np.inf  # best (shaped-before) fitness told so far


def settings_field(default, help: str, config: str | None = None):
    """A strategy or encoding setting: its default, a help line, and the evolve config key it is
    read from (default: the same name)."""
    return field(default=default, metadata={"help": help, "config": config})


def settings_from_config(settings_cls, config, **overrides):
    """An instance of a settings dataclass with each field read from the config key it names."""
    values = {}
    for f in dataclasses.fields(settings_cls):
        key = f.metadata.get("config") or f.name
        if hasattr(config, key):
            values[f.name] = getattr(config, key)
    return settings_cls(**{**values, **overrides})


@dataclass(frozen=True)
class NoSettings:
    sigma: float = settings_field(0.05, "mutation / perturbation standard deviation")


class Strategy:
    """Base of every search strategy; subclasses implement the private steps."""

    name = ""
    help = ""
    Settings = NoSettings
    shaping = staticmethod(identity)
    uses_chains = False  # True: hands on seed chains, so chain encodings (`seeds`) work with it

    def __init__(self, pop_size: int, settings=None, **kwargs):
        self.pop_size = int(pop_size)
        self.settings = settings if settings is not None else self.Settings(**kwargs)
        self._check()

    def _check(self) -> None:
        """Refuse bad settings (InstinctError)."""

    # ---- the public interface -------------------------------------------------------------
    def init(self, encoding, seed: int) -> StrategyState:
        return StrategyState(0, self._init(encoding, int(seed)))

    def ask(self, state: StrategyState, seed: int, generation: int) -> Population:
        return self._ask(state, stream(seed, generation, "ask"))

    def tell(self, state: StrategyState, pop: Population, raw_fitness: np.ndarray):
        """(next state, extra metrics) from each genome's fitness f64[P] (NaN: failed)."""
        fitness = clean_fitness(raw_fitness)
        arrays, extra = self._tell(state, pop, self.shaping(fitness))
        best = max(state.best_fitness, float(fitness.max(initial=-np.inf)))
        return StrategyState(state.generation + 1, arrays, best), extra

    def best(self, state: StrategyState) -> Individual:
        raise NotImplementedError

    def candidates(self, state: StrategyState) -> list[Individual]:
        """Genomes the final pick compares on validation episodes, best first (default: one)."""
        return [self.best(state)]

    def project(self, pop: Population, keep: np.ndarray) -> Population:
        """The population with coordinates outside `keep` (bool[G]) exactly zero (pruning)."""
        pop.vectors = np.where(keep, pop.vectors, np.float32(0.0)).astype(np.float32)
        return pop

    def to_arrays(self, state: StrategyState) -> dict:
        return {**state.arrays, BEST_FITNESS: np.float64(state.best_fitness)}

    def from_arrays(self, state: StrategyState, arrays: dict, generation: int) -> StrategyState:
        """The state after `generation` generations stored in `arrays`, given the fresh state
        `init` made (checkpoints written before best_fitness was kept restore it as -inf)."""
        arrays = dict(arrays)
        best = float(arrays.pop(BEST_FITNESS, -np.inf))
        return StrategyState(int(generation), self._from_arrays(state, arrays, generation), best)

    # ---- what each strategy implements ----------------------------------------------------
    def _init(self, encoding, seed: int) -> dict:
        raise NotImplementedError

    def _ask(self, state: StrategyState, rng: np.random.Generator) -> Population:
        raise NotImplementedError

    def _tell(self, state: StrategyState, pop: Population, shaped: np.ndarray):
        """(arrays of the next state, extra metrics) from the shaped fitness."""
        raise NotImplementedError

    def _from_arrays(self, state: StrategyState, arrays: dict, generation: int) -> dict:
        return {k: np.asarray(v) for k, v in arrays.items()}


def pack_chains(chains: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Ragged seed chains -> (u32 concatenated seeds, i64 offsets) for an npz."""
    lengths = np.array([len(c) for c in chains], np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    flat = np.array([s for c in chains for s in c], np.uint32)
    return flat, offsets


def unpack_chains(flat: np.ndarray, offsets: np.ndarray) -> list[list[int]]:
    return [[int(s) for s in flat[offsets[i] : offsets[i + 1]]] for i in range(len(offsets) - 1)]
