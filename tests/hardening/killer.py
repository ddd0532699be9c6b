"""A kill -9 harness: run an `instinct` command, SIGKILL it at a random moment, finish it the way a
user would (rerun, or `--resume`), and compare every file with an uninterrupted run's.

Kill times are drawn uniformly over the uninterrupted run's wall time (so they land in imports and
Numba compiles, generations, checkpoint writes and the final writes in proportion to the time
each takes); several kills may hit one trial before it is let finish. "Identical" means every file
the reference run wrote exists with the same content (metrics.csv without its timing columns;
.npz compared array by array, since a zip member's timestamp is not content), nothing else is
left (no temporary files, no lock, no half-made folder), and every file loads with its format's
loader.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from instinct.genome import fileformat
from instinct.run import TIMING_COLUMNS

ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}


@dataclass
class Scenario:
    """One command to attack: `argv(out)` starts it, `again(out)` finishes it after a kill."""

    name: str
    argv: Callable[[Path], list[str]]
    again: Callable[[Path], list[str]] | None = None  # default: the same command again
    folder: Callable[[Path], Path] = lambda out: out  # what to compare
    ignore: tuple[str, ...] = (".png", ".svg")  # written, but not byte-reproducible content
    setup: Callable[[Path], None] | None = None


@dataclass
class Outcome:
    kills: int = 0
    survived: int = 0
    mid_write: int = 0  # kills that left a temporary file or folder: they landed inside a write
    failures: list[str] = field(default_factory=list)


def instinct(argv: list[str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "instinct", *argv], env=ENV,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip


def run_until(argv: list[str], seconds: float) -> bool:
    """Start the command and SIGKILL it after `seconds`; True if it was killed (not done yet)."""
    proc = subprocess.Popen([sys.executable, "-m", "instinct", *argv], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        proc.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        proc.kill()  # SIGKILL: no handler, no cleanup
        proc.wait()
        return True


def snapshot(folder: Path, ignore=(".png", ".svg")) -> dict[str, object]:
    """Every file under `folder` as comparable content, after loading it with its own loader."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_dir():
            if ".creating-" in path.name:
                found[rel] = "half-made folder"
            continue
        found[rel] = _content(path, ignore)
    return found


def _content(path: Path, ignore) -> object:
    data = path.read_bytes()
    name = path.name
    if name.endswith(".tmp") or name == ".lock":
        return f"leftover {name}"
    if path.suffix in ignore:
        return "present"
    if path.suffix == ".npz":
        with np.load(path, allow_pickle=False) as z:
            return [(k, z[k].dtype.str, z[k].shape, z[k].tobytes()) for k in sorted(z.files)]
    if path.suffix == ".dna":
        fileformat.load(path)
    elif path.suffix == ".json":
        json.loads(data)
    elif path.suffix == ".toml":  # `out` names the trial's own folder
        config = {k: v for k, v in tomllib.loads(data.decode()).items() if k != "out"}
        return json.dumps(config, sort_keys=True)  # as text, so that nan equals nan
    elif name == "metrics.csv":
        rows = list(csv.DictReader(io.StringIO(data.decode())))
        return [{k: v for k, v in r.items() if k not in TIMING_COLUMNS} for r in rows]
    elif path.suffix == ".csv":
        list(csv.reader(io.StringIO(data.decode())))
    return data


def _inside_a_write(out: Path) -> bool:
    found = (p for p in out.rglob(".*") if p.name.endswith(".tmp") or ".creating-" in p.name)
    return next(found, None) is not None


def differences(expected: dict, got: dict) -> list[str]:
    out = [f"missing {k}" for k in expected if k not in got]
    out += [f"extra {k} ({got[k] if isinstance(got[k], str) else 'file'})"
            for k in got if k not in expected]  # fmt: skip
    out += [f"differs {k}" for k in expected if k in got and got[k] != expected[k]]
    return out


def reference(scenario: Scenario, out: Path) -> tuple[dict, float]:
    """The uninterrupted run: its snapshot and its wall time."""
    if scenario.setup:
        scenario.setup(out)
    t0 = time.perf_counter()
    done = instinct(scenario.argv(out))
    wall = time.perf_counter() - t0
    assert done.returncode == 0, f"{scenario.name} reference failed:\n{done.stdout}{done.stderr}"
    return snapshot(scenario.folder(out), scenario.ignore), wall


def trial(scenario: Scenario, out: Path, expected: dict, wall: float, rng, max_kills=2) -> Outcome:
    """Kill the command 1..max_kills times at random moments, then let it finish; compare."""
    if scenario.setup:
        scenario.setup(out)
    outcome = Outcome()
    again = scenario.again or scenario.argv
    argv = scenario.argv(out)
    for _ in range(int(rng.integers(1, max_kills + 1))):
        if run_until(argv, float(rng.uniform(0.0, 1.1 * wall))):
            outcome.kills += 1
            outcome.mid_write += _inside_a_write(out)
        argv = again(out)
    done = instinct(argv)
    problems = [] if done.returncode == 0 else [f"finish exited {done.returncode}: "
                                                f"{done.stderr.strip()[-300:]}"]  # fmt: skip
    if not problems:
        try:
            problems = differences(expected, snapshot(scenario.folder(out), scenario.ignore))
        except Exception as e:  # noqa: BLE001  a file that fails to load is the finding
            problems = [f"unloadable file: {type(e).__name__}: {e}"]
    if problems:
        outcome.failures.append(f"{scenario.name}: {'; '.join(problems)}")
    else:
        outcome.survived = outcome.kills
    return outcome


def campaign(scenario: Scenario, root: Path, kills: int, seed: int = 0) -> Outcome:
    """Trials until `kills` kills have landed (a kill drawn after the end lands on nothing)."""
    rng = np.random.default_rng([seed, len(scenario.name)])
    expected, wall = reference(scenario, root / "reference")
    total = Outcome()
    n = 0
    while total.kills < kills and n < 4 * kills:
        n += 1
        got = trial(scenario, root / f"trial-{n}", expected, wall, rng)
        total.kills += got.kills
        total.survived += got.survived
        total.mid_write += got.mid_write
        total.failures += got.failures
    return total
