"""Fitness over generations, and beside it the fraction of weights remaining (sparsity).

Each generation meets new episodes, so raw fitness jumps from one generation to the next: per group
of runs (one config, several seeds) the figure draws the population median smoothed over a few
generations in front (with a 95% bootstrap CI over seeds when there are several), and behind it
the raw median and the population's 10-90% band; the best genome's fitness, smoothed, is dashed.
Runs whose evolution prunes get a panel of weights remaining per generation; runs pruned after
evolution (`instinct prune`) a panel of weights remaining per lottery level, on its own x axis.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from instinct import paths
from instinct.plots import style
from instinct.plots.data import Group, Run, median_ci, short_env, stack
from instinct.plots.lottery import pool
from instinct.plots.lottery_data import level_dirs, level_generations, read_series


def lottery_levels(group: Group) -> list[tuple[int, float, int]]:
    """(level, fraction of weights remaining, generations evolved at it) of the first prune's
    tickets, the fraction a median over the group's runs and prune seeds."""
    first = None
    per = []
    for run in group.runs:
        for s in read_series(run.path):
            if s.name == "ticket" and (first is None or s.method == first.method):
                first = first or s
                per.append((run, s))
    if not per or len(first.points) < 2:
        return []
    frac, _, _, _ = pool([s for _, s in per])
    run = per[0][0]
    gens = {lv: level_generations(d) for lv, d in level_dirs(run.path / paths.LOTTERY / first.tag)}
    levels = sorted({p.level for _, s in per for p in s.points})
    return [(lv, float(f), gens.get(lv, 0)) for lv, f in zip(levels, frac, strict=False)]


def evolves_sparsity(run: Run) -> bool:
    """Whether the run's own evolution removed weights (gates, sparsity pressure)."""
    w = run.metrics.get("weights_remaining")
    return bool(w is not None and np.isfinite(w).any() and np.nanmin(w) < 0.999)


def _band(ax, x, lo, hi, color, alpha):
    ok = np.isfinite(lo) & np.isfinite(hi)
    if ok.any():
        ax.fill_between(x[ok], lo[ok], hi[ok], color=color, alpha=alpha, lw=0)


def window(generations: int) -> int:
    """Smoothing window: an odd number of generations, about a twelfth of the run (3 to 15)."""
    w = int(np.clip(round(generations / 12), 3, 15))
    return w if w % 2 else w + 1


def smooth(y: np.ndarray, w: int) -> np.ndarray:
    """Centred moving mean over w generations along axis 0 (NaN skipped; the window shrinks at
    the ends, so the line is not shifted)."""
    y = np.asarray(y, np.float64)
    out = np.full(y.shape, np.nan)
    half = w // 2
    for i in range(y.shape[0]):  # a figure's few hundred generations: no hot path
        part = y[max(0, i - half) : i + half + 1]
        ok = np.isfinite(part)
        counts = ok.sum(axis=0)
        total = np.where(ok, part, 0.0).sum(axis=0)
        out[i] = np.where(counts > 0, total / np.maximum(counts, 1), np.nan)
    return out


def _fitness_panel(ax, groups: list[Group]) -> tuple[bool, int]:
    """Per group: the population's 10-90% band and its raw median behind, the median smoothed
    over a few generations in front (with its 95% CI over seeds), and the best genome smoothed.
    Returns (pooled over seeds, the smoothing window)."""
    pooled, w = False, 3
    for g in groups:
        c = style.color(g.index)
        gens, best = stack(g.runs, "best")
        _, med = stack(g.runs, "median")
        _, p10 = stack(g.runs, "p10")
        _, p90 = stack(g.runs, "p90")
        w = window(gens.size)
        _band(ax, gens, np.nanmedian(p10, 1), np.nanmedian(p90, 1), c, 0.10)
        raw = np.nanmedian(med, 1)
        ax.plot(gens, raw, color=c, lw=0.9, alpha=0.45, gid="median-raw")
        m, lo, hi = median_ci(smooth(med, w))
        if med.shape[1] > 1:
            pooled = True
            _band(ax, gens, lo, hi, c, 0.28)
        ax.plot(gens, m, color=c, lw=2.2, gid="median-smooth")
        ax.plot(gens, np.nanmedian(smooth(best, w), 1), color=c, lw=1.3, ls="--", gid="best")
    ax.set_xlabel("generation")
    ax.set_ylabel("fitness (mean return per episode)")
    ax.set_title("Fitness over generations")
    ax.margins(x=0.01)
    return pooled, w


def _sparsity_panel(ax, groups: list[Group]) -> None:
    """Weights remaining over generations, for runs whose evolution prunes (gates)."""
    lowest = 1.0
    for g in groups:
        c = style.color(g.index)
        gens, w = stack(g.runs, "weights_remaining")
        m, lo, hi = median_ci(w)
        if w.shape[1] > 1:
            _band(ax, gens, lo, hi, c, 0.28)
        ax.plot(gens, m, color=c, lw=2.0, drawstyle="steps-post")
        lowest = min(lowest, float(np.nanmin(w)) if np.isfinite(w).any() else 1.0)
    _fraction_axis(ax, lowest)
    ax.set_xlabel("generation")
    ax.set_ylabel("weights remaining (% of the network)")
    ax.set_title("Sparsity over generations")


