"""A run folder: config, metrics, checkpoints, the best genome, the result.

    runs/<name>/
      config.toml            the full configuration (rerun or resume from it)
      metrics.csv            one row per generation
      checkpoints/gen_NNNNNN.npz   strategy state after NNNNNN generations (never pickle)
      best.dna               the best genome so far (instinct's genome file format)
      result.json            held-out birth score of the best genome, written at the end

Every file is written atomically; metrics.csv is appended row by row and cut back to the checkpoint
a resume starts from, so a killed run resumes to exactly what an unbroken run would have written.
The folder itself is made atomically (config.toml written under a temporary name, then renamed)
and locked while a process writes it (instinct.lock).
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
from instinct.atomic import make_folder, write_bytes, write_text
from instinct.checkpoint_file import read_checkpoint
from instinct.config import EvolveConfig, build_config
from instinct.errors import InstinctError
from instinct.lock import FolderLock, acquire

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
        self.lock: FolderLock | None = None

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
        n, locks = 1, []

        def fill(tmp: Path) -> None:  # config.toml and a held lock, before the folder has its name
            cls(tmp).write_config(config)
            locks.append(acquire(tmp, "run folder", sweep=()))

        while True:
            path = base if n == 1 else base.with_name(f"{base.name}-{n}")
            n += 1
            if path.exists():
                continue
            try:
                make_folder(path, fill)
                break
            except FileExistsError:  # another run took the name meanwhile
                if locks:
                    locks.pop().release()
                if config.name:
                    raise InstinctError(f"run folder {path} exists; continue it with --resume "
                                        f"{path} or pick another --name") from None  # fmt: skip
            except OSError as e:
                for lock in locks:
                    lock.release()
                raise InstinctError(f"cannot create run folder {path}: {e.strerror}") from None
        run = cls(path)
        run.lock = locks[0]
        run.lock.moved(path)  # the lock file moved with the folder
        return run

    def claim(self) -> FolderLock:
        """Lock this folder for writing (error naming the holder's PID if another process has it)
        and clear what interrupted writes left in it."""
        if self.lock is None:
            self.lock = acquire(self.path, "run folder", sweep=("", "checkpoints", "plots"))
        return self.lock

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

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
        # bytes that are not UTF-8 (a torn or damaged write) make their row unreadable, not the file
        text = self.metrics_path.read_bytes().decode("utf-8", errors="replace")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        return [
            r
            for r in rows
            if None not in r.values() and None not in r and "\ufffd" not in "".join(r.values())
        ]

    def complete_generations(self) -> int:
        """How many generations from 0 on have their metrics row (rows 0..n-1 all present)."""
        n = 0
        for row in self.read_metrics():
            if _int(row.get("generation")) != n:
                break
            n += 1
        return n

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
        self.prune_checkpoints(keep)
        return path

    def prune_checkpoints(self, keep: int = 2) -> None:
        """Only the newest `keep` checkpoints (.npz) and checkpoint genomes (.dna) stay; rerun on
        resume, it finishes what a kill between a checkpoint and the pruning left."""
        for pattern in ("gen_*.npz", "gen_*.dna"):
            for old in sorted(self.checkpoint_dir.glob(pattern))[:-keep]:
                old.unlink()

    def checkpoint_generations(self) -> list[int]:
        """Generations of the checkpoint files present, oldest first."""
        found = (_int(p.stem[4:]) for p in self.checkpoint_dir.glob("gen_*.npz"))
        return sorted(g for g in found if g < 1 << 62)

    def load_checkpoint(self, at_most: int | None = None) -> tuple[dict, dict] | None:
        """(meta, arrays) of the newest readable checkpoint (of at most `at_most` generations),
        or None when there is none."""
        errors = []
        for generation in reversed(self.checkpoint_generations()):
            if at_most is not None and generation > at_most:
                continue
            path = self.checkpoint_dir / f"gen_{generation:06d}.npz"
            try:  # sizes, names and meta validated before anything is allocated
                return read_checkpoint(path)
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
