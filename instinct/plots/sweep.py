"""The `instinct bits` sweep figure: birth score (and success rate, where the world defines it)
against genome size in bits, one line per encoding, in the house style of every other figure.

Each encoding's line joins the mean over seeds at each genome size, with the band (or, at a
single size, an error bar) from the lowest to the highest seed; a dotted vertical line marks what
the network's parameters cost written out as float32.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from instinct.plots import style
from instinct.plots.bits import MARKERS


def sweep_figure(rows: list[dict]):
    """The Figure for bits.csv's rows (dicts as written or read back)."""
    panels = [("birth_mean", "birth score (mean return, held-out)")]
    if rows and all(str(r["success_rate"]) != "" for r in rows):
        panels.append(("success_rate", "success rate at birth (held-out)"))
    encodings = list(dict.fromkeys(r["encoding"] for r in rows))
    with style.style():
        fig = style.figure(5.4 * len(panels), 4.4)
        axes = np.atleast_1d(fig.subplots(1, len(panels)))
        for ax, (key, label) in zip(axes, panels, strict=True):
            for k, enc in enumerate(encodings):
                _line(ax, [r for r in rows if r["encoding"] == enc], key, enc, style.color(k))
            params = {int(r["params"]) for r in rows if str(r.get("params", "")) != ""}
            for j, d in enumerate(sorted(params)):
                ax.axvline(32 * d, color=style.GREY, ls=":", lw=1.3,
                           label="the network as float32" if j == 0 else None)  # fmt: skip
            ax.set_xscale("log")
            lo, hi = ax.get_xlim()
            ax.set_xlim(lo / 1.4, hi * 1.4)
            style.log_ticks(ax.xaxis)
            if key == "success_rate":
                ax.yaxis.set_major_formatter(style.percent)
            ax.set_xlabel("genome size (bits, log scale)")
            ax.set_ylabel(label)
        seeds = len({r["seed"] for r in rows}) if rows and "seed" in rows[0] else 0
        env = rows[0].get("env", "") if rows else ""
        fig.suptitle(
            "Birth score against genome size"
            + (f" · {env.split('/')[-1]}" if env else "")
            + (f" · {seeds} seeds" if seeds else ""),
            fontsize=12,
            fontweight="bold",
        )
        handles, labels = axes[0].get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda i: labels[i] not in encodings)
        handles = [handles[i] for i in order]  # the encodings first, in their order, then the line
        for h, i in zip(handles, order, strict=True):
            h.set_label(labels[i])
        style.legend_below(fig, handles, title="encoding (band: lowest to highest seed)")
    return fig


def _line(ax, rows: list[dict], key: str, enc: str, c: str) -> None:
    by_bits: dict[int, list[float]] = {}
    for r in rows:
        by_bits.setdefault(int(r["genome_bits"]), []).append(float(r[key]))
    x = np.array(sorted(by_bits), np.float64)
    ys = [np.array(by_bits[int(b)]) for b in x]
    mean = np.array([y.mean() for y in ys])
    lo, hi = np.array([y.min() for y in ys]), np.array([y.max() for y in ys])
    m = MARKERS.get(enc, "o")
    if x.size > 1:
        ax.fill_between(x, lo, hi, color=c, alpha=0.2, lw=0)
        ax.plot(x, mean, color=c, marker=m, ms=5, label=enc)
    else:  # one genome size: the spread over seeds as an error bar
        ax.errorbar(x, mean, yerr=[mean - lo, hi - mean], color=c, marker=m, ms=6, capsize=4,
                    lw=1.4, label=enc)  # fmt: skip


def write_sweep_figure(path: Path, rows: list[dict]) -> Path:
    """Write the figure as PNG at `path` (and SVG beside it); returns the PNG's path."""
    path = Path(path)
    style.save(sweep_figure(rows), path.parent, path.stem, ("png", "svg"))
    return path
