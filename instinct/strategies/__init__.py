"""Strategies with one `init / ask / tell` shape, and the registry that names them."""

from instinct.errors import InstinctError
from instinct.strategies.base import Individual, Population, centered_ranks
from instinct.strategies.cmaes import CMAES
from instinct.strategies.es import OpenAIES
from instinct.strategies.ga import GeneticAlgorithm

STRATEGIES = {"ga": GeneticAlgorithm, "es": OpenAIES, "cma": CMAES}


def make_strategy(name: str, **kwargs):
    try:
        cls = STRATEGIES[name]
    except KeyError:
        raise InstinctError(
            f"unknown strategy {name!r}; choose one of {', '.join(STRATEGIES)}"
        ) from None
    return cls(**kwargs)


__all__ = ["STRATEGIES", "Individual", "Population", "centered_ranks", "make_strategy"]