def _levels_panel(ax, groups: list[Group]) -> None:
    """Weights remaining at each lottery level after evolution: its own x axis (levels, not
    generations), the generations evolved at a level written beside its marker."""
    from matplotlib.ticker import MaxNLocator

    lowest = 1.0
    for g in groups:
        levels = lottery_levels(g)
        if not levels:
            continue
        c = style.color(g.index)
        xs = [lv for lv, _, _ in levels]
        ys = [f for _, f, _ in levels]
        ax.plot(xs, ys, color=c, lw=2.0, marker="D", ms=4)
        lowest = min(lowest, min(ys))
        for lv, f, gens in levels:
            if gens:
                ax.annotate(f"{gens} gen.", (lv, f), xytext=(4, 3), textcoords="offset points",
                            fontsize=7, color=c)  # fmt: skip
    _fraction_axis(ax, lowest)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("lottery level (0: the evolved network)")
    ax.set_ylabel("weights remaining (% of the network)")
    ax.set_title("Pruned after evolution")


def _fraction_axis(ax, lowest: float) -> None:
    if lowest < 0.05:
        ax.set_yscale("log")
        ax.set_ylim(lowest / 1.6, 1.6)
        ax.yaxis.set_minor_formatter(style.minor_percent)
    else:
        ax.set_ylim(0, 1.08)
    ax.yaxis.set_major_formatter(style.percent)


def _legend(fig, groups: list[Group], pooled: bool, w: int) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = []
    if len(groups) > 1 or len(groups[0].runs) > 1:
        handles += [Line2D([], [], color=style.color(g.index), lw=3, label=g.label) for g in groups]
    k = style.color(groups[0].index) if len(groups) == 1 else style.INK  # keys as lines look
    handles += [
        Line2D([], [], color=k, lw=2.2, label=f"population median, smoothed ({w} generations)"),
        Line2D([], [], color=k, lw=0.9, alpha=0.45, label="population median, raw"),
        Patch(color=k, alpha=0.12, lw=0, label="population 10–90%"),
        Line2D([], [], color=k, lw=1.3, ls="--", label="best genome, smoothed"),
    ]
    if pooled:
        handles.append(Patch(color=k, alpha=0.3, lw=0, label="95% CI of the median over seeds"))
    style.legend_below(fig, handles)


def plot_fitness(groups: list[Group], out_dir: Path, formats=style.FORMATS, name="fitness"):
    """Write the fitness figures; returns the files written."""
    return style.save_all(fitness_figures(groups, name), out_dir, formats)


def fitness_figures(groups: list[Group], name="fitness") -> list[tuple[str, object]]:
    """(file stem, Figure) per env: fitness, and beside it sparsity over generations where
    evolution prunes, and the weights left per lottery level where the runs were pruned."""
    out = []
    envs = list(dict.fromkeys(g.env for g in groups))
    for env in envs:
        mine = [g for g in groups if g.env == env and any(r.generations for r in g.runs)]
        if not mine:
            continue
        gated = [g for g in mine if any(evolves_sparsity(r) for r in g.runs)]
        pruned = [g for g in mine if lottery_levels(g)]
        extra = [(p, gs) for p, gs in ((_sparsity_panel, gated), (_levels_panel, pruned)) if gs]
        with style.style():
            fig = style.figure(6.6 + 4.0 * len(extra), 4.4)
            axes = fig.subplots(1, 1 + len(extra), width_ratios=[1.6] + [1] * len(extra))
            axes = np.atleast_1d(axes)
            for ax, (panel, gs) in zip(axes[1:], extra, strict=True):
                panel(ax, gs)
            pooled, w = _fitness_panel(axes[0], mine)
            _baseline_lines(axes[0], env, mine[0].runs[0].path.parent)
            if extra:
                fig.suptitle(short_env(env), fontsize=12, fontweight="bold")
            else:
                axes[0].set_title(f"Fitness over generations · {short_env(env)}")
            _legend(fig, mine, pooled, w)
            out.append((name if len(envs) == 1 else f"{name}-{_slug(env)}", fig))
    return out


def _baseline_lines(ax, env_id: str, runs_dir: Path) -> None:
    """The world's baselines (mean return on held-out episodes) as labelled reference lines."""
    from instinct.baselines import reference_lines

    for r in reference_lines(env_id, out=runs_dir) or []:
        ax.axhline(r["mean_return"], color=style.GREY, lw=0.9, ls=":", zorder=0)
        ax.annotate(
            f"{r['name']} {100 * r['success_rate']:.0f}%",
            (1, r["mean_return"]),
            xycoords=("axes fraction", "data"),
            xytext=(-3, 2),
            textcoords="offset points",
            ha="right",
            fontsize=6.5,
            color=style.GREY,
        )


def _slug(env_id: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in short_env(env_id).lower()).strip("-")
