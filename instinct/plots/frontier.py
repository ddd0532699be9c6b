"""The `instinct bits` frontier figure: held-out birth score against description bits, every
cell's seed mean as a point, each encoding's Pareto front as a step line, and the world's
baselines at their own bits as labelled reference points."""

from __future__ import annotations

from pathlib import Path

from instinct.frontier import pareto
from instinct.plots import style
from instinct.plots.bits import MARKERS


def write_frontier_figure(path: Path, points: list[dict], key: str, baselines=None) -> None:
    label = {"success_rate": "success rate at birth (held-out)",
             "birth_mean": "birth score (mean return, held-out)"}[key]  # fmt: skip
    with style.style():
        fig = style.figure(6.4, 4.6)
        ax = fig.subplots()
        for k, enc in enumerate(dict.fromkeys(p["encoding"] for p in points)):
            mine = [p for p in points if p["encoding"] == enc]
            color, marker = style.color(k), MARKERS.get(enc, "o")
            ax.scatter([p["bits"] for p in mine], [p["score"] for p in mine], color=color,
                       marker=marker, s=22, alpha=0.55)  # fmt: skip
            front = pareto(mine)
            ax.step([p["bits"] for p in front], [p["score"] for p in front], where="post",
                    color=color, lw=1.8, marker=marker, ms=6,  # a one-point front still shows
                    label=f"{enc} (Pareto front)")  # fmt: skip
        col = "success_rate" if key == "success_rate" else "mean_return"
        for j, b in enumerate(baselines or []):
            bits, score = float(b["bits"]), float(b[col])
            ax.scatter([max(bits, 1.0)], [score], color=style.GREY, marker="*", s=60, zorder=3,
                       label="baselines (their bits)" if j == 0 else None)  # fmt: skip
            ax.annotate(str(b["name"]).split(" (")[0][:32], (max(bits, 1.0), score), fontsize=6.5,
                        xytext=(3, 3), textcoords="offset points", color=style.GREY)  # fmt: skip
        ax.set_xscale("log")
        style.log_ticks(ax.xaxis)
        ax.set_xlabel("description length (bits)")
        ax.set_ylabel(label)
        if key == "success_rate":
            ax.yaxis.set_major_formatter(style.percent)
        if points or baselines:
            ax.legend(fontsize=7, loc="best")
        ax.set_title("score against description bits")
    path = Path(path)
    style.save(fig, path.parent, path.stem, ("png",))
    import matplotlib.pyplot as plt

    plt.close(fig)
