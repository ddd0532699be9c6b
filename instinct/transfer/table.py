"""The transfer experiment's CSV files: one row per cell, rewritten whole (atomically) after each
new cell, so an interrupted command resumes where it stopped."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from instinct.atomic import write_text
from instinct.errors import InstinctError
from instinct.transfer.measures import MEASURES

KEY = ("kind", "source", "source_world", "test_world", "setting")
COLUMNS = (*KEY, "episodes", "seed", *MEASURES)


def read_rows(path: Path, episodes: int, seed: int) -> list[dict]:
    """The rows already in `path` ([] when there is none); a one-line error when they were
    measured with other --episodes / --seed."""
    if not path.is_file():
        return []
    try:
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            row["episodes"], row["seed"] = int(row["episodes"]), int(row["seed"])
            for k in MEASURES:
                row[k] = float(row[k]) if row[k] not in ("", None) else math.nan
    except (OSError, KeyError, ValueError, TypeError, csv.Error) as e:
        raise InstinctError(
            f"{path}: not a transfer table ({e}); remove it or use another --out"
        ) from None
    for row in rows:
        if (row["episodes"], row["seed"]) != (episodes, seed):
            raise InstinctError(
                f"{path} holds cells measured with --episodes {row['episodes']} --seed "
                f"{row['seed']}; give those, or another --out"
            )
    return rows


def write_rows(path: Path, rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, COLUMNS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: f"{v:.6g}" if isinstance(v, float) else v for k, v in row.items()})
    write_text(path, buf.getvalue())


def key(row: dict) -> tuple:
    return tuple(str(row[k]) for k in KEY)
