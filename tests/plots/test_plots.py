"""Each figure is written (PNG and SVG) with the axes, lines and labels it promises."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from instinct.cli import main
from instinct.plots import bits, exits, fitness, lottery, plot_runs
from instinct.plots.data import group_runs, load_runs, median_ci
from instinct.plots.lottery_data import method_name, pick_ticket, read_series
from tests.plots.fakes import make_run, write_exits


@pytest.fixture
def runs(tmp_path):
    root = tmp_path / "runs"
    for seed in range(3):
        make_run(root, f"ga-s{seed}", seed=seed, lottery_levels=5, prune_seeds=2)
    make_run(root, "es-s0", encoding="direct", strategy="es")
    return root


def _labels(ax):
    return [t.get_text() for t in (ax.get_legend().get_texts() if ax.get_legend() else [])]


def test_fitness_pools_seeds_and_names_configs(runs):
    groups = group_runs(load_runs([runs]))
    assert sorted(g.label for g in groups) == ["direct · es", "seeds · ga  (3 seeds)"]
    [(stem, fig)] = fitness.fitness_figures(groups)
    assert stem == "fitness"
    ax, ax_l = fig.axes  # lottery output: weights per level sit beside fitness, on their own axis
    assert ax.get_xlabel() == "generation" and "fitness" in ax.get_ylabel()
    assert "weights remaining" in ax_l.get_ylabel() and "lottery level" in ax_l.get_xlabel()
    assert "generation" not in ax_l.get_xlabel()  # levels are not generations
    gids = [ln.get_gid() for ln in ax.lines]
    assert gids == ["median-raw", "median-smooth", "best"] * 2  # per group
    raw, smooth = ax.lines[0].get_ydata(), ax.lines[1].get_ydata()
    assert raw.size == smooth.size == 30
    assert np.abs(np.diff(smooth)).sum() < np.abs(np.diff(raw)).sum()  # smoother than raw
    legend = fig.legends[0]
    labels = [t.get_text() for t in legend.get_texts()]
    assert {"seeds · ga  (3 seeds)", "population median, raw", "best genome, smoothed"} <= set(
        labels
    )
    assert any(t.startswith("population median, smoothed (") for t in labels)
    assert "95% CI of the median over seeds" in labels
    xs = ax_l.lines[0].get_xdata()
    assert list(xs) == list(range(len(xs)))  # one point per lottery level


def test_legend_keys_take_the_colour_of_a_single_groups_lines(tmp_path):
    from matplotlib.colors import to_hex

    make_run(tmp_path, "plain")
    [(_, fig)] = fitness.fitness_figures(group_runs(load_runs([tmp_path / "plain"])))
    line = to_hex(fig.axes[0].lines[1].get_color())
    keys = [h for h in fig.legends[0].legend_handles if hasattr(h, "get_color")]
    assert keys and all(to_hex(h.get_color()) == line for h in keys)


def test_smooth_keeps_a_trend_and_centres_it():
    y = np.arange(10, dtype=float)[:, None]
    assert np.allclose(fitness.smooth(y, 5)[2:-2, 0], y[2:-2, 0])  # a straight line stays
    noisy = np.array([0.0, 10.0] * 10)[:, None]
    assert np.ptp(fitness.smooth(noisy, 5)[2:-2]) < 3
    assert fitness.window(60) == 5 and fitness.window(10) == 3 and fitness.window(1000) == 15


def test_fitness_without_pruning_has_one_axis(tmp_path):
    make_run(tmp_path, "plain")
    [(_, fig)] = fitness.fitness_figures(group_runs(load_runs([tmp_path / "plain"])))
    assert len(fig.axes) == 1
    written = fitness.plot_fitness(group_runs(load_runs([tmp_path / "plain"])), tmp_path / "out")
    png, svg = written
    assert Image.open(png).size[0] > 600
    assert svg.read_text().lstrip().startswith("<?xml") and "<svg" in svg.read_text()


def test_sparsity_from_metrics_when_evolution_prunes(tmp_path):
    make_run(tmp_path, "gated", weights=lambda g: 1.0 - 0.02 * g)
    [(_, fig)] = fitness.fitness_figures(group_runs(load_runs([tmp_path / "gated"])))
    ax_s = fig.axes[1]
    assert ax_s.get_xlabel() == "generation"
    assert np.isclose(ax_s.lines[0].get_ydata()[-1], 1.0 - 0.02 * 29)


def test_lottery_curves_ticket_and_controls(runs):
    series = read_series(runs / "ga-s0")
    names = {s.name for s in series}
    assert names == {"ticket", "random mask", "reinit", "shuffle", "signed constant"}
    assert {s.method for s in series} == {"strong (global, 20%/level)"}
    assert len(series) == 10  # two prune seeds, pooled in the figure
    [(stem, fig)] = lottery.lottery_figures(group_runs(load_runs([runs])))
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.xaxis_inverted()
    labels = _labels(ax)
    assert labels[0] == "ticket (6 seeds)" and "full network" in labels
    assert len([ln for ln in ax.lines if ln.get_label() != "full network"]) == 5
    assert len(ax.collections) >= 5  # a band per line


def test_pick_ticket_and_method_names(runs):
    path, desc = pick_ticket(runs / "ga-s0")
    assert path.name == "ticket.dna" and "level" in desc
    assert method_name("imp-layer-r0.5-s2") == "imp (layer, 50%/level)"
    assert method_name("during-c0.01-p0.2-s0") == "during evolution (cost 0.01)"


def test_genome_bits_per_encoding(runs):
    [(stem, fig)] = bits.bits_figures(group_runs(load_runs([runs])))
    ax = fig.axes[0]
    assert stem == "genome-bits" and ax.get_xscale() == "log" and "bits" in ax.get_xlabel()
    labels = _labels(ax)
    assert "the network as float32" in labels and "direct · es" in labels
    assert any("lottery tickets" in t for t in labels)


def test_exits_fan(tmp_path):
    path = make_run(tmp_path, "hatch", env="instinct/Hatchling-v0")
    write_exits(path, n=150)
    [(stem, fig)] = exits.exits_figures(load_runs([path]))
    ax = fig.axes[0]
    assert ax.name == "polar" and stem == "exits"
    heights = sum(p.get_height() for p in ax.patches)
    assert heights == 150  # every hatchling counted once, stacked by outcome
    mu, r = exits.mean_vector(np.array([10.0, -10.0, 0.0]))
    assert abs(mu) < 1e-9 and 0.9 < r <= 1.0
    assert "mean bearing" in ax.get_xlabel()


def test_median_ci_brackets_the_median():
    values = np.array([[1.0, 2.0, 3.0, 4.0, 5.0], [np.nan, 1.0, 1.0, 1.0, 1.0]])
    med, lo, hi = median_ci(values)
    assert med.tolist() == [3.0, 1.0]
    assert lo[0] <= 3.0 <= hi[0] and lo[1] == hi[1] == 1.0


def test_plot_command_writes_every_figure(runs, tmp_path, capsys):
    write_exits(runs / "ga-s0")
    out = tmp_path / "figs"
    assert main(["plot", str(runs), "--out", str(out), "--format", "png"]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == ["exits.png", "fitness.png", "genome-bits.png", "lottery.png"]
    assert main(["plot", str(tmp_path / "nowhere")]) == 2
    assert "no run folder" in capsys.readouterr().err


def test_plot_runs_only_reads(runs):
    before = {p: p.stat().st_mtime_ns for p in runs.rglob("*") if p.is_file()}
    plot_runs([runs / "ga-s0"], runs / "ga-s0" / "plots", ("svg",), {"fitness"})
    after = {
        p: p.stat().st_mtime_ns for p in runs.rglob("*") if p.is_file() and "plots" not in p.parts
    }
    assert after == before


def test_fitness_shows_the_worlds_baselines_as_reference_lines(tmp_path):
    from instinct.baselines import write_table

    root = tmp_path / "runs"
    make_run(root, "hatch", env="instinct/Hatchling-v0")
    row = {"name": "straight ahead", "kind": "linear", "detail": "", "episodes": 100,
           "success_rate": 0.3, "success_lo": 0.2, "success_hi": 0.4, "mean_return": 0.55,
           "return_lo": 0.5, "return_hi": 0.6, "bits": 32.0, "nonzero_params": 1}  # fmt: skip
    write_table(root / "baselines" / "hatchling-v0-s0.csv", [row])
    [(_, fig)] = fitness.fitness_figures(group_runs(load_runs([root])))
    ax = fig.axes[0]
    assert "straight ahead 30%" in [t.get_text() for t in ax.texts]
    assert any(np.allclose(line.get_ydata(), 0.55) for line in ax.lines)


def test_oversized_run_files_are_one_line_errors_not_read(tmp_path, monkeypatch):
    from instinct.errors import InstinctError
    from instinct.plots import data

    path = make_run(tmp_path, "hatch", env="instinct/Hatchling-v0")
    monkeypatch.setattr(data, "MAX_METRICS_BYTES", 10)
    with pytest.raises(InstinctError, match="metrics file"):
        data.load_run(path)
    monkeypatch.setattr(data, "MAX_METRICS_BYTES", 2**20)
    (path / "result.json").write_text('{"a": ' + "1" * 100 + "}")
    monkeypatch.setattr(data, "MAX_RESULT_BYTES", 10)
    with pytest.raises(InstinctError, match="result"):
        data.load_run(path)


def test_exits_fan_sides_and_no_legend_entry_without_bars(tmp_path):
    path = make_run(tmp_path, "hatch", env="instinct/Hatchling-v0")
    write_exits(path, n=60)
    with open(path / "exits.csv", "a") as fh:  # a kind whose rows draw no bar
        fh.write("60,1060,time limit,nan,0,0,0,10,300\n")
    [(_, fig)] = exits.exits_figures(load_runs([path]))
    ax = fig.axes[0]
    sides = " ".join(t.get_text() for t in ax.get_xticklabels())
    assert all(w in sides for w in ("seaward", "landward", "alongshore"))
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels and not any(t.startswith("time limit") for t in labels)
    assert all(int(t.split("(")[1].rstrip(")")) > 0 for t in labels)
    assert fig.legends[0].get_title().get_text() == "outcome"
    assert "n = 60" in ax.get_xlabel()


def sweep_rows():
    rows = []
    for enc, sizes in (("cppn", [512, 2048, 8192]), ("gnet", [1600, 8192]), ("direct", [54336])):
        for k, bits_ in enumerate(sizes):
            for seed in range(2):
                rows.append({"encoding": enc, "genome_bits": bits_, "seed": seed,
                             "birth_mean": 1.0 + 0.1 * k + 0.05 * seed, "params": 1698,
                             "success_rate": 0.5 + 0.1 * k + 0.02 * seed})  # fmt: skip
    return rows


def test_bits_sweep_figure_is_in_the_house_style_with_its_legend_outside(tmp_path):
    from instinct.plots.sweep import sweep_figure, write_sweep_figure

    fig = sweep_figure(sweep_rows())
    assert len(fig.axes) == 2 and all(ax.get_legend() is None for ax in fig.axes)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[:3] == ["cppn", "gnet", "direct"] and "the network as float32" in legend
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and not ax.spines["top"].get_visible()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and all(t.replace(",", "").isdigit() for t in ticks)  # 1,000 not 2^10
    png = write_sweep_figure(tmp_path / "bits.png", sweep_rows())
    assert png.is_file() and png.with_suffix(".svg").is_file()


def test_a_prune_out_folder_of_its_own_is_plotted_with_its_env(runs, tmp_path, capsys):
    # `instinct prune GENOME --out DIR` writes the prune folders straight into DIR (no lottery/)
    out = tmp_path / "prune-out"
    out.mkdir()
    for tag in (runs / "ga-s0" / "lottery").iterdir():
        tag.rename(out / tag.name)
    assert main(["plot", str(out), "--only", "lottery", "--format", "png"]) == 0
    assert (out / "plots" / "lottery.png").is_file()
    [(_, fig)] = lottery.lottery_figures(group_runs(load_runs([out])))
    assert fig.axes[0].get_title().startswith("CartPole-v1")
    assert " · \n" not in fig.axes[0].get_title()
