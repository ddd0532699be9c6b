"""Small runs for the hardening tests (CartPole, a 4-6-5-2 network, a few generations)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

TINY = ["--env", "CartPole-v1", "--hidden", "6,5", "--max-steps", "40", "--population", "8",
        "--episodes", "2", "--heldout-episodes", "4", "--validation-episodes", "2"]  # fmt: skip


def evolve_argv(out: Path, *extra: str, name: str = "run") -> list[str]:
    return ["evolve", *TINY, *extra, "--out", str(out), "--name", name]


def metrics_without_timing(run: Path) -> list[dict]:
    from instinct.run import TIMING_COLUMNS, RunFolder

    rows = RunFolder(run).read_metrics()
    return [{k: v for k, v in r.items() if k not in TIMING_COLUMNS} for r in rows]


def hold_in_another_process(folder: Path) -> subprocess.Popen:
    """A process that locks `folder` (instinct.lock) and sleeps until killed."""
    code = textwrap.dedent(f"""
        import sys, time
        from instinct.lock import acquire
        acquire({str(folder)!r}, "run folder")
        print("held", flush=True)
        time.sleep(600)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    time.sleep(0.05)
    return proc.pid
