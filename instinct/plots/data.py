"""What the figures read: run folders (config.toml, metrics.csv, result.json) and how runs group.

Runs that differ only in their seed (and where they were written, or for how long they ran) are one
*group*: the figures pool them into a median with a confidence band. Groups are named by the
settings that tell them apart, so a legend says what each line is.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from instinct import paths
from instinct.errors import InstinctError
from instinct.files import read_regular_file

# Bounds on what a run folder from a stranger may make us read: far above any real run's files
# (metrics.csv is ~300 bytes a generation), far below what would exhaust memory.
MAX_METRICS_BYTES = 256 * 2**20
MAX_RESULT_BYTES = 16 * 2**20

# Settings that do not change what a run is: runs differing only in these are pooled.
NOT_CONFIG = {
    "seed",
    "out",
    "name",
    "generations",
    "checkpoint_every",
    "heldout_episodes",
    "path",
    "stop_fitness",
    "validation_episodes",
}
ALWAYS_NAMED = ("encoding", "strategy")


@dataclass
class Run:
    path: Path
    config: dict
    metrics: dict[str, np.ndarray]  # column -> f64[generations], sorted by generation
    result: dict | None = None

    @property
    def env(self) -> str:
        """The run's env; for prune output alone, the env its tickets were grown for."""
        if "env" in self.config:
            return str(self.config["env"])
        tickets = (
            t for tag in paths.tag_dirs(self.path) for t in sorted(tag.glob("level_*/ticket.dna"))
        )
        for ticket in list(tickets)[:1]:
            from instinct.genome.fileformat import GenomeFileError, load

            try:
                return load(ticket).env_id or "?"
            except GenomeFileError:
                pass
        return "?"

    seed = property(lambda self: self.config.get("seed", 0))
    name = property(lambda self: self.path.name)

    @property
    def generations(self) -> int:
        return len(self.metrics.get("generation", ()))

    def group_key(self) -> tuple:
        items = ((k, _hashable(v)) for k, v in self.config.items() if k not in NOT_CONFIG)
        return tuple(sorted(items))


@dataclass
class Group:
    """Runs of one config (different seeds), with the name and colour index a figure uses."""

    label: str
    runs: list[Run] = field(default_factory=list)
    index: int = 0

    env = property(lambda self: self.runs[0].env)


def _hashable(v):
    if isinstance(v, float) and v != v:
        return "nan"  # NaN != NaN would split runs of one config
    return tuple(v) if isinstance(v, list) else v


def _defaults() -> dict:
    """Every evolve setting's default, so runs written before a setting existed still pool with
    runs that leave it at its default."""
    from instinct.config import FIELDS

    return {
        k: (list(f.default) if isinstance(f.default, tuple) else f.default)
        for k, f in FIELDS.items()
    }


def is_run(path: Path) -> bool:
    """A run folder, or a folder that holds only `instinct prune` output (lottery/, or the prune
    folders themselves as `prune --out` writes them)."""
    if any((path / name).exists() for name in (paths.CONFIG, paths.METRICS, paths.LOTTERY)):
        return True
    return path.is_dir() and bool(paths.tag_dirs(path))


def find_runs(paths) -> list[Path]:
    """Run folders named on the command line; a folder of run folders stands for all of them."""
    found = []
    for p in map(Path, paths):
        if is_run(p):
            found.append(p)
        elif p.is_dir():
            inner = sorted(c for c in p.iterdir() if c.is_dir() and is_run(c))
            if not inner:
                raise InstinctError(f"{p} is neither a run folder nor a folder of run folders")
            found.extend(inner)
        else:
            raise InstinctError(f"no run folder at {p}")
    return list(dict.fromkeys(found))


