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

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

LEVEL = re.compile(r"^level_(\d+)$")
TAG = re.compile(r"^(?P<method>[a-z_]+)-(?P<scope>global|layer)-r(?P<rate>[0-9.eE+-]+)$")


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


def method_name(tag: str) -> str:
    """'strong-global-r0.2-s3' -> 'strong (global, 20%/level)'; other tags lose their seed."""
    base = re.sub(r"-s\d+$", "", tag)
    m = TAG.match(base)
    if m:
        return f"{m['method']} ({m['scope']}, {100 * float(m['rate']):g}%/level)"
    d = re.match(r"^during-c(?P<cost>[^-]+)-p(?P<rate>[^-]+)$", base)
    if d:
        return f"during evolution (cost {d['cost']})"
    return base


def tag_dirs(run_path: Path) -> list[Path]:
    root = Path(run_path) / "lottery"
    if not root.is_dir():
        return []
    return sorted(d for d in root.iterdir() if d.is_dir() and _is_tag(d))


def _is_tag(d: Path) -> bool:
    return (d / "curve.csv").is_file() or any(LEVEL.match(c.name) for c in d.iterdir())


def level_dirs(tag: Path) -> list[tuple[int, Path]]:
    out = [(int(m.group(1)), c) for c in tag.iterdir() if (m := LEVEL.match(c.name)) and c.is_dir()]
    return sorted(out)


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


def _read_csv(path: Path) -> list[dict]:
    try:
        with open(path, newline="") as fh:
            return list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def _f(v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


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


def pick_ticket(run_path: Path, keep: float = 0.9) -> tuple[Path, str] | None:
    """(ticket.dna, description) to show as 'the ticket': of the first prune, the sparsest level
    whose birth score keeps `keep` of the dense one (else the sparsest level); None if none."""
    for tag in tag_dirs(run_path):
        levels = [(lv, d) for lv, d in level_dirs(tag) if (d / "ticket.dna").is_file()]
        if not levels:
            continue
        rows = {int(_f(r.get("level"))): r for r in _read_csv(tag / "curve.csv")}
        good = [
            (lv, d) for lv, d in levels if _f(rows.get(lv, {}).get("relative_to_dense")) >= keep
        ]
        lv, d = (good or levels)[-1]
        frac = _f(rows.get(lv, {}).get("weights_remaining"))
        left = f", {100 * frac:.3g}% of weights" if frac == frac else ""
        return d / "ticket.dna", f"{method_name(tag.name)} level {lv}{left}"
    return None
