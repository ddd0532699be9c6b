"""Fitness over generations, and beside it the fraction of weights remaining (sparsity).

Per group of runs (one config, several seeds): the best genome's fitness (median over seeds, with a
95% bootstrap CI when there are several), the population median (dashed) and the population's
10-90% band. Runs that prune, evolve under sparsity pressure or hold lottery output get a second
axis: weights remaining per generation, lottery levels marked along the generations.
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


def prunes(run: Run) -> bool:
    w = run.metrics.get("weights_remaining")
    sparse = w is not None and np.isfinite(w).any() and np.nanmin(w) < 0.999
    return bool(sparse or any(len(s.points) > 1 for s in read_series(run.path)))


def _band(ax, x, lo, hi, color, alpha):
    ok = np.isfinite(lo) & np.isfinite(hi)
    if ok.any():
        ax.fill_between(x[ok], lo[ok], hi[ok], color=color, alpha=alpha, lw=0)


def _fitness_panel(ax, groups: list[Group]) -> bool:
    pooled = False
    for g in groups:
        c = style.color(g.index)
        gens, best = stack(g.runs, "best")
        _, med = stack(g.runs, "median")
        _, p10 = stack(g.runs, "p10")
        _, p90 = stack(g.runs, "p90")
        m, lo, hi = median_ci(best)
        _band(ax, gens, np.nanmedian(p10, 1), np.nanmedian(p90, 1), c, 0.10)
        if best.shape[1] > 1:
            pooled = True
            _band(ax, gens, lo, hi, c, 0.28)
        ax.plot(gens, m, color=c, lw=2.0)
        ax.plot(gens, np.nanmedian(med, 1), color=c, lw=1.4, ls="--")
    ax.set_xlabel("generation")
    ax.set_ylabel("fitness (mean return per episode)")
    ax.set_title("Fitness over generations")
    ax.margins(x=0.01)
    return pooled


def _sparsity_panel(ax, groups: list[Group]) -> None:
    lowest = 1.0
    for g in groups:
        c = style.color(g.index)
        gens, w = stack(g.runs, "weights_remaining")
        m, lo, hi = median_ci(w)
        if w.shape[1] > 1:
            _band(ax, gens, lo, hi, c, 0.28)
        ax.plot(gens, m, color=c, lw=2.0, drawstyle="steps-post")
        lowest = min(lowest, float(np.nanmin(w)) if np.isfinite(w).any() else 1.0)
        levels = lottery_levels(g)
        if levels:
            lowest = min(lowest, min(f for _, f, _ in levels))
            _mark_levels(ax, levels, int(gens[-1]) + 1 if gens.size else 0, float(m[-1]), c)
    if lowest < 0.05:
        ax.set_yscale("log")
        ax.set_ylim(lowest / 1.6, 1.6)
        ax.yaxis.set_minor_formatter(style.minor_percent)
    else:
        ax.set_ylim(0, 1.08)
    ax.yaxis.set_major_formatter(style.percent)
    ax.set_xlabel("generation")
    ax.set_ylabel("weights remaining (% of the network)")
    ax.set_title("Sparsity over generations")


def _mark_levels(ax, levels, start: int, last: float, c) -> None:
    """Lottery levels after evolution, continuing the sparsity line as a staircase: each level's
    ticket for the generations evolved at it (one slot where a level evolved none)."""
    slot = max(1, start // 12)
    xs, ys = [start - 1, start], [last, last]
    for _, frac, gens in levels:
        xs.append(xs[-1] + (gens or slot))
        ys.append(frac)
    ax.plot(
        xs,
        ys,
        color=c,
        lw=2.0,
        drawstyle="steps-pre",
        marker="D",
        ms=3.5,
        markevery=list(range(2, len(ys))),
    )
    every = max(1, -(-len(levels) // 6))
    for k, (level, frac, _) in enumerate(levels):
        if k % every == 0 or k == len(levels) - 1:
            ax.annotate(
                f"L{level}",
                (xs[k + 2], frac),
                xytext=(3, 3),
                textcoords="offset points",
                fontsize=7.5,
                color=c,
            )
    ax.axvspan(start, xs[-1], color=style.GREY, alpha=0.08, lw=0)
    evolved = any(gens for _, _, gens in levels)
    text = "lottery levels" if evolved else "lottery levels\n(a slot each,\nno evolution)"
    ax.annotate(
        text,
        (start, 0),
        xycoords=("data", "axes fraction"),
        xytext=(3, 3),
        textcoords="offset points",
        fontsize=7.5,
        color=style.GREY,
    )


def _legend(fig, groups: list[Group], pooled: bool) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = []
    if len(groups) > 1 or len(groups[0].runs) > 1:
        handles += [Line2D([], [], color=style.color(g.index), lw=3, label=g.label) for g in groups]
    k = "#404040"
    handles += [
        Line2D([], [], color=k, lw=2.0, label="best genome"),
        Line2D([], [], color=k, lw=1.4, ls="--", label="population median"),
        Patch(color=k, alpha=0.12, lw=0, label="population 10–90%"),
    ]
    if pooled:
        handles.append(Patch(color=k, alpha=0.3, lw=0, label="95% CI of the median over seeds"))
    longest = max(len(h.get_label()) for h in handles)
    fit = max(1, int(fig.get_figwidth() * 72 / (longest * 5.2 + 40)))
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), fit, 4))


def plot_fitness(groups: list[Group], out_dir: Path, formats=style.FORMATS, name="fitness"):
    """Write the fitness figures; returns the files written."""
    return style.save_all(fitness_figures(groups, name), out_dir, formats)


def fitness_figures(groups: list[Group], name="fitness") -> list[tuple[str, object]]:
    """(file stem, Figure) per env: fitness, and sparsity beside it where runs prune."""
    out = []
    envs = list(dict.fromkeys(g.env for g in groups))
    for env in envs:
        mine = [g for g in groups if g.env == env and any(r.generations for r in g.runs)]
        if not mine:
            continue
        sparse = [g for g in mine if any(prunes(r) for r in g.runs)]
        with style.style():
            fig = style.figure(10.5 if sparse else 6.6, 4.4)
            if sparse:
                ax, ax_s = fig.subplots(1, 2, width_ratios=[1.5, 1])
                _sparsity_panel(ax_s, sparse)
            else:
                ax = fig.subplots()
            pooled = _fitness_panel(ax, mine)
            _baseline_lines(ax, env, mine[0].runs[0].path.parent)
            if sparse:
                fig.suptitle(short_env(env), fontsize=12, fontweight="bold")
            else:
                ax.set_title(f"Fitness over generations · {short_env(env)}")
            _legend(fig, mine, pooled)
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
