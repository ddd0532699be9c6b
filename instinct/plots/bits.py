"""Genome bits: birth score against what the genome costs to hand on, per encoding.

Each run is a small point at (bits of its best genome, zlib-compressed; held-out birth score) and
each group of seeds a large marker at the medians with the 95% CI of the birth score. Lottery
tickets are drawn as open markers at the genome's bits plus their compressed mask. A dotted
vertical line marks what the network's parameters cost written out as float32.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np

from instinct.plots import style
from instinct.plots.data import Group, Run, short_env
from instinct.plots.lottery_data import level_dirs, tag_dirs

MARKERS = {"seeds": "o", "direct": "s", "cppn": "^", "gnet": "D", "mask": "P"}


def genome_bits(path: Path) -> tuple[int, int] | None:
    """(zlib-compressed bits of the payload, of the mask or 0) of a .dna file, or None."""
    from instinct.genome import fileformat

    try:
        g = fileformat.load(path)
    except Exception:  # noqa: BLE001  unreadable: no point on the figure
        return None
    payload = 8 * len(zlib.compress(np.ascontiguousarray(g.payload).tobytes(), 9))
    mask = 0
    if g.mask is not None:
        mask = 8 * len(zlib.compress(np.packbits(np.asarray(g.mask) != 0).tobytes(), 9))
    return payload, mask


def _run_point(run: Run):
    bits = genome_bits(run.path / "best.dna")
    if bits is None or not run.result or run.result.get("mean_return") is None:
        return None
    lo, hi = (run.result.get("ci95") or [run.result["mean_return"]] * 2)[:2]
    return bits[0], float(run.result["mean_return"]), float(lo), float(hi)


def _num_params(run: Run) -> int | None:
    from instinct.genome import fileformat

    try:
        return fileformat.load(run.path / "best.dna").arch.num_params
    except Exception:  # noqa: BLE001
        return None


def _ticket_points(run: Run) -> list[tuple[float, float]]:
    """(genome + mask bits, birth score) of every pruned ticket the run's lottery wrote."""
    out = []
    for tag in tag_dirs(run.path):
        for _, d in level_dirs(tag):
            bits = genome_bits(d / "ticket.dna")
            score = _birth(d / "ticket.dna")
            if bits is not None and bits[1] and score is not None:
                out.append((bits[0] + bits[1], score))
    return out


def _birth(path: Path) -> float | None:
    from instinct.genome import fileformat

    try:
        score = fileformat.load(path).birth_score or {}
    except Exception:  # noqa: BLE001
        return None
    mean = score.get("mean_return")
    return None if mean is None else float(mean)


def plot_bits(groups: list[Group], out_dir: Path, formats=style.FORMATS, name="genome-bits"):
    """Write the genome-bits figures; returns the files written."""
    return style.save_all(bits_figures(groups, name), out_dir, formats)


def bits_figures(groups: list[Group], name="genome-bits") -> list[tuple[str, object]]:
    """(file stem, Figure) per env whose runs have a best genome and a result."""
    out = []
    envs = list(dict.fromkeys(g.env for g in groups))
    for env in envs:
        data = []
        for g in (g for g in groups if g.env == env):
            pts = [p for r in g.runs if (p := _run_point(r)) is not None]
            if pts:
                data.append((g, np.array(pts), [t for r in g.runs for t in _ticket_points(r)]))
        if not data:
            continue
        with style.style():
            fig = style.figure(6.6, 4.4)
            ax = fig.subplots()
            _draw(ax, data)
            ax.set_title(f"Birth score against genome size · {short_env(env)}")
            out.append((name if len(envs) == 1 else f"{name}-{short_env(env).lower()}", fig))
    return out


def _draw(ax, data) -> None:
    sizes = set()
    for g, pts, tickets in data:
        c, enc = style.color(g.index), g.runs[0].config.get("encoding", "?")
        m = MARKERS.get(enc, "o")
        ax.scatter(pts[:, 0], pts[:, 1], s=14, color=c, alpha=0.45, marker=m, lw=0)
        x, y = float(np.median(pts[:, 0])), float(np.median(pts[:, 1]))
        if len(pts) > 1:
            lo, hi = np.percentile(pts[:, 1], [2.5, 97.5])
        else:
            lo, hi = pts[0, 2], pts[0, 3]
        ax.errorbar(
            [x],
            [y],
            yerr=[[y - lo], [hi - y]],
            color=c,
            marker=m,
            ms=8,
            capsize=3,
            lw=1.4,
            label=g.label,
        )
        if tickets:
            t = np.array(tickets)
            ax.scatter(
                t[:, 0],
                t[:, 1],
                s=26,
                facecolors="none",
                edgecolors=c,
                marker=m,
                lw=1.0,
                label=f"{g.label}: lottery tickets (genome + mask)",
            )
        d = _num_params(g.runs[0])
        if d:
            sizes.add(32 * d)
    for k, bits in enumerate(sorted(sizes)):
        ax.axvline(
            bits,
            color=style.GREY,
            ls=":",
            lw=1.3,
            label="the network as float32" if k == 0 else None,
        )
    ax.set_xscale("log")
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo / 1.5, hi * 1.5)
    style.log_ticks(ax.xaxis)
    ax.set_xlabel("genome size (bits, zlib-compressed, log scale)")
    ax.set_ylabel("birth score (mean return, held-out episodes)")
    # below the axes, never over a point
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2)
