"""`--backend ray` on a local Ray head (127.0.0.1 only, started here) gives the local results,
also when an actor is killed by its PID mid-generation (Ray restarts it and retries its tasks)."""

import os
import signal

import pytest

ray = pytest.importorskip("ray")

from instinct.backends import ray_backend  # noqa: E402
from instinct.backends.ray_backend import RayPool  # noqa: E402
from instinct.errors import InstinctError  # noqa: E402

from .helpers import FUSED, GYM, evolve  # noqa: E402


@pytest.fixture(scope="module")
def head():
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False,
             _node_ip_address="127.0.0.1")  # fmt: skip
    yield
    ray.shutdown()


def test_ray_gives_the_local_results_with_an_actor_killed(head, tmp_path, monkeypatch):
    pools, killed = [], []
    start, run = RayPool.__init__, RayPool.run

    def init(self, *args):
        start(self, *args)
        pools.append(self)

        def kill_one(shard):  # after generation 1's first shard: the others are still queued
            if not killed and self.generation == 1:
                pid = self.pids()[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        self.on_result = kill_one

    def counting_run(self, *args):
        self.generation = getattr(self, "generation", -1) + 1
        return run(self, *args)

    monkeypatch.setattr(RayPool, "__init__", init)
    monkeypatch.setattr(RayPool, "run", counting_run)
    local = evolve(tmp_path / "local", GYM)
    assert evolve(tmp_path / "ray", GYM, "--backend", "ray", "--workers", "2") == local
    assert killed and pools[0].generation >= 2


@pytest.mark.slow
def test_ray_actors_give_the_local_results_on_the_fused_path(head, tmp_path):
    local = evolve(tmp_path / "local", FUSED)
    assert evolve(tmp_path / "ray", FUSED, "--backend", "ray", "--workers", "2") == local


def test_ray_connects_only_once(head, monkeypatch):
    monkeypatch.setattr(ray, "init", lambda **kw: pytest.fail("ray.init called again"))
    ray_backend.connect("auto")


def test_more_workers_than_the_clusters_cpus_are_refused(head):
    from instinct.evaluate import architecture_for_env, make_evaluator

    spec = make_evaluator("CartPole-v1", architecture_for_env("CartPole-v1", (4,), "tanh"),
                          "gym").spec  # fmt: skip
    with pytest.raises(InstinctError, match="--workers 3 asks for more Ray actors than the "
                       "cluster's 2 CPUs"):  # fmt: skip
        RayPool(spec, 3)  # two CPUs: the third actor would never start, and a run would hang


def test_a_users_module_env_is_imported_in_every_actor(head, tmp_path):
    config = [*GYM, "--env", "tests.backends.user_envs:BackendsPole-v0"]
    local = evolve(tmp_path / "local", config)
    assert evolve(tmp_path / "ray", config, "--backend", "ray", "--workers", "2") == local
