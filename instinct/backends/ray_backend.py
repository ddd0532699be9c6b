"""The `ray` backend: one actor per worker living for the whole run, each holding the evaluator
it built from the spec. A generation's parameters go into Ray's object store once
(`ray.put`) and every shard task reads its rows from there; shards go to whichever actor is free.
An actor that dies is restarted and its tasks retried by Ray (`max_restarts`, `max_task_retries`);
one that keeps dying stops the run (`WorkerFailure`). More actors than the cluster has CPUs are
refused: the extra ones would never start, and the shards queued on them would wait forever.
"""

from __future__ import annotations

import sys

from instinct.backends import WorkerFailure, worker
from instinct.backends.shards import rows_of
from instinct.errors import InstinctError

RESTARTS = 3  # per actor, by Ray
IN_FLIGHT = 2  # shards queued on one actor, so it never waits for the driver

_ACTOR = None


def _actor_class():
    global _ACTOR
    if _ACTOR is None:
        import ray

        @ray.remote(num_cpus=1, max_restarts=RESTARTS, max_task_retries=RESTARTS)
        class ShardWorker:
            def __init__(self, spec, sys_path):
                worker.start(spec, 1, sys_path)  # one CPU per actor: one Numba thread

            def evaluate(self, params, masks, keys, lo, hi):
                params, masks = rows_of(params, masks, lo, hi)  # read-only views of the store:
                masks = None if masks is None else masks.copy()  # copies keep Numba's types
                return worker.evaluate(params.copy(), masks, keys)

            def pid(self):
                return worker.pid()

        _ACTOR = ShardWorker
    return _ACTOR


def connect(address=None) -> None:
    """ray.init(address) unless this process is connected already (None: RAY_ADDRESS or a local
    `ray start`, else a new local instance; "auto": an existing cluster; or HOST:PORT)."""
    import ray

    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False)


class RayPool:
    def __init__(self, spec, workers: int | None = None, address=None):
        import ray

        connect(address)
        cpus = int(ray.cluster_resources().get("CPU", 0))
        self.workers = int(workers or max(1, cpus))
        if self.workers > cpus:  # an actor takes one CPU: the extra ones would never start, and
            raise InstinctError(  # the shards queued on them would wait forever
                f"--workers {self.workers} asks for more Ray actors than the cluster's {cpus} "
                "CPUs (one each); use fewer workers or leave --workers out"
            )
        self.on_result = None  # called with each finished shard's index (progress, tests)
        cls = _actor_class()
        self.actors = [cls.remote(spec, list(sys.path)) for _ in range(self.workers)]

    def pids(self) -> list[int]:
        import ray

        return ray.get([a.pid.remote() for a in self.actors])

    def run(self, params, masks, keys, cuts) -> list:
        import ray

        params_ref = ray.put(params)  # once per generation, not once per task
        masks_ref = None if masks is None else ray.put(masks)
        todo = list(enumerate(cuts))[::-1]
        done: dict[int, object] = {}
        running: dict = {}  # object ref -> (shard, actor)

        def submit(actor):
            i, (lo, hi) = todo.pop()
            running[actor.evaluate.remote(params_ref, masks_ref, keys, lo, hi)] = (i, actor)

        for _ in range(IN_FLIGHT):
            for actor in self.actors:
                if todo:
                    submit(actor)
        while running:
            ready, _ = ray.wait(list(running), num_returns=1)
            i, actor = running.pop(ready[0])
            try:
                done[i] = ray.get(ready[0])
            except ray.exceptions.RayTaskError as e:  # the evaluation itself failed
                if isinstance(e.cause, InstinctError):
                    raise e.cause from None
                raise
            except ray.exceptions.RayActorError as e:
                raise WorkerFailure(
                    f"a Ray worker died more than {RESTARTS} times; stopping: "
                    + " ".join(str(e).split())[:200]
                ) from None
            if self.on_result is not None:
                self.on_result(i)
            if todo:
                submit(actor)
        return [done[i] for i in range(len(cuts))]

    def close(self) -> None:
        import ray

        for actor in self.actors:
            ray.kill(actor, no_restart=True)
        self.actors = []
