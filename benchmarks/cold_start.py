"""Time from launch to generation 0 of `instinct evolve --env ID`, in a first process (which
compiles the world's kernel into an empty cache folder), in a second one (which loads it) and in
one that uses the generic kernel (compiled in every process, as where no cache folder is private).

Prints CPU and wall seconds of each process up to the end of `build` (the kernel warmed up), the
point where generation 0 starts. Not a unit test.

    python benchmarks/cold_start.py [--env CartPole-v1]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

CHILD = """
import json, sys, time
c0, w0 = time.process_time(), time.perf_counter()
if sys.argv[2] == "generic":
    import instinct.kernels.world_kernel as wk
    wk.world_kernels = lambda core, kind: None
from instinct.cli import build_parser
from instinct.commands.evolve import _config
from instinct.evolve import build
config = _config(build_parser().parse_args(["evolve", "--env", sys.argv[1]]))[0]
build(config)
print(json.dumps({"cpu_s": time.process_time() - c0, "wall_s": time.perf_counter() - w0}))
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--env", default="CartPole-v1")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "INSTINCT_CACHE_DIR": cache}
        cpu = {}
        for label, kernel in (("first process (compiles)", "cached"),
                              ("second process (cached)", "cached"),
                              ("generic kernel (any process)", "generic")):  # fmt: skip
            done = subprocess.run([sys.executable, "-c", CHILD, args.env, kernel], env=env,
                                  check=True, capture_output=True, text=True)  # fmt: skip
            t = json.loads(done.stdout.strip().splitlines()[-1])
            cpu[label] = t["cpu_s"]
            print(
                f"{args.env} {label}: generation 0 starts after {t['cpu_s']:.2f} s CPU, "
                f"{t['wall_s']:.2f} s wall"
            )
        ratio = cpu["generic kernel (any process)"] / cpu["second process (cached)"]
        print(f"CPU to generation 0, generic / cached: {ratio:.1f}x")


if __name__ == "__main__":
    main()
