"""`instinct evolve --plot` keeps RUN/plots/fitness.png up to date while the run goes on."""

from __future__ import annotations

from types import SimpleNamespace

from instinct.cli import main
from instinct.plots.reporter import PlotReporter
from tests.plots.fakes import make_run


def test_reporter_refreshes_every_few_generations_and_at_the_end(tmp_path):
    path = make_run(tmp_path, "run", generations=12)
    exp = SimpleNamespace(run=SimpleNamespace(path=path), config=SimpleNamespace(generations=12))
    rep = PlotReporter(every=5, min_seconds=0.0)
    rep.on_generation(exp, {"generation": 3}, None)
    assert not (path / "plots").exists()
    rep.on_generation(exp, {"generation": 4}, None)
    figure = path / "plots" / "fitness.png"
    assert figure.is_file()
    first = figure.stat().st_mtime_ns
    rep.on_generation(exp, {"generation": 11}, None)
    assert figure.stat().st_mtime_ns >= first and not rep.failed


def test_a_failing_figure_never_stops_the_run(tmp_path, capsys, monkeypatch):
    from instinct.plots import fitness

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(fitness, "plot_fitness", broken)
    exp = SimpleNamespace(
        run=SimpleNamespace(path=make_run(tmp_path, "run")), config=SimpleNamespace(generations=30)
    )
    rep = PlotReporter()
    rep.refresh(exp)
    rep.refresh(exp)
    assert rep.failed
    assert capsys.readouterr().err.count("could not draw") == 1


def test_evolve_plot_flag(tmp_path):
    args = [
        "evolve",
        "--env",
        "CartPole-v1",
        "--generations",
        "2",
        "--population",
        "8",
        "--episodes",
        "1",
        "--hidden",
        "4",
        "--heldout-episodes",
        "2",
        "--out",
        str(tmp_path),
        "--plot",
    ]
    assert main(args) == 0
    [run] = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert (run / "plots" / "fitness.png").is_file()
