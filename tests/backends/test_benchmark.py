"""`python benchmarks/backends.py --quick` prints its table: a row per backend, finite numbers
(the speed itself is not tested: the cores are shared)."""

import math
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NUMBER = re.compile(r"(-?\d+(?:\.\d+)?) ?(ms|s|x)\b")


def test_the_quick_benchmark_prints_every_backends_row(tmp_path):
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "MPLBACKEND": "Agg"}
    script = ROOT / "benchmarks" / "backends.py"
    done = subprocess.run([sys.executable, str(script), "--quick"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    rows = {}
    for line in lines:
        cells = line.split()
        if cells and cells[0] in ("local", "processes", "ray"):
            rows[cells[0], cells[1]] = line
    assert set(rows) == {("local", "-"), ("processes", "1"), ("processes", "2")}
    for line in rows.values():
        numbers = [float(n) for n, _ in NUMBER.findall(line)]
        assert len(numbers) >= 3 and all(math.isfinite(n) for n in numbers), line
        assert line.endswith("yes"), line  # the same metrics as local
    measured = next(line for line in lines if line.startswith("measured:"))
    assert all(math.isfinite(float(n)) for n, _ in NUMBER.findall(measured))
