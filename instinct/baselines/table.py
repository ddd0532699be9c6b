"""The battery's CSV: written by `instinct baselines`, read wherever a score is shown.

A user's own measurement lives in `<out>/baselines/<world>-s<seed>.csv`; tables measured for the
repository ship in `instinct/baselines/measured/`. `result.json` quotes only the shipped table, so
a run's result never depends on what else was run on the machine.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from instinct.atomic import write_text

COLUMNS = ["name", "kind", "detail", "episodes", "success_rate", "success_lo", "success_hi",
           "mean_return", "return_lo", "return_hi", "bits", "nonzero_params"]  # fmt: skip
SHIPPED = Path(__file__).parent / "measured"


def slug(env_id: str) -> str:
    return env_id.split("/")[-1].lower()


def table_path(env_id: str, out: str | Path = "runs", seed: int = 0) -> Path:
    return Path(out) / "baselines" / f"{slug(env_id)}-s{seed}.csv"


def write_table(path: str | Path, rows: list[dict]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _fmt(row[k]) for k in COLUMNS})
    write_text(Path(path), buf.getvalue())


def read_table(path: str | Path) -> list[dict]:
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        for k in COLUMNS[3:]:
            row[k] = float(row[k])
    return rows


def reference_lines(env_id: str, out: str | Path | None = None, shipped_only: bool = False):
    """The battery's rows for `env_id` (a user's table in `out` first, then the shipped one), or
    None when neither exists."""
    found = [] if shipped_only or out is None else sorted(Path(out, "baselines").glob(
        f"{slug(env_id)}-s*.csv"))  # fmt: skip
    shipped = SHIPPED / f"{slug(env_id)}.csv"
    for path in [*found, shipped]:
        if path.is_file():
            try:
                return read_table(path)
            except (OSError, KeyError, ValueError):
                continue
    return None


def _fmt(value):
    return f"{value:.6g}" if isinstance(value, float) else value
