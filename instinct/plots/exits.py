"""Hatchling exits: where hatchlings left the beach or were lost, as a circular histogram (a fan,
as field biologists draw the bearings of hatchling tracks; Salmon et al. 1992).

Reads `exits.csv` in a run folder: one row per held-out beach, the bearing from the nest to where
the hatchling ended (0 deg = straight to the sea, +90 = along the shore towards +x, 180 = into the
dunes) and its outcome. `instinct plot` writes that file first for a run of a world that has
exits (see `instinct.viewer.clutch.write_exits`). The fan puts the sea at the bottom, as the viewer
draws the beach; the arrow is the mean vector (its length r is 1 when every track is parallel).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from instinct import paths
from instinct.plots import style
from instinct.plots.data import Run, short_env

EXITS_FILE = paths.EXITS
OUTCOME_COLORS = {
    "reached sea": "#0072B2",
    "predated": "#D55E00",
    "exhausted": "#E69F00",
    "lost": "#CC79A7",
    "time limit": "#999999",
}
BIN_DEG = 15
# Bearings 0, 90, 180 and 270 degrees: towards the sea, along the shore both ways, inland.
SIDES = ["seaward\n(the sea)", "alongshore\n+x", "landward\n(dunes)", "alongshore\n−x"]


def read_exits(path: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """(bearings f64[n] in degrees, outcome names str[n]) from an exits.csv, or None."""
    try:
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    bearings, outcomes = [], []
    for r in rows:
        try:
            bearings.append(float(r["bearing_deg"]))
            outcomes.append(str(r.get("outcome") or "?"))
        except (KeyError, TypeError, ValueError):
            continue
    if not bearings:
        return None
    return np.asarray(bearings), np.asarray(outcomes)


def mean_vector(bearings_deg: np.ndarray) -> tuple[float, float]:
    """Mean bearing (deg) and mean resultant length r in [0, 1] (Batschelet 1981)."""
    a = np.deg2rad(np.asarray(bearings_deg, np.float64))
    a = a[np.isfinite(a)]
    if a.size == 0:
        return float("nan"), 0.0
    c, s = np.cos(a).mean(), np.sin(a).mean()
    return float(np.rad2deg(np.arctan2(s, c))), float(np.hypot(c, s))


def draw_fan(ax, bearings, outcomes) -> str:
    """Draw the fan; returns its summary line (n, mean bearing, r)."""
    edges = np.arange(-180, 180 + BIN_DEG, BIN_DEG)
    centres = np.deg2rad(edges[:-1] + BIN_DEG / 2)
    bottom = np.zeros(centres.size)
    kinds = [k for k in OUTCOME_COLORS if k in set(outcomes)] + sorted(
        set(outcomes) - set(OUTCOME_COLORS)
    )
    for k in kinds:
        wrapped = (bearings[outcomes == k] + 180) % 360 - 180
        counts, _ = np.histogram(wrapped, edges)
        n = int(counts.sum())
        if n == 0:  # no bar, so no legend entry (a bearing that is not a number draws none)
            continue
        ax.bar(
            centres,
            counts,
            width=np.deg2rad(BIN_DEG) * 0.92,
            bottom=bottom,
            color=OUTCOME_COLORS.get(k, style.GREY),
            edgecolor="white",
            lw=0.5,
            label=f"{k} ({n})",
        )
        bottom += counts
    ax.set_theta_zero_location("S")
    ax.set_theta_direction(1)
    ax.set_thetagrids([0, 90, 180, 270], SIDES)
    top = max(float(bottom.max()), 1.0)
    ax.set_rlim(0, top * 1.08)
    ax.set_rlabel_position(135)
    ax.tick_params(axis="y", labelsize=7.5, colors="#555555")
    mu, r = mean_vector(bearings)
    n = int(np.isfinite(bearings).sum())
    if n == 0:
        return f"n = 0 of {bearings.size} with a bearing\n"
    mu = round(mu) + 0.0  # no "-0"
    ax.annotate(
        "",
        xy=(np.deg2rad(mu), r * top),
        xytext=(0, 0),
        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.6},
    )
    return (
        f"n = {n}  ·  mean bearing {mu:+.0f}°  ·  r = {r:.2f} (arrow)\n"
        f"bars: hatchlings per {BIN_DEG}° sector"
    )


def plot_exits(runs: list[Run], out_dir: Path, formats=style.FORMATS, name="exits"):
    """Write the exits figure; returns the files written."""
    return style.save_all(exits_figures(runs, name), out_dir, formats)


def exits_figures(runs: list[Run], name="exits") -> list[tuple[str, object]]:
    """[(file stem, Figure)]: one fan per run that has exits.csv (at most 6); [] when none."""
    data = [(r, d) for r in runs if (d := read_exits(r.path / EXITS_FILE)) is not None][:6]
    if not data:
        return []
    with style.style():
        cols = min(len(data), 3)
        rows = -(-len(data) // cols)
        fig = style.figure(max(4.6 * cols, 5.6), 4.6 * rows + 0.8)
        axes = fig.subplots(rows, cols, squeeze=False, subplot_kw={"projection": "polar"}).ravel()
        handles = {}
        for ax, (run, (bearings, outcomes)) in zip(axes, data, strict=False):
            ax.grid(True, color="#dddddd")
            summary = draw_fan(ax, bearings, outcomes)
            which = run.name if len(data) > 1 else short_env(run.env)
            ax.set_title(which, fontsize=10, pad=14)
            ax.set_xlabel(summary, fontsize=9, labelpad=8)
            for h, label in zip(*ax.get_legend_handles_labels(), strict=True):
                handles.setdefault(label if len(data) == 1 else label.split(" (")[0], h)
        for ax in axes[len(data) :]:
            ax.set_visible(False)
        for label, h in handles.items():
            h.set_label(label)
        style.legend_below(fig, list(handles.values()), title="outcome")
        fig.suptitle("Hatchling exits: bearing from the nest", fontsize=12, fontweight="bold")
    return [(name, fig)]
