"""The `processes` backend: a pool of local worker processes (started with spawn, never forked
from a process whose Numba threads have run), each holding its own evaluator for the whole run.

A worker killed mid-generation breaks the pool: the shards already back are kept, the pool is
started again and only the unfinished shards run again, so the generation's results are those of
an undisturbed one. A pool that breaks `RETRIES` times in a row stops the run (`WorkerFailure`).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from instinct.backends import WorkerFailure, worker
from instinct.backends.shards import rows_of

RETRIES = 3  # pool restarts in a row (without a shard finishing) before the run stops


class ProcessPool:
    def __init__(self, spec, workers: int | None = None, retries: int = RETRIES):
        self.spec = spec
        self.workers = int(workers or os.cpu_count() or 1)
        self.retries = retries
        self.threads = worker.threads_per_worker(self.workers)
        self.on_result = None  # called with each finished shard's index (progress, tests)
        self.restarts = 0
        self._pool = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=worker.start,
                initargs=(self.spec, self.threads, list(sys.path)),
            )
        return self._pool

    def pids(self) -> list[int]:
        """The worker processes' ids (empty before the first generation)."""
        pool = self._pool
        return [] if pool is None else sorted(getattr(pool, "_processes", None) or {})

    def run(self, params, masks, keys, cuts) -> list:
        done: dict[int, object] = {}
        failures = 0
        while len(done) < len(cuts):
            futures: dict = {}
            try:  # a pool broken between generations refuses the submit itself
                pool = self._executor()
                for i, (lo, hi) in enumerate(cuts):
                    if i not in done:
                        args = (*rows_of(params, masks, lo, hi), keys)
                        futures[pool.submit(worker.evaluate, *args)] = i
                pending = set(futures)
                while pending:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        done[futures[future]] = future.result()
                        failures = 0
                        if self.on_result is not None:
                            self.on_result(futures[future])
            except BrokenProcessPool:
                for future, i in futures.items():  # keep what came back before the break
                    if future.done() and not future.cancelled() and future.exception() is None:
                        done[i] = future.result()
                failures += 1
                self.restarts += 1
                self._shutdown()
                if failures > self.retries:
                    raise WorkerFailure(
                        f"a worker process died {failures} times in a row with "
                        f"{len(cuts) - len(done)} of {len(cuts)} shards unfinished; stopping"
                    ) from None
        return [done[i] for i in range(len(cuts))]

    def _shutdown(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        self._shutdown()
