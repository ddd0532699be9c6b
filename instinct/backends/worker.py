"""The worker side of every backend: one evaluator per worker process, built once from the
evaluator's picklable spec, its kernels compiled at start and its Numba threads pinned so that
the workers on one machine never oversubscribe its cores."""

from __future__ import annotations

import os
import signal
import sys

_EVALUATOR = None
_ERROR: BaseException | None = None


def threads_per_worker(workers: int, cores: int | None = None) -> int:
    """Numba threads for each of `workers` workers sharing `cores` cores (at least one)."""
    return max(1, (cores or os.cpu_count() or 1) // max(1, workers))


def start(spec, threads: int, sys_path: list[str] | None = None):
    """Build this process's evaluator (once). `sys_path` carries the driver's import path, so a
    user's `--env module:Id` imports here too; a failure is kept and raised by the first task."""
    global _EVALUATOR, _ERROR
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's: it stops cleanly
        for entry in reversed(sys_path or []):
            if entry not in sys.path and (entry == "" or os.path.isdir(entry)):
                sys.path.insert(0, entry)
        import numba

        numba.set_num_threads(max(1, min(threads, numba.config.NUMBA_NUM_THREADS)))
        from instinct.evaluate import build

        _EVALUATOR = build(spec)
        if hasattr(_EVALUATOR, "warm_up"):
            _EVALUATOR.warm_up()
    except BaseException as e:  # noqa: BLE001  handed to the driver by the first task
        _ERROR = e
    return os.getpid()


def evaluate(params, masks, keys):
    """Evaluate rows (f32[p, D]) on the episode keys with this process's evaluator."""
    if _ERROR is not None:
        raise _ERROR
    return _EVALUATOR.evaluate(params, masks, keys)


def pid() -> int:
    return os.getpid()
