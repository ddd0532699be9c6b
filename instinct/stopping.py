"""When a run stops early: a module of its own, so the loop and the reporters share it without
the reporters importing the loop."""

from __future__ import annotations

import math


def stop_fitness(exp) -> float:
    """The median fitness that ends a run early: the config's, else the env's reward_threshold."""
    target = exp.config.stop_fitness
    if not math.isnan(target):
        return target
    spec = getattr(exp.evaluator, "env_spec", None)
    threshold = getattr(spec, "reward_threshold", None)
    return float("inf") if threshold is None else float(threshold)
