"""`--backend processes` gives the results of `--backend local`, bit for bit, on the gym path,
with any number of workers, with a user's own env, and with a worker killed mid-generation."""

import os
import signal

import numpy as np
import pytest

from instinct.backends import WorkerFailure, processes
from instinct.backends.processes import ProcessPool
from instinct.cli import main
from instinct.evaluate import architecture_for_env, make_evaluator

from .helpers import GYM, SerialPool, die_at_start, evolve


@pytest.fixture(scope="module")
def local_gym(tmp_path_factory):
    return evolve(tmp_path_factory.mktemp("local"), GYM)


@pytest.mark.parametrize("workers", [1, 2, pytest.param(3, marks=pytest.mark.slow)])
def test_process_workers_give_the_local_results(tmp_path, local_gym, workers):
    got = evolve(tmp_path, GYM, "--backend", "processes", "--workers", str(workers))
    assert got == local_gym
    assert len(got["metrics"]) == 3


def test_a_worker_killed_mid_generation_changes_nothing(tmp_path, local_gym, monkeypatch):
    pools, killed = [], []
    start = ProcessPool.__init__

    def init(self, *args, **kwargs):
        start(self, *args, **kwargs)
        pools.append(self)

        def kill_one(shard):  # after generation 1's first shard: the others are still to run
            if not killed and self.generation == 1:
                pid = self.pids()[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        self.on_result = kill_one

    run = ProcessPool.run

    def counting_run(self, *args):
        self.generation = getattr(self, "generation", -1) + 1
        return run(self, *args)

    monkeypatch.setattr(ProcessPool, "__init__", init)
    monkeypatch.setattr(ProcessPool, "run", counting_run)
    config = [*GYM[: GYM.index("--population")], "--population", "32",
              *GYM[GYM.index("--population") + 2:]]  # fmt: skip
    calm = evolve(tmp_path / "calm", config)
    got = evolve(tmp_path / "killed", config, "--backend", "processes", "--workers", "2")
    assert killed and pools[0].restarts >= 1 and killed[0] not in pools[0].pids()
    assert got == calm


def test_workers_that_keep_dying_stop_with_a_clear_error(monkeypatch):
    arch = architecture_for_env("CartPole-v1", (4,), "tanh")
    spec = make_evaluator("CartPole-v1", arch, "gym").spec
    pool = ProcessPool(spec, workers=1, retries=1)
    monkeypatch.setattr(processes.worker, "start", die_at_start)

    with pytest.raises(WorkerFailure, match="died 2 times in a row with 1 of 1 shards"):
        pool.run(np.zeros((2, arch.num_params), np.float32), None, np.zeros(1, np.uint32),
                 [(0, 2)])  # fmt: skip
    pool.close()


def test_a_run_stopped_by_dying_workers_resumes(tmp_path, local_gym, monkeypatch, capsys):
    class Dying(SerialPool):
        def run(self, *args):
            if self.calls == 2:  # generation 2 never finishes
                raise WorkerFailure("a worker process died 4 times in a row")
            return super().run(*args)

    monkeypatch.setattr(processes, "ProcessPool", Dying)
    args = ["evolve", *GYM, "--out", str(tmp_path)]
    assert main([*args, "--backend", "processes"]) == 2
    err = capsys.readouterr().err
    assert "died 4 times" in err and "--resume" in err and "fix the env" not in err
    assert err.count("\n") == 1
    run = tmp_path / "run"
    assert (run / "checkpoints" / "gen_000002.npz").is_file()  # generations 0 and 1 are kept
    assert main(["evolve", "--resume", str(run), "--generations", "3"]) == 0
    assert (run / "best.dna").read_bytes() == local_gym["best"]


def test_a_users_module_env_is_imported_in_every_worker(tmp_path):
    env = "tests.backends.user_envs:BackendsPole-v0"
    config = [*GYM, "--env", env]
    local = evolve(tmp_path / "local", config)
    assert evolve(tmp_path / "processes", config, "--backend", "processes", "--workers", "2") == (
        local
    )
