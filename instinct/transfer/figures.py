"""The transfer figures: the matrix as a heatmap, the exit fans side by side, the light sweep."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.ticker import FuncFormatter

from instinct.plots import style
from instinct.plots.exits import draw_fan, read_exits
from instinct.transfer.matrix import exits_path


def short(env_id: str) -> str:
    return env_id.split("/")[-1]


def heatmap(groups: list[dict], test_ids: list[str]):
    """Rows: source worlds (median over their genomes), then the baselines; columns: test worlds.
    Each cell: the median share reaching the sea, and the genomes' range below it."""
    order = sorted(groups, key=lambda g: g["kind"] != "genome")
    labels = list(dict.fromkeys((g["kind"], g["source"]) for g in order))
    grid = np.full((len(labels), len(test_ids)), np.nan)
    text = [["" for _ in test_ids] for _ in labels]
    for g in order:
        i, j = labels.index((g["kind"], g["source"])), test_ids.index(g["test_world"])
        grid[i, j] = g["success_rate_median"]
        t = f"{100 * g['success_rate_median']:.0f}%"
        if g["genomes"] > 1:
            t += f"\n{100 * g['success_rate_min']:.0f}–{100 * g['success_rate_max']:.0f}"
        text[i][j] = t
    with style.style():
        fig = style.figure(1.5 * len(test_ids) + 3.2, 0.62 * len(labels) + 1.6)
        ax = fig.subplots()
        ax.grid(False)
        im = ax.imshow(grid, cmap="viridis", vmin=0, vmax=1, aspect="auto")
        for i in range(len(labels)):
            for j in range(len(test_ids)):
                v = grid[i, j]
                ax.text(j, i, text[i][j], ha="center", va="center", fontsize=8,
                        color="black" if np.isfinite(v) and v > 0.6 else "white")  # fmt: skip
        ax.set_xticks(range(len(test_ids)), [short(t) for t in test_ids], rotation=30, ha="right")
        names = [f"evolved in {short(s)}" if k == "genome" else f"baseline: {s}" for k, s in labels]
        ax.set_yticks(range(len(labels)), names)
        ax.set_xlabel("tested in")
        fig.colorbar(im, ax=ax, label="reached the sea (median over genomes)",
                     format=FuncFormatter(style.percent))  # fmt: skip
        ax.set_title("Birth score across worlds: median (range over genomes)")
    return fig


def fans(out: Path, rows: list[dict], test_ids: list[str]):
    """Exit fans: one row per source world (its genomes' bearings pooled), one column per test
    world."""
    sources = list(dict.fromkeys(r["source_world"] for r in rows if r["kind"] == "genome"))
    with style.style():
        fig = style.figure(2.9 * len(test_ids) + 1.0, 3.2 * len(sources) + 0.6)
        axes = fig.subplots(len(sources), len(test_ids), squeeze=False,
                            subplot_kw={"projection": "polar"})  # fmt: skip
        for i, src in enumerate(sources):
            for j, test in enumerate(test_ids):
                ax = axes[i, j]
                b, o = [], []
                for r in rows:
                    if (r["kind"], r["source_world"], r["test_world"]) == ("genome", src, test):
                        got = read_exits(exits_path(out, r["source"], test))
                        if got is not None:
                            b.append(got[0])
                            o.append(got[1])
                if not b:
                    ax.set_visible(False)
                    continue
                ax.grid(True, color="#dddddd")
                summary = draw_fan(ax, np.concatenate(b), np.concatenate(o))
                ax.set_xlabel(summary.split("\n")[0], fontsize=7)
                ax.tick_params(labelsize=6.5)
                ax.set_title(f"{short(src)} → {short(test)}", fontsize=8.5, pad=10)
        handles = {}
        for ax in axes.ravel():
            for h, label in zip(*ax.get_legend_handles_labels(), strict=True):
                handles.setdefault(label.split(" (")[0], h)
        fig.legend(list(handles.values()), list(handles), loc="outside lower center",
                   ncols=max(len(handles), 1), title="outcome")  # fmt: skip
        fig.suptitle("Exit bearings from the nest (evolved in → tested in)", fontweight="bold")
    return fig


def sweep_figure(rows: list[dict]):
    """Birth score and share misoriented against light intensity, white against amber: the
    median over genomes per source world, its range shaded."""
    from instinct.transfer.sweep import parse_setting

    sweep = [r for r in rows if r["kind"] == "sweep"]
    sources = list(dict.fromkeys(r["source_world"] for r in sweep))
    with style.style():
        fig = style.figure(10.5, 4.0)
        axes = fig.subplots(1, 2)
        dash = {"white": "-", "amber": "--"}
        for k, src in enumerate(sources):
            for colour in ("white", "amber"):
                cells = {}
                for r in sweep:
                    c, intensity = parse_setting(r["setting"])
                    if c == colour and r["source_world"] == src:
                        cells.setdefault(intensity, []).append(r)
                if not cells:
                    continue
                xs = sorted(cells)
                for ax, m in zip(axes, ("success_rate", "misoriented"), strict=True):
                    v = [np.array([r[m] for r in cells[x]]) for x in xs]
                    med = [np.median(a) for a in v]
                    ax.plot(xs, med, dash[colour], color=style.color(k), marker="o", ms=3.5,
                            label=f"evolved in {short(src)}, {colour}")  # fmt: skip
                    ax.fill_between(xs, [a.min() for a in v], [a.max() for a in v],
                                    color=style.color(k), alpha=0.12, lw=0)  # fmt: skip
        for ax, title in zip(axes, ("reached the sea", "misoriented"), strict=True):
            ax.set_xscale("log")
            ax.set_ylim(0, 1)
            ax.yaxis.set_major_formatter(FuncFormatter(style.percent))
            ax.set_xlabel("light intensity (every light, Hatchling-Lit-v1)")
            ax.set_title(title)
        axes[1].legend(loc="upper left")
        fig.suptitle("Light pollution: white against amber lights", fontweight="bold")
    return fig
