"""A kill -9 harness: run an `instinct` command, SIGKILL it at a random moment, finish it the way a
user would (rerun, or `--resume`), and compare every file with an uninterrupted run's.

`write_campaign` aims instead: the process SIGKILLs itself just before, or just after, its N-th
atomic rename (every file and folder instinct writes atomically), for every N, which lands a kill
between gen_N.npz and gen_N.dna, between best.dna and result.json, and so on.

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


def finish(scenario: Scenario, argv: list[str], out: Path, expected: dict) -> list[str]:
    """Run the command to its end; what differs from the reference (nothing: [])."""
    done = instinct(argv)
    if done.returncode != 0:
        return [f"finish exited {done.returncode}: {done.stderr.strip()[-300:]}"]
    try:
        return differences(expected, snapshot(scenario.folder(out), scenario.ignore))
    except Exception as e:  # noqa: BLE001  a file that fails to load is the finding
        return [f"unloadable file: {type(e).__name__}: {e}"]


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
    problems = finish(scenario, argv, out, expected)
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


_AT_WRITE = """
import os, signal, sys
import instinct.atomic as atomic
n, after, count = int(sys.argv[1]), sys.argv[2] == "after", [0]
def _aimed(real):
    def call(src, dst):
        count[0] += 1
        if count[0] == n and not after:
            os.kill(os.getpid(), signal.SIGKILL)
        real(src, dst)
        if count[0] == n and after:
            os.kill(os.getpid(), signal.SIGKILL)
    return call
class _Os:
    replace, rename = staticmethod(_aimed(os.replace)), staticmethod(_aimed(os.rename))
    def __getattr__(self, name):
        return getattr(os, name)
atomic.os = _Os()
from instinct.cli import main
sys.exit(main(sys.argv[3:]))
"""


def killed_at_write(argv: list[str], n: int, when: str) -> bool:
    """Run the command, SIGKILLed `when` ("before"/"after") its n-th atomic rename; True if
    the kill happened (the run had that many writes)."""
    done = subprocess.run([sys.executable, "-c", _AT_WRITE, str(n), when, *argv], env=ENV,
                          capture_output=True, timeout=600)  # fmt: skip
    return done.returncode == -9


def write_campaign(scenario: Scenario, root: Path, max_writes: int = 200) -> Outcome:
    """A kill before and after every atomic write of the command, each finished and compared."""
    expected, _ = reference(scenario, root / "reference")
    total = Outcome()
    again = scenario.again or scenario.argv
    for n in range(1, max_writes + 1):
        landed = False
        for when in ("before", "after"):
            out = root / f"write-{n}-{when}"
            if scenario.setup:
                scenario.setup(out)
            if not killed_at_write(scenario.argv(out), n, when):
                continue
            landed = True
            total.kills += 1
            total.mid_write += _inside_a_write(out)
            problems = finish(scenario, again(out), out, expected)
            if problems:
                total.failures.append(f"{scenario.name} write {n} {when}: {'; '.join(problems)}")
            else:
                total.survived += 1
        if not landed:
            break
    return total
