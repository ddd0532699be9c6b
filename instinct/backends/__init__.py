"""Where a population is evaluated: in this process (`local`), on a pool of local worker
processes (`processes`) or on the actors of a Ray cluster (`ray`).

A backend wraps the run's evaluator: it cuts the population into more shards of rows than it has
workers, hands each worker its shard with the generation's episode keys, and assembles the
evaluations by row index (`shards.py`), so the results are the same, bit for bit, whatever the
backend, the number of workers or the order in which shards finish. Each worker rebuilds the
evaluator from its picklable `EvaluatorSpec` once (`worker.py`).
"""

from __future__ import annotations

import numpy as np

from instinct.envguard import EnvFailure
from instinct.errors import InstinctError
from instinct.evaluate.base import Evaluation

BACKENDS = ("local", "processes", "ray")
RAY_MISSING = '--backend ray needs Ray, which is not installed: pip install -e ".[ray]"'


class WorkerFailure(EnvFailure):
    """Workers kept dying: the run stops with what is done saved (resumable, as after an env
    failure)."""

    hint = "find out what kills the workers (memory?)"


def check(backend: str, workers: int | None = None) -> None:
    """Refuse a bad --backend / --workers in one line, before anything runs."""
    if backend not in BACKENDS:
        raise InstinctError(f"unknown backend {backend!r}; choose {', '.join(BACKENDS)}")
    if workers is not None and not 1 <= workers <= 4096:
        raise InstinctError(f"--workers must be between 1 and 4096, got {workers}")
    if backend == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            raise InstinctError(RAY_MISSING) from None


def distribute(evaluator, backend: str = "local", workers: int | None = None, address=None):
    """`evaluator` spread over `backend` (the evaluator itself for `local`)."""
    check(backend, workers)
    if backend == "local":
        return evaluator
    if backend == "processes":
        from instinct.backends.processes import ProcessPool

        pool = ProcessPool(evaluator.spec, workers)
    else:
        from instinct.backends.ray_backend import RayPool

        pool = RayPool(evaluator.spec, workers, address)
    return Sharded(evaluator, pool)


class Sharded:
    """The Evaluator protocol over a pool of workers; everything but `evaluate` (its name, spec,
    env_spec, world) is the driver's own evaluator's."""

    def __init__(self, local, pool):
        self.local = local
        self.pool = pool

    def __getattr__(self, name):
        if name == "local":  # not set yet (unpickling): never recurse
            raise AttributeError(name)
        return getattr(self.local, name)

    def evaluate(self, params, masks, keys) -> Evaluation:
        from instinct.backends.shards import SHARDS_PER_WORKER, as_rows, assemble, bounds

        params = as_rows(params)
        if masks is not None:
            masks = np.ascontiguousarray(masks, np.uint8)
        keys = np.ascontiguousarray(keys, np.uint32)
        cuts = bounds(params.shape[0], self.pool.workers * SHARDS_PER_WORKER)
        return assemble(self.pool.run(params, masks, keys, cuts))

    def close(self) -> None:
        try:
            self.pool.close()
        finally:
            self.local.close()


__all__ = ["BACKENDS", "Sharded", "WorkerFailure", "check", "distribute"]
