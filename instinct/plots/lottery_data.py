"""Reading a run's lottery output (instinct/lottery/runner.py writes it):

    RUN/lottery/<method>-<scope>-r<rate>-s<seed>/      one prune ("tag"); one per prune seed
      curve.csv            per level: weights_remaining, birth_mean, birth_ci_lo, birth_ci_hi,
                           relative_to_dense, and <control>_mean / _ci_lo / _ci_hi per control
      level_NN/ticket.dna  the ticket: genome + mask, birth score in the header
      level_NN/controls.csv   network, weights_remaining, mean, ci_lo, ci_hi (read if no curve.csv)
      level_NN/evolve/[ticket/]metrics.csv   generations evolved at that level (imp, supermask)
    RUN/lottery/during-c<cost>-p<rate>-s<seed>/        evolution under sparsity pressure: a run
                           folder of its own, with a one-row curve.csv

Tags that differ only in their seed are one method: the figures pool them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from instinct.paths import (  # the layout lives in instinct/paths.py; re-exported for the figures
    LEVEL,
    TAG,
    level_dirs,
    method_name,
    pick_ticket,
    tag_dirs,
)
from instinct.paths import number as _f
from instinct.paths import read_csv as _read_csv

__all__ = ["LEVEL", "TAG", "Point", "Series", "level_dirs", "level_generations", "method_name",
           "pick_ticket", "read_series", "tag_dirs"]  # fmt: skip


@dataclass
class Point:
    level: int
    fraction: float  # of the network's weights (biases aside) that remain
    mean: float
    lo: float
    hi: float


@dataclass
class Series:
    method: str  # readable name of the prune, seed aside, e.g. "strong (global, 20%/level)"
    name: str  # "ticket" or a control's name
    tag: str = ""  # the folder it came from
    points: list[Point] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.method}: {self.name}"


def level_generations(level_dir: Path) -> int:
    """Generations evolved at a level (imp: evolve/ticket/, supermask: evolve/), 0 for none."""
    for m in (
        level_dir / "evolve" / "ticket" / "metrics.csv",
        level_dir / "evolve" / "metrics.csv",
    ):
        if m.is_file():
            with open(m, newline="") as fh:
                return max(sum(1 for _ in fh) - 1, 0)
    return 0


def read_series(run_path: Path) -> list[Series]:
    """Every line of the run's lottery curves: each prune's ticket and each of its controls."""
    out = []
    for tag in tag_dirs(run_path):
        rows = _read_csv(tag / "curve.csv")
        lines = _from_curve(rows) if rows else _from_levels(tag)
        method = method_name(tag.name)
        for name, points in lines.items():
            out.append(Series(method, name, tag.name, sorted(points, key=lambda p: p.level)))
    return out


def _from_curve(rows: list[dict]) -> dict[str, list[Point]]:
    controls = [c[: -len("_mean")] for c in rows[0] if c.endswith("_mean") and c != "birth_mean"]
    lines: dict[str, list[Point]] = {}
    for i, r in enumerate(rows):
        level = int(_f(r.get("level"))) if r.get("level") not in (None, "") else i
        frac = _f(r.get("weights_remaining"))
        for name, prefix in [("ticket", "birth")] + [(c, c) for c in controls]:
            mean = _f(r.get(f"{prefix}_mean"))
            if mean == mean:  # not NaN: this line has a value at this level
                lo, hi = _f(r.get(f"{prefix}_ci_lo")), _f(r.get(f"{prefix}_ci_hi"))
                lines.setdefault(_pretty(name), []).append(Point(level, frac, mean, lo, hi))
    return lines


def _from_levels(tag: Path) -> dict[str, list[Point]]:
    lines: dict[str, list[Point]] = {}
    for level, d in level_dirs(tag):
        for r in _read_csv(d / "controls.csv"):
            p = Point(
                level,
                _f(r.get("weights_remaining")),
                _f(r.get("mean")),
                _f(r.get("ci_lo")),
                _f(r.get("ci_hi")),
            )
            if p.mean == p.mean:
                lines.setdefault(_pretty(r.get("network") or "?"), []).append(p)
    return lines


def _pretty(name: str) -> str:
    return name.replace("_", " ")
