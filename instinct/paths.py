"""Every file and folder name of a run's layout, and the few functions that find them (after
open_lth's foundations/paths.py). Nothing here imports the loop, the lottery, plots or viewer.

    runs/<name>/                          name: <env>-<encoding>-<strategy>-s<seed> (-2, -3...)
      config.toml  metrics.csv  best.dna  result.json  exits.csv
      checkpoints/gen_NNNNNN.npz (+ .dna)   strategy state after NNNNNN generations
      plots/                              figures
      lottery/<tag>/                      one prune; tag <method>-<scope>-r<rate>-s<seed>
        curve.csv  inputs.csv  senses.csv
        level_NN/{ticket.dna, controls.csv, level.json, evolve/[ticket/]metrics.csv}
      lottery/during-c<cost>-p<rate>-s<seed>/   evolution under sparsity pressure (a run folder)
    bits/<encoding>-<size>-s<seed>/       `instinct bits` cells, each a run folder
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

CONFIG = "config.toml"
METRICS = "metrics.csv"
BEST = "best.dna"
RESULT = "result.json"
EXITS = "exits.csv"
CHECKPOINTS = "checkpoints"
PLOTS = "plots"
LOTTERY = "lottery"
CURVE = "curve.csv"
INPUTS = "inputs.csv"
SENSES = "senses.csv"
TICKET = "ticket.dna"
CONTROLS = "controls.csv"
LEVEL_JSON = "level.json"
LEVEL_EVOLVE = "evolve"

LEVEL = re.compile(r"^level_(\d+)$")
TAG = re.compile(r"^(?P<method>[a-z_]+)-(?P<scope>global|layer)-r(?P<rate>[0-9.eE+-]+)$")
AT = re.compile(r"^(?P<method>[a-z_]+)-(?P<scope>global|layer)-at(?P<at>[0-9._]+)$")
DURING = re.compile(r"^during-c(?P<cost>[^-]+)-p(?P<rate>[^-]+)$")


def checkpoint_name(generation: int) -> str:
    return f"gen_{generation:06d}.npz"


def level_name(level: int) -> str:
    return f"level_{level:02d}"


def prune_tag(method: str, scope: str, rate: float, seed: int, remaining=()) -> str:
    """'strong-global-r0.2-s3'; with an explicit schedule 'supermask-global-at20_5-s3'."""
    if remaining:
        at = "_".join(f"{100 * f:g}" for f in remaining)
        return f"{method}-{scope}-at{at}-s{seed}"
    return f"{method}-{scope}-r{rate:g}-s{seed}"


def during_tag(cost: float, prune_rate: float, seed: int) -> str:
    return f"during-c{cost:g}-p{prune_rate:g}-s{seed}"


def method_name(tag: str) -> str:
    """'strong-global-r0.2-s3' -> 'strong (global, 20%/level)'; other tags lose their seed."""
    base = re.sub(r"-s\d+$", "", tag)
    m = TAG.match(base)
    if m:
        return f"{m['method']} ({m['scope']}, {100 * float(m['rate']):g}%/level)"
    a = AT.match(base)
    if a:
        at = ", ".join(f"{f}%" for f in a["at"].split("_"))
        return f"{a['method']} ({a['scope']}, at {at})"
    d = DURING.match(base)
    if d:
        return f"during evolution (cost {d['cost']})"
    return base


def tag_dirs(run_path: Path) -> list[Path]:
    """The run's prune folders, sorted: RUN/lottery/<tag>, or <out>/<tag> when `instinct prune
    --out` (or a genome file as its source) put them in a folder of their own."""
    root = Path(run_path) / LOTTERY
    if not root.is_dir():
        root = Path(run_path)
        if not root.is_dir():
            return []
    return sorted(d for d in root.iterdir() if d.is_dir() and _is_tag(d))


def _is_tag(d: Path) -> bool:
    return (d / CURVE).is_file() or any(LEVEL.match(c.name) for c in d.iterdir())


def level_dirs(tag: Path) -> list[tuple[int, Path]]:
    """(level, folder) of each level_NN folder of one prune, by level."""
    out = [(int(m.group(1)), c) for c in tag.iterdir() if (m := LEVEL.match(c.name)) and c.is_dir()]
    return sorted(out)


def read_csv(path: Path) -> list[dict]:
    """Rows of a CSV file a run wrote; [] when it is missing or unreadable."""
    try:
        with open(path, newline="") as fh:
            return list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def number(v) -> float:
    """A CSV cell as a float, NaN when empty or not a number."""
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def pick_ticket(run_path: Path, keep: float = 0.9) -> tuple[Path, str] | None:
    """(ticket.dna, description) to show as 'the ticket': of the first prune, the sparsest level
    whose birth score keeps `keep` of the dense one (else the sparsest level); None if none."""
    for tag in tag_dirs(run_path):
        levels = [(lv, d) for lv, d in level_dirs(tag) if (d / TICKET).is_file()]
        if not levels:
            continue
        rows = {int(number(r.get("level"))): r for r in read_csv(tag / CURVE)}
        good = [
            (lv, d) for lv, d in levels if number(rows.get(lv, {}).get("relative_to_dense")) >= keep
        ]
        lv, d = (good or levels)[-1]
        frac = number(rows.get(lv, {}).get("weights_remaining"))
        left = f", {100 * frac:.3g}% of weights" if frac == frac else ""
        return d / TICKET, f"{method_name(tag.name)} level {lv}{left}"
    return None
