"""One look for every figure: a colour-blind-safe palette, readable sizes, and saving.

Figures are built on `matplotlib.figure.Figure` directly (never pyplot), so plotting holds no global
state and works headless with any backend; `save` writes each requested format atomically.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
GREY = "#7f7f7f"
INK = "#404040"  # legend keys that stand for a line style rather than one coloured line
FORMATS = ("png", "svg")

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e6e6e6",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "lines.linewidth": 1.8,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.08,
    "svg.fonttype": "path",
}


def color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


@contextmanager
def style():
    """Apply the house style for the figures built inside the block."""
    import matplotlib

    with matplotlib.rc_context(RC):
        yield


def figure(width: float, height: float):
    """A new Figure (no pyplot) with constrained layout, so labels never overlap."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def legend_below(fig, handles, title: str | None = None) -> None:
    """The figure's legend under its axes, in as many columns as fit: never over the data."""
    if not handles:
        return
    longest = max(len(h.get_label()) for h in handles)
    fit = max(1, int(fig.get_figwidth() * 72 / (longest * 5.2 + 40)))
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), fit, 4),
               title=title)  # fmt: skip


def save_all(figures, out_dir: Path, formats=FORMATS) -> list[Path]:
    """Save each (name, figure) pair; returns every path written."""
    return [p for name, fig in figures for p in save(fig, out_dir, name, formats)]


def save(fig, out_dir: Path, name: str, formats=FORMATS) -> list[Path]:
    """Write fig as out_dir/name.<fmt> for each format; returns the paths written."""
    import io

    from instinct.atomic import write_bytes

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        buf = io.BytesIO()
        with style():
            fig.savefig(buf, format=fmt, metadata=_metadata(fmt))
        path = out_dir / f"{name}.{fmt}"
        write_bytes(path, buf.getvalue())
        paths.append(path)
    return paths


def _metadata(fmt: str) -> dict:
    # No creation date: rerunning `instinct plot` on the same runs gives the same files.
    if fmt == "svg":
        return {"Date": None, "Creator": "instinct"}
    if fmt == "png":
        return {"Software": "instinct"}
    return {}


def percent(x, _pos=None) -> str:
    """Tick label for a fraction: 1 -> '100%', 0.035 -> '3.5%'."""
    v = 100.0 * x
    if v >= 10 or v == int(v):
        return f"{v:.0f}%"
    return f"{v:.1f}%" if v >= 1 else f"{v:.2g}%"


def minor_percent(x, _pos=None) -> str:
    """Label the 2x and 5x minor ticks of a log axis, so that a short axis still has numbers."""
    import math

    if x <= 0:
        return ""
    lead = x / 10 ** math.floor(math.log10(x) + 1e-9)
    return percent(x) if round(lead) in (2, 5) and abs(lead - round(lead)) < 1e-6 else ""


def log_ticks(axis) -> None:
    """Plain numbers on a log axis (1, 2, 5, 10, 20, 50... with thousands separators)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}" if x >= 1 else f"{x:g}"))
    axis.set_minor_formatter(NullFormatter())
