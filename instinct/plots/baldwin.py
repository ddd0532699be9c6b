"""The `instinct baldwin` figure: birth score against generations for each genome kind, one panel
per cue reliability (after Hinton & Nowlan 1987 and Fernando et al. 2018).

Each kind's line is the median over seeds of the population's success rate at each generation,
its band the interquartile range over seeds; a dashed line marks chance (1 / objects) and a dotted
one the best any policy without memory of the exposure can do (follow the cue or avoid it).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from instinct.plots import style

LABELS = {"ff": "instinct (feed-forward)", "rnn": "memory (Elman)", "gru": "memory (GRU)",
          "plastic": "learning (Hebbian)"}  # fmt: skip


def baldwin_figure(rows: list[dict]):
    """The Figure for baldwin.csv's rows (dicts as written or read back)."""
    rels = sorted({float(r["reliability"]) for r in rows})
    kinds = list(dict.fromkeys(r["kind"] for r in rows))
    fig = style.figure(3.4 * len(rels), 3.4)
    axes = fig.subplots(1, len(rels), sharey=True, squeeze=False)[0]
    handles = []
    for ax, rel in zip(axes, rels, strict=True):
        here = [r for r in rows if float(r["reliability"]) == rel]
        for k, kind in enumerate(kinds):
            mine = [r for r in here if r["kind"] == kind]
            gens = sorted({int(r["generation"]) for r in mine})
            if not gens:
                continue
            by = {g: [float(r["success_rate"]) for r in mine if int(r["generation"]) == g]
                  for g in gens}  # fmt: skip
            q = np.array([np.percentile(by[g], [25, 50, 75]) for g in gens])
            seeds = len({r["seed"] for r in mine})
            (line,) = ax.plot(gens, q[:, 1], color=style.color(k), lw=1.6,
                              label=f"{LABELS.get(kind, kind)} ({seeds} seeds)")  # fmt: skip
            ax.fill_between(gens, q[:, 0], q[:, 2], color=style.color(k), alpha=0.2, lw=0)
            if ax is axes[0]:
                handles.append(line)
        chance = float(here[0]["chance"])
        no_memory = float(here[0]["no_memory"])
        c = ax.axhline(chance, color=style.GREY, ls="--", lw=1, label="chance (1 / objects)")
        m = ax.axhline(no_memory, color=style.INK, ls=":", lw=1.2,
                       label="best without memory (cue alone)")  # fmt: skip
        if ax is axes[0]:
            handles += [c, m]
        ax.set_title(f"cue reliability {rel:g}")
        ax.set_xlabel("generation")
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(style.percent)
    axes[0].set_ylabel("success at birth (population)")
    style.legend_below(fig, handles)
    return fig


def write_baldwin_figure(path: Path, rows: list[dict]) -> Path:
    """Write the figure as PNG at `path` (and SVG beside it); returns the PNG's path."""
    path = Path(path)
    style.save(baldwin_figure(rows), path.parent, path.stem, ("png", "svg"))
    return path
