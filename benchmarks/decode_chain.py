"""Decode time of a seed chain (Such et al. 2017): a 1,000-generation lineage of a 100,000-parameter
network must decode in at most 5 s on one core. Prints the time; not a unit test.

    PYTHONPATH=. python benchmarks/decode_chain.py [--generations 1000] [--params 100000]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time

os.environ.setdefault("NUMBA_NUM_THREADS", "1")  # one core (seed replay is numpy, single-threaded)
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from instinct.genome import decode, make_encoding  # noqa: E402
from instinct.genome.fileformat import from_bytes, to_bytes  # noqa: E402
from instinct.nn import Architecture  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generations", type=int, default=1000)
    ap.add_argument("--params", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    # 64 inputs, two hidden layers, 8 outputs: pick the width that gives about --params parameters
    width = 1
    while Architecture(64, (width + 1, width + 1), 8).num_params <= args.params:
        width += 1
    arch = Architecture(64, (width, width), 8)
    enc = make_encoding("seeds", arch, sigma=0.02)
    rng = np.random.default_rng(0)
    chain = rng.integers(0, 1 << 32, args.generations + 1, dtype=np.uint64).tolist()
    genome = from_bytes(to_bytes(enc.genome(None, chain, env_id="bench")))
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        params, _ = decode(genome)
        times.append(time.perf_counter() - t0)
    digest = hashlib.sha256(params.tobytes()).hexdigest()[:16]
    best = min(times)
    print(f"seed chain of {args.generations} mutations ({genome.num_bytes} bytes) -> "
          f"{arch.num_params} parameters {arch.sizes}: decode {best:.3f} s (best of "
          f"{args.repeats}; {1e3 * best / (args.generations + 1):.2f} ms per seed), "
          f"sha256 {digest}  {'OK' if best <= 5.0 else 'OVER'} the 5 s target")  # fmt: skip


if __name__ == "__main__":
    main()
