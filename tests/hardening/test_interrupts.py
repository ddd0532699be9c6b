"""Ctrl-C is never swallowed and never a traceback (issue 17 item 15)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from instinct.config import build_config
from instinct.evolve import build, run_generations
from instinct.reporters import Checkpointer, Reporter
from instinct.resume import restore
from instinct.run import RunFolder


class CtrlCDuring(Reporter):
    """Presses Ctrl-C while generation `at` is being reported."""

    def __init__(self, at: int):
        self.at = at

    def on_generation(self, exp, row, state):
        if row["generation"] == self.at:
            os.kill(os.getpid(), signal.SIGINT)


def test_ctrl_c_in_the_generation_that_reaches_the_stop_target_is_not_swallowed(tmp_path):
    small = {"hidden": "4", "population": 6, "episodes": 1, "generations": 5}
    config = build_config(env="CartPole-v1", **small, stop_fitness=-1.0, out=str(tmp_path),
                          name="run")  # fmt: skip
    exp = build(config)
    exp.run = RunFolder.create(config)
    state, start = restore(exp)
    with pytest.raises(KeyboardInterrupt):  # stopping at the target must not hide the Ctrl-C
        run_generations(exp, state, start, [CtrlCDuring(0), Checkpointer(10)])
    exp.run.release()
    assert RunFolder(tmp_path / "run").checkpoint_generations() == [1]  # and the state is saved


def test_ctrl_c_while_the_command_is_still_importing_prints_no_traceback():
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "MPLBACKEND": "Agg"}
    proc = subprocess.Popen([sys.executable, "-m", "instinct", "envs"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    time.sleep(0.4)  # numpy, Numba and Gymnasium take longer than this to import
    if proc.poll() is not None:
        pytest.skip("imports finished before the Ctrl-C could land")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert proc.returncode in (-signal.SIGINT, 130)


def test_ctrl_c_landing_in_a_finalizer_during_start_up_is_not_lost(tmp_path, monkeypatch):
    """A KeyboardInterrupt raised inside `__del__` is printed and dropped by Python; a Numba
    compile runs many finalizers, so a Ctrl-C there could let the run go on to exit 0."""
    import importlib

    from instinct.cli import main
    from tests.hardening.helpers import evolve_argv

    loop = importlib.import_module("instinct.evolve")  # instinct.evolve is the API function
    real_build = loop.build

    class PressesCtrlCWhenCollected:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGINT)

    def build(*args, **kwargs):
        PressesCtrlCWhenCollected()  # collected at once: the signal arrives inside __del__
        return real_build(*args, **kwargs)

    monkeypatch.setattr(loop, "build", build)
    assert main(evolve_argv(tmp_path, "--generations", "1")) == 130
