import csv
import subprocess
import sys

import numpy as np
import pytest

from instinct.cli import main
from instinct.genome import decode
from instinct.genome.fileformat import load
from instinct.run import TIMING_COLUMNS

SMALL = ["--env", "CartPole-v1", "--population", "16", "--episodes", "2", "--hidden", "4",
         "--checkpoint-every", "2"]  # fmt: skip


def metrics(path):
    with open(path / "metrics.csv") as fh:
        return [{k: v for k, v in r.items() if k not in TIMING_COLUMNS} for r in csv.DictReader(fh)]


def test_evolve_writes_a_run_folder(tmp_path, capsys):
    assert main(["evolve", *SMALL, "--generations", "3", "--out", str(tmp_path)]) == 0
    run = tmp_path / "cartpole-v1-seeds-ga-p16-e2-h4-sd0.1-s0"
    for name in ("config.toml", "metrics.csv", "best.dna", "result.json"):
        assert (run / name).is_file()
    assert len(metrics(run)) == 3
    out = capsys.readouterr().out
    assert "held-out" in out and str(run) in out
    # the same name is never overwritten
    assert main(["evolve", *SMALL, "--generations", "1", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "cartpole-v1-seeds-ga-p16-e2-h4-sd0.1-s0-2").is_dir()


@pytest.mark.parametrize("strategy, encoding", [("ga", "seeds"), ("es", "direct")])
def test_resume_reproduces_an_unbroken_run(tmp_path, strategy, encoding):
    args = [*SMALL, "--strategy", strategy, "--encoding", encoding, "--out", str(tmp_path)]
    main(["evolve", *args, "--generations", "5", "--name", "full"])
    main(["evolve", *args, "--generations", "3", "--name", "part"])
    # as if killed after generation 3's metrics row but before its checkpoint was written
    (tmp_path / "part" / "checkpoints" / "gen_000003.npz").unlink()
    assert main(["evolve", "--resume", str(tmp_path / "part"), "--generations", "5"]) == 0
    assert metrics(tmp_path / "part") == metrics(tmp_path / "full")
    full, part = (load(tmp_path / name / "best.dna") for name in ("full", "part"))
    assert np.array_equal(decode(full)[0], decode(part)[0])


def test_rerun_with_one_thread_gives_identical_metrics(tmp_path):
    base = [sys.executable, "-m", "instinct", "evolve", *SMALL, "--generations", "2",
            "--out", str(tmp_path)]  # fmt: skip
    for threads, name in ((1, "one"), (2, "two")):
        subprocess.run([*base, "--threads", str(threads), "--name", name], check=True,
                       capture_output=True)  # fmt: skip
    assert metrics(tmp_path / "one") == metrics(tmp_path / "two")


def test_toml_config_and_flags(tmp_path):
    cfg = tmp_path / "my.toml"
    cfg.write_text('env = "CartPole-v1"\ngenerations = 1\npopulation = 8\nhidden = [3]\n')
    assert main(["evolve", "--config", str(cfg), "--episodes", "1", "--out", str(tmp_path),
                 "--name", "t"]) == 0  # fmt: skip
    text = (tmp_path / "t" / "config.toml").read_text()
    assert "population = 8" in text and "episodes = 1" in text


@pytest.mark.parametrize(
    "argv, words",
    [
        (["evolve", "--env", "NoSuchEnv-v9"], "NoSuchEnv-v9"),
        (["evolve", "--population", "abc"], "population"),
        (["evolve", "--population", "0"], "population"),
        (["evolve", "--hidden", "3,x"], "hidden"),
        (["evolve", "--strategy", "sgd"], "strategy"),
        (["evolve", "--resume", "."], "not a run folder"),
        (["evolve", "--resume", "does/not/exist"], "no run folder"),
        (["evolve", "--config", "missing.toml"], "not found"),
        (["evolve", "--threads", "99"], "threads"),
        (["evolve", "--frobnicate"], "frobnicate"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(argv, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = subprocess.run([sys.executable, "-m", "instinct", *argv], capture_output=True, text=True)
    assert out.returncode == 2
    err = out.stderr.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1 and words in err


def test_unknown_config_key(tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("populaton = 3\n")
    out = subprocess.run([sys.executable, "-m", "instinct", "evolve", "--config", str(cfg)],
                         capture_output=True, text=True)  # fmt: skip
    assert out.returncode == 2 and "populaton" in out.stderr and "Traceback" not in out.stderr


def test_resume_refuses_a_changed_config(tmp_path):
    main(["evolve", *SMALL, "--generations", "1", "--out", str(tmp_path), "--name", "r"])
    assert main(["evolve", "--resume", str(tmp_path / "r"), "--population", "4"]) == 2


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--seed", "-1"], "seed"),
        (["--sigma", "inf"], "finite"),
        (["--learning-rate", "nan"], "finite"),
        (["--name", "../escape"], "name"),
        (["--strategy", "es", "--encoding", "seeds"], "seed chain"),
    ],
)
def test_bad_values_leave_no_run_folder(argv, words, tmp_path):
    out = subprocess.run([sys.executable, "-m", "instinct", "evolve", *argv, "--out",
                          str(tmp_path / "runs")], capture_output=True, text=True)  # fmt: skip
    assert out.returncode == 2 and words in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


def test_an_explicit_name_that_is_taken_is_refused(tmp_path):
    args = ["evolve", *SMALL, "--generations", "1", "--out", str(tmp_path), "--name", "mine"]
    assert main(args) == 0
    assert main(args) == 2