def read_metrics(path: Path) -> dict[str, np.ndarray]:
    """metrics.csv as columns of floats (empty cells and text -> NaN), sorted by generation."""
    if not path.is_file():
        return {}
    text = read_regular_file(path, MAX_METRICS_BYTES, "metrics file").decode("utf-8", "replace")
    rows = [r for r in csv.DictReader(io.StringIO(text, newline=""))
            if None not in r.values() and None not in r]  # fmt: skip
    if not rows:
        return {}
    cols = {k: np.array([_float(r[k]) for r in rows]) for k in rows[0]}
    if "generation" in cols:
        order = np.argsort(cols["generation"], kind="stable")
        cols = {k: v[order] for k, v in cols.items()}
    return cols


def _float(s) -> float:
    try:
        return float(s)
    except (TypeError, ValueError):
        return float("nan")


def load_run(path: str | Path) -> Run:
    path = Path(path)
    config = {}
    if (path / paths.CONFIG).is_file():
        from instinct.config import read_toml

        config = {**_defaults(), **read_toml(path / paths.CONFIG)}
    result = None
    if (path / "result.json").is_file():
        try:
            result = json.loads(read_regular_file(path / "result.json", MAX_RESULT_BYTES, "result"))
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            result = None
    return Run(path, config, read_metrics(path / "metrics.csv"), result)


def load_runs(paths) -> list[Run]:
    return [load_run(p) for p in find_runs(paths)]


def group_runs(runs: list[Run]) -> list[Group]:
    """Runs pooled by config (seed aside), in order of first appearance, named by differences."""
    groups: dict[tuple, Group] = {}
    for run in runs:
        groups.setdefault(run.group_key(), Group("")).runs.append(run)
    out = list(groups.values())
    keys = sorted({k for g in out for k in g.runs[0].config} - NOT_CONFIG - {"env"})
    differing = [k for k in keys if len({_hashable(g.runs[0].config.get(k)) for g in out}) > 1]
    named = list(ALWAYS_NAMED) + [k for k in differing if k not in ALWAYS_NAMED]
    for i, g in enumerate(out):
        g.index = i
        parts = [_setting(k, g.runs[0].config.get(k)) for k in named if k in g.runs[0].config]
        if len({r.env for r in runs}) > 1:
            parts.insert(0, short_env(g.env))
        seeds = len(g.runs)
        g.label = " · ".join(parts) + (f"  ({seeds} seeds)" if seeds > 1 else "")
    return out


def _setting(key: str, value) -> str:
    if key in ALWAYS_NAMED:
        return str(value)
    if key == "hidden":
        return "hidden " + "×".join(map(str, value)) if value else "no hidden layer"
    return f"{key.replace('_', ' ')} {value}"


def short_env(env_id: str) -> str:
    return env_id.split("/")[-1]


def stack(runs: list[Run], column: str) -> tuple[np.ndarray, np.ndarray]:
    """(generations i64[G], values f64[G, R]) of one metrics column over runs; NaN where a run
    has no row for that generation (runs of different lengths)."""
    gens = sorted({int(g) for r in runs for g in r.metrics.get("generation", [])})
    index = {g: i for i, g in enumerate(gens)}
    values = np.full((len(gens), len(runs)), np.nan)
    for j, r in enumerate(runs):
        if column in r.metrics:
            rows = [index[int(g)] for g in r.metrics["generation"]]
            values[rows, j] = r.metrics[column]
    return np.asarray(gens, np.int64), values


def median_ci(values: np.ndarray, level: float = 0.95, draws: int = 2000):
    """Median over the last axis and a percentile-bootstrap CI of it (NaN-aware, seeded so the
    figure is the same on every rerun). values f64[G, R] -> three f64[G]."""
    values = np.asarray(values, np.float64)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices: NaN is the answer
        med = np.nanmedian(values, axis=-1)
        if values.shape[-1] < 2:
            return med, med.copy(), med.copy()
        rng = np.random.Generator(np.random.PCG64(20190301))
        idx = rng.integers(0, values.shape[-1], (draws, values.shape[-1]))
        boot = np.nanmedian(values[..., idx], axis=-1)  # [G, draws]
        alpha = 100 * (1 - level) / 2
        lo, hi = np.nanpercentile(boot, [alpha, 100 - alpha], axis=-1)
    return med, lo, hi
