"""What a new user meets first (issue 18): --version, a strategy's fitting encoding, progress
lines that fit 80 columns and number generations as metrics.csv does, a finished run left alone
on --resume, run names from the settings that differ, the --seeds launcher, and commands that
take a run folder and never write into the current folder unasked."""

import csv
import io
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from instinct.cli import main
from instinct.config import build_config
from instinct.progress import Ticker
from instinct.reporters import WIDTH, ProgressPrinter, _fit, generations_to_target

SMALL = ["--env", "CartPole-v1", "--population", "8", "--episodes", "2", "--hidden", "4",
         "--heldout-episodes", "5", "--validation-episodes", "2"]  # fmt: skip


def generations_in(path):
    with open(path / "metrics.csv") as fh:
        return [int(r["generation"]) for r in csv.DictReader(fh)]


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag, capsys):
    from instinct import __version__

    with pytest.raises(SystemExit) as e:
        main([flag])
    assert e.value.code == 0 and capsys.readouterr().out.strip() == f"instinct {__version__}"


@pytest.mark.parametrize("strategy, encoding", [("es", "direct"), ("cma", "cppn")])
def test_a_strategy_without_an_encoding_gets_one_that_fits(strategy, encoding, tmp_path, capsys):
    argv = ["evolve", *SMALL, "--strategy", strategy, "--generations", "1", "--out", str(tmp_path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"encoding {encoding} for strategy {strategy}" in out
    (run,) = tmp_path.iterdir()
    assert f'encoding = "{encoding}"' in (run / "config.toml").read_text()


def test_a_chosen_encoding_is_kept_even_when_it_does_not_fit(tmp_path):
    argv = ["evolve", *SMALL, "--strategy", "es", "--encoding", "seeds", "--out", str(tmp_path)]
    assert main(argv) == 2  # the user's choice is refused, not silently replaced


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs")
    stream = io.StringIO()
    sys_stdout, sys.stdout = sys.stdout, stream
    try:
        assert main(["evolve", *SMALL, "--generations", "3", "--out", str(out), "--name", "r"]) == 0
    finally:
        sys.stdout = sys_stdout
    return out / "r", stream.getvalue()


def test_console_numbers_generations_as_metrics_csv_and_fits_80_columns(finished_run):
    run, out = finished_run
    lines = out.splitlines()
    assert all(len(line) <= WIDTH for line in lines), max(lines, key=len)
    rows = [ln for ln in lines if ln.startswith("gen ") and "running" not in ln]
    shown = [int(line.split()[1].split("/")[0]) for line in rows]
    assert shown == generations_in(run) == [0, 1, 2]
    assert "generations 0-2" in out and "/2 " in out
    assert "new episodes each generation" in out  # why "best" jumps
    assert "held-out episodes" in out  # the final phase is announced


def test_resume_on_a_finished_run_does_nothing(finished_run, capsys):
    run, _ = finished_run
    files = {n: (run / n).read_bytes() for n in ("metrics.csv", "best.dna", "result.json")}
    stamps = {n: (run / n).stat().st_mtime_ns for n in files}
    assert main(["evolve", "--resume", str(run)]) == 0
    out = capsys.readouterr().out
    assert "is finished" in out and "--generations" in out
    assert {n: (run / n).read_bytes() for n in files} == files
    assert {n: (run / n).stat().st_mtime_ns for n in files} == stamps
    assert main(["evolve", "--resume", str(run), "--generations", "3"]) == 0  # not more: same
    assert "is finished" in capsys.readouterr().out


def test_resume_asked_to_extend_a_finished_run_evolves_further(tmp_path, capsys):
    argv = ["evolve", *SMALL, "--generations", "2", "--out", str(tmp_path), "--name", "x"]
    assert main(argv) == 0
    assert main(["evolve", "--resume", str(tmp_path / "x"), "--generations", "4"]) == 0
    assert "is finished" not in capsys.readouterr().out
    assert generations_in(tmp_path / "x") == [0, 1, 2, 3]
    assert main(["evolve", "--resume", str(tmp_path / "x")]) == 0  # now finished again
    assert "is finished" in capsys.readouterr().out


def fake_exp(generations=9999, population=512, episodes=8, target=float("nan")):
    config = build_config(generations=generations, population=population, episodes=episodes,
                          stop_fitness=target)  # fmt: skip
    parents = population // 5
    strategy = SimpleNamespace(truncation=parents, candidates=lambda s: [0] * parents)
    return SimpleNamespace(
        config=config,
        strategy=strategy,
        encoding=SimpleNamespace(uses_chain=True, genome_dim=1),
        arch=SimpleNamespace(sizes=(17, 32, 32, 2), activation="tanh", num_params=1698, kind="gru"),
        run=SimpleNamespace(path="runs/hatchling-v0-seeds-ga-s0"),
        evaluator_name="fused",
        evaluator=SimpleNamespace(spec=None),
    )


def test_progress_lines_fit_80_columns_at_their_widest():
    printer = ProgressPrinter(stream=io.StringIO())
    exp = fake_exp()
    printer.on_start(exp, 0)
    row = {"generation": 9998, "best": -500.0, "median": -499.99, "success_rate": 1.0,
           "agent_steps_per_s": 12.3e6, "wall_time_s": 4000.0}  # fmt: skip
    printer.walls = [4000.0] * 5
    line = printer.line(exp, row)
    assert len(line) <= WIDTH, line
    assert line.startswith("gen 9998/9998") and "100.0%" in line
    header = printer.header(exp, 0)
    assert all(len(h) <= WIDTH for h in header)
    assert any(h.startswith("  network  17-32-32-2 gru, tanh") for h in header)  # the kind shown
    assert len(_fit("x" * 30 + " y" * 60)) > WIDTH and all(
        len(piece) <= WIDTH for piece in _fit("x" * 30 + " y" * 60).splitlines()
    )


def test_time_left_counts_the_final_score_and_an_early_stop():
    exp = fake_exp(generations=100, population=100, episodes=10, target=10.0)
    printer = ProgressPrinter(stream=io.StringIO())
    printer.on_start(exp, 0)
    printer.walls = [2.0] * 10
    # far from the target and flat: every generation left, plus the final pick and score
    printer.medians = [1.0] * 10
    left, early = printer.estimate_left(exp, 9)
    final = 2.0 / (100 * 10) * (20 * exp.config.validation_episodes + 200)
    assert not early and left == pytest.approx(2.0 * 90 + final)
    # rising by 1 a generation from 0 to 9: the target is one generation away
    printer.medians = [float(i) for i in range(10)]
    left, early = printer.estimate_left(exp, 9)
    assert early and left == pytest.approx(2.0 * 1 + final)
    assert generations_to_target([1.0, 2.0, 3.0], float("inf")) is None
    assert generations_to_target([3.0, 2.0, 1.0], 5.0) is None
    assert generations_to_target([1.0, 2.0, 3.0], 5.0) == pytest.approx(2.0)


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_ticker_shows_a_long_phase_with_elapsed_and_left():
    log = io.StringIO()
    ticker = Ticker(log, grace=0.0, tick=0.02, log_every=0.05)
    ticker.start("final score", expect=100.0)
    time.sleep(0.3)
    ticker.close()
    lines = log.getvalue().splitlines()
    assert lines and all(line.startswith("final score: ") for line in lines)
    assert "left" in lines[0]
    tty = Terminal()
    ticker = Ticker(tty, grace=0.0, tick=0.02)
    ticker.start("compiling")
    time.sleep(0.2)
    ticker.stop()
    ticker.close()
    text = tty.getvalue()
    assert "\rcompiling" in text.replace("\033[K", "") and text.endswith("\r\033[K")
    log = io.StringIO()  # a log shows a phase once past the grace, then every log_every
    ticker = Ticker(log, grace=0.05, tick=0.02, log_every=100.0)
    ticker.start("compiling")
    time.sleep(0.3)
    ticker.close()
    assert log.getvalue().count("compiling: ") == 1
    quiet = io.StringIO()
    ticker = Ticker(quiet, grace=10.0, tick=0.02)  # a phase shorter than the grace: no output
    ticker.start("fast")
    time.sleep(0.1)
    ticker.close()
    assert quiet.getvalue() == ""


def test_run_names_say_what_differs_from_the_defaults():
    assert build_config().run_name() == "hatchling-v0-seeds-ga-s0"  # the default is unchanged
    assert build_config(sparsity_cost=0.5).run_name() == "hatchling-v0-seeds-ga-sc0.5-s0"
    assert build_config(hidden="8").run_name() == "hatchling-v0-seeds-ga-h8-s0"
    assert build_config(seed=3, hidden="8").run_name() == "hatchling-v0-seeds-ga-h8-s3"
    assert build_config(generations=5, out="elsewhere").run_name() == "hatchling-v0-seeds-ga-s0"
    assert build_config(name="mine", hidden="8").run_name() == "mine"
    many = dict(population=1024, episodes=16, hidden="64,64,64", activation="relu", sigma=0.1,
                learning_rate=0.1, heldout_episodes=1000, validation_episodes=128)  # fmt: skip
    a, b = build_config(**many).run_name(), build_config(**{**many, "sigma": 0.2}).run_name()
    assert len(a) <= 64 and len(b) <= 64 and a != b and a.endswith("-s0")
    assert build_config(net="gru", hidden="32").run_name() == "hatchling-v0-seeds-ga-h32-gru-s0"


def test_every_setting_that_changes_results_has_a_run_name_tag():
    from instinct.config import FIELDS
    from instinct.naming import TAGS

    named_otherwise = {"env", "encoding", "strategy", "seed"}  # the stem and the end
    named_otherwise.add("path")  # fused and gym paths compute the same results
    for key, f in FIELDS.items():
        if f.metadata["identity"] and key not in named_otherwise:
            assert key in TAGS, f"{key} changes a run's results but not its name"


def test_seeds_launcher_runs_each_seed_and_a_rerun_finishes_nothing_twice(tmp_path, capsys):
    argv = ["evolve", *SMALL, "--generations", "1", "--out", str(tmp_path), "--seeds", "0-1"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    runs = sorted(p.name for p in tmp_path.iterdir())
    assert runs == [
        "cartpole-v1-seeds-ga-p8-e2-h4-sd0.1-val2-ho5-s0",
        "cartpole-v1-seeds-ga-p8-e2-h4-sd0.1-val2-ho5-s1",
    ]  # sd0.1: the preset's
    assert "instinct plot " + " ".join(str(tmp_path / r) for r in runs) in out
    assert main(argv) == 0  # the same command again: both runs are finished, none is added
    assert capsys.readouterr().out.count("is finished") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == runs


@pytest.mark.parametrize("seeds", ["x", "3-1", "0-x", "0"])
def test_bad_seeds_are_one_line(seeds, tmp_path):
    argv = [sys.executable, "-m", "instinct", "evolve", "--seeds", seeds, "--out", str(tmp_path)]
    out = subprocess.run(argv, capture_output=True, text=True)
    assert out.returncode == 2 and "--seeds" in out.stderr and "Traceback" not in out.stderr


def test_seeds_refuses_seed(tmp_path):
    assert main(["evolve", "--seeds", "0-1", "--seed", "3", "--out", str(tmp_path)]) == 2


def test_inspect_and_export_take_a_run_folder(finished_run, capsys, tmp_path):
    run, _ = finished_run
    assert main(["inspect", str(run)]) == 0
    assert str(run / "best.dna") in capsys.readouterr().out
    assert main(["export", str(run), "--out", str(tmp_path / "net.npz")]) == 0
    assert (tmp_path / "net.npz").is_file()
    assert main(["inspect", str(tmp_path)]) == 2  # a folder without best.dna


def test_plot_help_shows_percent_signs_as_they_are():
    out = subprocess.run([sys.executable, "-m", "instinct", "plot", "--help"],
                         capture_output=True, text=True).stdout  # fmt: skip
    assert "95% confidence" in " ".join(out.split()) and "%%" not in out


def test_plot_of_several_runs_writes_beside_them(tmp_path, monkeypatch, capsys):
    from instinct.commands.plot import default_out

    a, b = tmp_path / "runs" / "x-s0", tmp_path / "runs" / "x-s1"
    assert default_out([a, b]) == tmp_path / "runs" / "plots" / "x"
    assert default_out([a, tmp_path / "runs" / "y-s0"]).parent == tmp_path / "runs" / "plots"
    assert default_out([a]) == a / "plots"
    argv = ["evolve", *SMALL, "--generations", "2", "--out", str(tmp_path / "runs"),
            "--seeds", "2"]  # fmt: skip
    assert main(argv) == 0
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    runs = sorted(str(p) for p in (tmp_path / "runs").iterdir())
    capsys.readouterr()
    assert main(["plot", *runs, "--only", "fitness", "--format", "png"]) == 0
    out = capsys.readouterr().out
    assert list(here.iterdir()) == []
    assert "figures in" in out and str(tmp_path / "runs" / "plots") in out
