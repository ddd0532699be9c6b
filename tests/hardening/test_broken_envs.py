"""The broken-env battery (issue 16; issue 17 items 3 and 13): NaN/inf/huge rewards, NaN
observations, a wrong observation shape, raising reset/step, an env that never ends. Each is
contained: non-finite fitness is a failed evaluation and the run still writes its result; an
exception is one line naming the env and the call, and the run resumes once the env is fixed."""

from __future__ import annotations

import json

import numpy as np
import pytest

from instinct.cli import main
from instinct.genome import fileformat
from instinct.strategies import make_strategy
from instinct.strategies.base import clean_fitness

MODULE = "tests.hardening.broken_envs"
SMALL = ["--hidden", "4", "--population", "6", "--episodes", "2", "--heldout-episodes", "3",
         "--validation-episodes", "2", "--generations", "2"]  # fmt: skip


def evolve(tmp_path, name, *extra):
    argv = ["evolve", "--env", f"{MODULE}:{name}-v0", *SMALL, *extra, "--out", str(tmp_path),
            "--name", name]  # fmt: skip
    return main(argv)


@pytest.mark.parametrize("name", ["NanReward", "InfReward", "HugeReward", "NanObservation"])
def test_non_finite_fitness_everywhere_still_gives_a_result(tmp_path, capsys, name):
    assert evolve(tmp_path, name) == 0
    out = capsys.readouterr().out
    assert "every evaluation failed" in out
    run = tmp_path / name
    result = json.loads((run / "result.json").read_text())  # strict JSON: null, never NaN
    assert result["mean_return"] is None
    genome = fileformat.load(run / "best.dna")
    assert genome.birth_score["mean_return"] is None
    assert "nan" in (run / "metrics.csv").read_text().splitlines()[1]


def test_a_few_nan_rewards_only_fail_those_evaluations(tmp_path, capsys):
    assert evolve(tmp_path, "SomeNanReward", "--generations", "3") == 0
    result = json.loads((tmp_path / "SomeNanReward" / "result.json").read_text())
    assert result["mean_return"] is None or np.isfinite(result["mean_return"])


@pytest.mark.parametrize(
    "name, call", [("RaisesInReset", "reset"), ("RaisesInStep", "step"), ("WrongShape", "reset")]
)
def test_an_env_that_raises_or_breaks_its_space_is_one_line_naming_env_and_call(
    tmp_path, capsys, name, call
):
    assert evolve(tmp_path, name) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert f"{MODULE}:{name}-v0" in captured.err and f"{call}()" in captured.err
    assert "--resume" in captured.err


def test_a_run_stopped_by_a_raising_env_resumes_identically_once_fixed(tmp_path, capsys,
                                                                       monkeypatch):  # fmt: skip
    # Fixed from the start: the reference.
    monkeypatch.setenv("BROKEN_AT", "1000000")
    assert evolve(tmp_path / "a", "RaisesInStep", "--generations", "4") == 0
    # Broken after a while: generation 0 succeeds with enough headroom, later ones fail...
    monkeypatch.setenv("BROKEN_AT", "0")
    assert evolve(tmp_path / "b", "RaisesInStep", "--generations", "4") == 2
    # ...then the env is fixed and the run resumed.
    monkeypatch.setenv("BROKEN_AT", "1000000")
    assert main(["evolve", "--resume", str(tmp_path / "b" / "RaisesInStep")]) == 0
    for name in ("metrics.csv", "best.dna", "result.json"):
        a = (tmp_path / "a" / "RaisesInStep" / name).read_bytes()
        b = (tmp_path / "b" / "RaisesInStep" / name).read_bytes()
        if name == "metrics.csv":
            a, b = (_no_timing(x) for x in (a, b))
        assert a == b, name


def _no_timing(data: bytes) -> list[list[str]]:
    lines = [line.split(",") for line in data.decode().splitlines()]
    keep = [i for i, c in enumerate(lines[0]) if c not in ("wall_time_s", "agent_steps_per_s")]
    return [[row[i] for i in keep] for row in lines]


def test_a_never_ending_env_is_cut_at_a_step_limit_printed_at_the_start(tmp_path, capsys):
    assert evolve(tmp_path, "NeverEnds", "--max-steps", "25") == 0
    out = capsys.readouterr().out
    assert "episodes cut at 25 steps (--max-steps)" in out
    result = json.loads((tmp_path / "NeverEnds" / "result.json").read_text())
    assert result["mean_return"] == 25.0
    assert evolve(tmp_path / "default", "NeverEnds", "--generations", "1") == 0
    assert "episodes cut at 1000 steps" in capsys.readouterr().out


@pytest.mark.parametrize("strategy", ["ga", "es", "cma"])
def test_non_finite_fitness_never_ranks_first_nor_crashes_a_strategy(strategy):
    from instinct.genome import make_encoding
    from instinct.nn import Architecture

    enc = make_encoding("direct", Architecture(4, (3,), 2))
    s = make_strategy(strategy, pop_size=6, sigma=0.1)
    state = s.init(enc, 0)
    for generation in range(3):
        pop = s.ask(state, 0, generation)
        fitness = np.array([np.inf, np.nan, -np.inf, 1.0, 2.0, 1e308 * 10])
        state, _ = s.tell(state, pop, fitness)
        if strategy == "ga":  # the elite is the best finite one
            assert np.array_equal(state["parents"][0], pop.vectors[4])
    assert np.all(np.isfinite(s.best(state).vector))
    assert list(clean_fitness(np.array([np.inf, np.nan, 3.0]))) == [-np.inf, -np.inf, 3.0]


def test_absurd_heldout_episodes_are_refused_before_the_run(tmp_path, capsys):
    argv = ["evolve", "--env", "CartPole-v1", "--heldout-episodes", "1000000000000",
            "--out", str(tmp_path)]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--heldout-episodes" in err and "GiB" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
