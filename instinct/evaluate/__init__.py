"""Evaluate a population of networks. Each evaluator is one file here exporting `EVALUATOR` (a
class with `name`, `priority`, `available(env_id)`, `from_spec(spec)` and the `Evaluator`
protocol of `base.py`); `--path` chooses among them by name, `auto` takes the available one of
lowest priority: the fused Numba path for instinct's own worlds, Gymnasium's vector API otherwise.

An evaluator is built from a picklable `EvaluatorSpec`, so another process rebuilds it with
`build(spec)`. Numba and Gymnasium are imported only when an evaluator runs.
"""

from __future__ import annotations

import importlib
import pkgutil

from instinct.errors import InstinctError
from instinct.evaluate.base import Evaluation, Evaluator, EvaluatorSpec
from instinct.evaluate.envs import architecture_for_env, env_spec, make_env
from instinct.evaluate.fused import FusedEvaluator
from instinct.evaluate.gym import GymEvaluator
from instinct.worlds import world_for

AUTO = "auto"
_EVALUATORS: dict[str, type] = {}


def evaluators() -> dict[str, type]:
    """Every evaluator class by name, lowest priority first."""
    if not _EVALUATORS:
        found = []
        for info in pkgutil.iter_modules(__path__):
            module = importlib.import_module(f"{__name__}.{info.name}")
            cls = getattr(module, "EVALUATOR", None)
            if cls is not None:
                found.append(cls)
        for cls in sorted(found, key=lambda c: (c.priority, c.name)):
            if cls.name in _EVALUATORS or cls.name == AUTO:
                raise RuntimeError(f"evaluator name {cls.name!r} is taken")
            _EVALUATORS[cls.name] = cls
    return _EVALUATORS


def path_choices() -> tuple[str, ...]:
    """What `--path` accepts."""
    return (AUTO, *evaluators())


def resolve_path(env_id: str, path: str = AUTO) -> type:
    """The evaluator class `path` names for env_id (auto: the first available one)."""
    found = evaluators()
    if path == AUTO:
        return next(cls for cls in found.values() if cls.available(env_id))
    if path not in found:
        raise InstinctError(f"unknown evaluation path {path!r}; choose {', '.join(path_choices())}")
    cls = found[path]
    if not cls.available(env_id):
        raise InstinctError(cls.unavailable(env_id))
    return cls


def build(spec: EvaluatorSpec) -> Evaluator:
    """The evaluator `spec` describes (the same one in any process)."""
    return resolve_path(spec.env_id, spec.path).from_spec(spec)


def make_evaluator(env_id: str, arch, path: str = AUTO, max_steps=None, world_params=None):
    """Build the evaluator for env_id on `path`; `env_spec` carries Gymnasium's EnvSpec
    (reward_threshold) for the stop rule."""
    evaluator = build(EvaluatorSpec(env_id, arch, path, max_steps, world_params))
    evaluator.env_spec = env_spec(env_id)
    return evaluator


def fused_core(env_id: str):
    """The Numba core of one of instinct's own worlds, or None for any other env."""
    world = world_for(env_id)
    return None if world is None else world.core


__all__ = [
    "AUTO",
    "Evaluation",
    "Evaluator",
    "EvaluatorSpec",
    "FusedEvaluator",
    "GymEvaluator",
    "architecture_for_env",
    "build",
    "evaluators",
    "fused_core",
    "make_env",
    "make_evaluator",
    "path_choices",
    "resolve_path",
]
