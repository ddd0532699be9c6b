"""A run folder: config, metrics, checkpoints, the best genome, the result.

    runs/<name>/
      config.toml            the full configuration (rerun or resume from it)
      metrics.csv            one row per generation
      checkpoints/gen_NNNNNN.npz   strategy state after NNNNNN generations (never pickle)
      best.dna               the best genome so far (instinct's genome file format)
      result.json            held-out birth score of the best genome, written at the end

Every file is written atomically; metrics.csv is appended row by row and cut back to the last
checkpoint on resume, so a killed run resumes to exactly what an unbroken run would have written.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import numpy as np
import tomli_w

from instinct import paths
from instinct.atomic import write_bytes, write_text
from instinct.config import EvolveConfig, build_config
from instinct.errors import InstinctError

CHECKPOINT_FORMAT = "instinct-checkpoint"
CHECKPOINT_VERSION = 1
METRICS_COLUMNS = [
    "generation", "best", "median", "mean", "p10", "p90", "success_rate", "weights_remaining",
    "genome_bytes", "genome_bytes_zlib", "compression", "agent_steps", "wall_time_s",
    "agent_steps_per_s",
]  # fmt: skip
TIMING_COLUMNS = ("wall_time_s", "agent_steps_per_s")


class RunFolder:
    def __init__(self, path: str | Path):
        self.path = Path(path)

    config_path = property(lambda self: self.path / paths.CONFIG)
    metrics_path = property(lambda self: self.path / paths.METRICS)
    checkpoint_dir = property(lambda self: self.path / paths.CHECKPOINTS)
    best_path = property(lambda self: self.path / paths.BEST)
    result_path = property(lambda self: self.path / paths.RESULT)

    @classmethod
    def create(cls, config: EvolveConfig) -> RunFolder:
        """A new folder named from the config; `-2`, `-3`... when that name is taken (an explicit
        --name that is taken is an error: the user meant that folder)."""
        base = Path(config.out) / config.run_name()
        if config.name and base.exists():
            raise InstinctError(
                f"run folder {base} exists; continue it with --resume {base} or pick another --name"
            )
        path, n = base, 1
        while path.exists():
            n += 1
            path = base.with_name(f"{base.name}-{n}")
        try:
            path.mkdir(parents=True)
        except OSError as e:
            raise InstinctError(f"cannot create run folder {path}: {e.strerror}") from None
        run = cls(path)
        run.write_config(config)
        return run

    @classmethod
    def open(cls, path: str | Path) -> RunFolder:
        run = cls(path)
        if not run.path.is_dir():
            raise InstinctError(f"no run folder at {path}")
        if not run.config_path.is_file():
            raise InstinctError(f"{path} is not a run folder (no config.toml)")
        return run

    def write_config(self, config: EvolveConfig) -> None:
        write_text(self.config_path, tomli_w.dumps(config.to_dict()))

    def read_config(self, **overrides) -> EvolveConfig:
        try:
            return build_config(self.config_path, **overrides)
        except InstinctError as e:
            raise InstinctError(f"{self.config_path}: {e}") from None

    # metrics -----------------------------------------------------------------------------
    def append_metrics(self, row: dict) -> None:
        new = not self.metrics_path.exists()
        with open(self.metrics_path, "a", newline="") as fh:
            writer = csv.DictWriter(fh, METRICS_COLUMNS, extrasaction="ignore")
            if new:
                writer.writeheader()
            writer.writerow({k: _fmt(row.get(k, "")) for k in METRICS_COLUMNS})
            fh.flush()
            os.fsync(fh.fileno())

    def read_metrics(self) -> list[dict]:
        if not self.metrics_path.exists():
            return []
        with open(self.metrics_path, newline="") as fh:
            rows = list(csv.DictReader(fh))
        return [r for r in rows if None not in r.values() and None not in r]

    def truncate_metrics(self, generations: int) -> None:
        """Keep only the rows of the first `generations` generations (atomic rewrite)."""
        rows = [r for r in self.read_metrics() if _int(r.get("generation")) < generations]
        buf = io.StringIO()
        writer = csv.DictWriter(buf, METRICS_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        write_text(self.metrics_path, buf.getvalue())

    # checkpoints -------------------------------------------------------------------------
    def save_checkpoint(self, generation: int, arrays: dict, meta: dict, keep: int = 2) -> Path:
        meta = {"format": CHECKPOINT_FORMAT, "version": CHECKPOINT_VERSION,
                "generation": generation, **meta}  # fmt: skip
        blob = np.frombuffer(json.dumps(meta, sort_keys=True).encode(), np.uint8)
        buf = io.BytesIO()
        np.savez(buf, __meta__=blob, **arrays)
        path = self.checkpoint_dir / paths.checkpoint_name(generation)
        write_bytes(path, buf.getvalue())
        for old in sorted(self.checkpoint_dir.glob("gen_*.npz"))[:-keep]:
            old.unlink()
        return path

    def load_checkpoint(self) -> tuple[dict, dict] | None:
        """(meta, arrays) of the newest readable checkpoint, or None when there is none."""
        errors = []
        for path in sorted(self.checkpoint_dir.glob("gen_*.npz"), reverse=True):
            try:
                with np.load(path, allow_pickle=False) as data:
                    arrays = {k: data[k] for k in data.files}
                meta = json.loads(arrays.pop("__meta__").tobytes().decode())
                if meta.get("format") != CHECKPOINT_FORMAT or meta.get("version") != 1:
                    raise ValueError(f"unknown checkpoint format {meta.get('format')!r}")
                return meta, arrays
            except Exception as e:  # noqa: BLE001  any unreadable file: try the previous one
                errors.append(f"{path.name}: {e}")
        if errors:
            raise InstinctError(f"no readable checkpoint in {self.checkpoint_dir}: {errors[0]}")
        return None


def _fmt(value):
    if isinstance(value, (float, np.floating)):
        return repr(float(value))  # shortest text that reads back to the same float
    if isinstance(value, np.integer):
        return int(value)
    return value


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1 << 62
