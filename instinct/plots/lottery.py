"""Lottery curves (after Frankle & Carbin 2019): birth score against the fraction of weights left.

One panel per config that has lottery output. The x axis is logarithmic and runs from the full
network (left) towards the sparsest ticket (right); each method's ticket is a solid line, each
searched control (given the ticket's own mask search) a dashed one, each unsearched control (the
ticket's mask over changed weights) a dotted one, each with its 95% band: over seeds
where several runs pool, else the birth score's own CI. A dotted line marks the full network.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from instinct.plots import style
from instinct.plots.data import Group, median_ci, short_env
from instinct.plots.lottery_data import Series, read_series

MARKERS = ["o", "s", "^", "v", "D", "P", "X", "<", ">"]


def pool(per_run: list[Series]):
    """Median over runs of one line, level by level: (fraction, mean, lo, hi) arrays."""
    levels = sorted({p.level for s in per_run for p in s.points})
    frac = np.full((len(levels), len(per_run)), np.nan)
    mean, lo, hi = frac.copy(), frac.copy(), frac.copy()
    for j, s in enumerate(per_run):
        for p in s.points:
            i = levels.index(p.level)
            frac[i, j], mean[i, j], lo[i, j], hi[i, j] = p.fraction, p.mean, p.lo, p.hi
    if len(per_run) == 1:
        return frac[:, 0], mean[:, 0], lo[:, 0], hi[:, 0]
    m, mlo, mhi = median_ci(mean)
    return np.nanmedian(frac, 1), m, mlo, mhi


def group_series(group: Group) -> dict[str, list[Series]]:
    """label -> that line's Series in each run and prune seed of the group that has it, the
    tickets first."""
    lines: dict[str, list[Series]] = {}
    for run in group.runs:
        for s in read_series(run.path):
            lines.setdefault(s.label, []).append(s)
    return dict(sorted(lines.items(), key=lambda kv: (kv[1][0].method, kv[1][0].name != "ticket")))


def _panel(ax, group: Group, lines: dict[str, list[Series]]) -> None:
    methods = {s.method for per_run in lines.values() for s in per_run}
    for k, (label, per_run) in enumerate(lines.items()):
        name = per_run[0].name
        searched = name.startswith("searched ")
        if not searched and name != "ticket" and not per_run[0].method.startswith("imp"):
            label, name = f"{label} (unsearched)", f"{name} (unsearched)"  # imp re-evolves its own
        if len(methods) == 1:
            label = name
        frac, mean, lo, hi = pool(per_run)
        ok = np.isfinite(frac) & np.isfinite(mean) & (frac > 0)
        x, y, a, b = frac[ok], mean[ok], lo[ok], hi[ok]  # in level order, as pruning went
        c = style.color(k)
        ticket = per_run[0].name == "ticket"
        ax.fill_between(x, a, b, color=c, alpha=0.2, lw=0)
        n = len(per_run)
        ax.plot(
            x,
            y,
            color=c,
            ls="-" if ticket else ("--" if searched else ":"),
            marker=MARKERS[k % len(MARKERS)],
            ms=4.5,
            label=label + (f" ({n} seeds)" if n > 1 else ""),
        )
    dense = [r.result["mean_return"] for r in group.runs if r.result and "mean_return" in r.result]
    if dense:
        ax.axhline(float(np.median(dense)), color=style.GREY, ls=":", lw=1.4, label="full network")
    ax.set_xscale("log")
    ax.invert_xaxis()
    ax.xaxis.set_major_formatter(style.percent)
    ax.xaxis.set_minor_formatter(style.minor_percent)
    ax.set_xlabel("weights remaining (% of the network, log scale)")
    ax.set_ylabel("birth score (mean return, held-out episodes)")
    pooled = any(len(per_run) > 1 for per_run in lines.values())
    band = "95% CI over seeds" if pooled else "95% CI of the birth score"
    # below the axes, never over a band
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2, title=f"bands: {band}")


def plot_lottery(groups: list[Group], out_dir: Path, formats=style.FORMATS, name="lottery"):
    """Write the lottery figure, if any run has lottery output; returns the files written."""
    return style.save_all(lottery_figures(groups, name), out_dir, formats)


def lottery_figures(groups: list[Group], name="lottery") -> list[tuple[str, object]]:
    """[(file stem, Figure)]: one panel per config and pruning method (a ticket beside its own
    controls, never beside another method's); [] when no run has lottery output."""
    panels = []
    for g in groups:
        lines = group_series(g)
        for method in dict.fromkeys(per[0].method for per in lines.values()):
            panels.append((g, {k: v for k, v in lines.items() if v[0].method == method}))
    if not panels:
        return []
    with style.style():
        cols = min(len(panels), 3)
        rows = -(-len(panels) // cols)
        fig = style.figure(5.6 * cols, 4.3 * rows)
        axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False).ravel())
        for ax, (g, lines) in zip(axes, panels, strict=False):
            _panel(ax, g, lines)
            methods = sorted({s.method for per in lines.values() for s in per})
            env = short_env(g.env)
            title = g.label if g.label.startswith(env) else " · ".join(filter(None, (env, g.label)))
            ax.set_title(title + (f"\n{methods[0]}" if len(methods) == 1 else ""), fontsize=10)
        for ax in axes[len(panels) :]:
            ax.set_visible(False)
        fig.suptitle(
            "Lottery tickets: birth score as the network is pruned", fontsize=12, fontweight="bold"
        )
    return [(name, fig)]
