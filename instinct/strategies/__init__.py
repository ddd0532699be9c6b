"""Search strategies: one file each, a `Strategy` subclass exported as `STRATEGY` (see base.py),
found by the registry here. The CLI's `--strategy` choices and help come from it."""

from __future__ import annotations

import importlib
import pkgutil

from instinct.errors import InstinctError
from instinct.strategies.base import (
    Individual,
    Population,
    Strategy,
    StrategyState,
    settings_from_config,
)
from instinct.strategies.shaping import centered_ranks, clean_fitness

_STRATEGIES: dict[str, type[Strategy]] = {}


def strategies() -> dict[str, type[Strategy]]:
    """Every strategy class by name, in file-name order."""
    if not _STRATEGIES:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            module = importlib.import_module(f"{__name__}.{info.name}")
            cls = getattr(module, "STRATEGY", None)
            if cls is not None:
                if cls.name in _STRATEGIES:
                    raise RuntimeError(f"strategy name {cls.name!r} is taken")
                _STRATEGIES[cls.name] = cls
    return _STRATEGIES


def strategy_class(name: str) -> type[Strategy]:
    found = strategies()
    if name not in found:
        raise InstinctError(f"unknown strategy {name!r}; choose one of {', '.join(found)}")
    return found[name]


def make_strategy(name: str, pop_size: int, **settings) -> Strategy:
    """Strategy `name` for populations of pop_size with the given settings (the rest default)."""
    cls = strategy_class(name)
    try:
        return cls(pop_size, cls.Settings(**settings))
    except TypeError as e:
        raise InstinctError(f"bad settings for strategy {name}: {e}") from None


def strategy_from_config(config) -> Strategy:
    """The config's strategy, its settings read from the config keys its Settings name."""
    cls = strategy_class(config.strategy)
    return cls(config.population, settings_from_config(cls.Settings, config))


__all__ = [
    "Individual",
    "Population",
    "Strategy",
    "StrategyState",
    "centered_ranks",
    "clean_fitness",
    "make_strategy",
    "strategies",
    "strategy_class",
    "strategy_from_config",
]
