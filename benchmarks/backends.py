"""Per-generation wall time of `instinct evolve`'s backends side by side, on the gym path: `local`,
`processes` with 1 and 2 workers and, where Ray imports, `ray` with 1 and 2 actors on a local head
(127.0.0.1, started and shut down here). Then the speed-up against one worker, each backend's
fixed cost per generation and per shard, and a projection (not a measurement) for a 100-node
Ray cluster on a population of 10^5.

The env is CartPole-v1 with `--path gym` forced (Gymnasium's vector API, not the fused twin):
instinct_envs.WORLDS has a fused twin for every classic-control env, LunarLander needs Box2D,
and the gym path is the one a user's own env takes. Everything runs through the objects
`instinct evolve` uses: the config from the CLI's parser, `instinct.evolve.build`,
`instinct.backends.distribute` and `one_generation`. Not a unit test; numbers are noisy where
the cores are shared.

    python benchmarks/backends.py [--quick] [--population 512] [--episodes 4] [--generations 3]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time

import numpy as np

ENV = "CartPole-v1"
TINY_ROWS = 8  # the overhead probe: 8 all-zero networks, 1 episode (about a millisecond)
NODES, CORES_PER_NODE, BIG_POP = 100, 16, 100_000  # the projection's cluster and population
LINK_BYTES_PER_S = 1.25e9  # projection: 10 Gbit/s out of the driver's node (an assumption)


def experiment(population: int, episodes: int, hidden: str):
    """The Experiment `instinct evolve` builds for these flags (no run folder)."""
    from instinct.cli import build_parser
    from instinct.commands.evolve import _config
    from instinct.evolve import build

    flags = ["evolve", "--env", ENV, "--path", "gym", "--population", str(population),
             "--episodes", str(episodes), "--hidden", hidden]  # fmt: skip
    config = _config(build_parser().parse_args(flags))[0]
    return build(config)


def measure(exp, backend: str, workers: int | None, generations: int, repeats: int) -> dict:
    """Median seconds of a generation (after one untimed generation that starts the workers), of
    the tiny probe, and the generations' metrics rows (to check them against local)."""
    from instinct.backends import distribute
    from instinct.evolve import episode_keys, one_generation
    from instinct.run import TIMING_COLUMNS

    local = exp.evaluator
    evaluator = distribute(local, backend, workers)
    exp.evaluator = evaluator
    try:
        state = exp.strategy.init(exp.encoding, exp.config.seed)
        state, _ = one_generation(exp, state, 0)  # untimed: spawns, imports, compiles
        rows, walls = [], []
        for g in range(1, generations + 1):
            t0 = time.perf_counter()
            state, row = one_generation(exp, state, g)
            walls.append(time.perf_counter() - t0)
            rows.append(repr({k: v for k, v in row.items() if k not in TIMING_COLUMNS}))
        zeros = np.zeros((TINY_ROWS, exp.arch.num_params), np.float32)  # always action 0:
        keys = episode_keys(exp.config.seed, 0, 1)  # the pole falls within a dozen steps
        evaluator.evaluate(zeros, None, keys)  # untimed: the workers resize their vector envs
        tiny = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            evaluator.evaluate(zeros, None, keys)
            tiny.append(time.perf_counter() - t0)
        put = float("nan")
        if backend == "ray":  # the generation's parameters into the object store, alone
            import ray

            full, _ = exp.encoding.grow(exp.strategy.ask(state, exp.config.seed, 0).vectors)
            t0 = time.perf_counter()
            for _ in range(repeats):
                ray.put(full)
            put = (time.perf_counter() - t0) / repeats
        pool = getattr(evaluator, "pool", None)
        shards = 1 if pool is None else min(TINY_ROWS, pool.workers * 4)
        return {"gen_s": statistics.median(walls), "tiny_s": statistics.median(tiny),
                "tiny_shards": shards, "rows": rows, "put_s": put}  # fmt: skip
    finally:
        if evaluator is not local:
            evaluator.pool.close()  # the driver's own evaluator stays for the next backend
        exp.evaluator = local


def driver_seconds(exp, repeats: int) -> float:
    """Seconds of a generation spent on the driver outside evaluation (ask, grow, tell)."""
    c = exp.config
    state = exp.strategy.init(exp.encoding, c.seed)
    raw = np.zeros(c.population)  # fitness does not change what ask, grow and tell cost
    times = []
    for g in range(repeats):
        t0 = time.perf_counter()
        pop = exp.strategy.ask(state, c.seed, g)
        exp.encoding.grow(pop.vectors)
        state, _ = exp.strategy.tell(state, pop, raw)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def start_ray(cpus: int) -> bool:
    try:
        import ray
    except ImportError:
        return False
    ray.init(address="local", num_cpus=cpus, include_dashboard=False, log_to_driver=False,
             _node_ip_address="127.0.0.1")  # fmt: skip
    return True


def fmt(x: float, unit: str = "s") -> str:
    if not math.isfinite(x):
        return "-"
    if unit == "s":
        return f"{x:.3f} s" if x >= 0.1 else f"{1e3 * x:.1f} ms"
    return f"{x:.2f}x"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a few seconds: tiny sizes, no Ray")
    ap.add_argument("--population", type=int, default=512)
    ap.add_argument("--episodes", type=int, default=4)
    ap.add_argument("--generations", type=int, default=3, help="timed generations per backend")
    ap.add_argument("--hidden", default="32,32")
    ap.add_argument("--no-ray", action="store_true", help="skip the ray rows")
    args = ap.parse_args(argv)
    if args.quick:
        args.population, args.episodes, args.generations, args.no_ray = 32, 1, 1, True
    repeats = 3 if args.quick else 10
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

    exp = experiment(args.population, args.episodes, args.hidden)
    dim = exp.arch.num_params
    runs = [("local", None), ("processes", 1), ("processes", 2)]
    ray_up = not args.no_ray and start_ray(2)
    if ray_up:
        runs += [("ray", 1), ("ray", 2)]
    print(f"{ENV} --path gym, population {args.population}, episodes {args.episodes}, "
          f"hidden {args.hidden} ({dim} parameters), {args.generations} timed generations, "
          f"{os.cpu_count()} cores seen" + ("" if ray_up else "; Ray rows skipped"))  # fmt: skip
    results = {}
    try:
        for backend, workers in runs:
            results[backend, workers] = measure(exp, backend, workers, args.generations, repeats)
    finally:
        if ray_up:
            import ray

            ray.shutdown()
    driver = driver_seconds(exp, repeats)
    exp.evaluator.close()

    base = results["local", None]
    print()
    print(f"{'backend':<12}{'workers':>8}{'s/generation':>14}{'vs 1 worker':>13}"
          f"{'vs local':>10}{'overhead/gen':>14}{'per shard':>11}  same as local")  # fmt: skip
    for (backend, workers), r in results.items():
        one = results.get((backend, 1), {"gen_s": float("nan")})
        overhead = r["tiny_s"] - base["tiny_s"]
        per_shard = overhead / r["tiny_shards"] if workers else float("nan")
        same = "yes" if r["rows"] == base["rows"] else "NO"
        print(f"{backend:<12}{workers or '-':>8}{fmt(r['gen_s']):>14}"
              f"{fmt(one['gen_s'] / r['gen_s'], 'x'):>13}{fmt(base['gen_s'] / r['gen_s'], 'x'):>10}"
              f"{fmt(overhead):>14}{fmt(per_shard):>11}  {same}")  # fmt: skip
    print(
        f"(overhead/gen: evaluating {TINY_ROWS} all-zero networks on 1 episode, minus local's "
        f"{fmt(base['tiny_s'])}; per shard: that over its shards, {TINY_ROWS} at most)"
    )

    # The projection: measured per-row cost on one worker, per-shard overhead, driver seconds.
    key = ("ray", 1) if ray_up else ("processes", 1)
    row_s = results[key]["gen_s"] / args.population  # one row x its episodes, one worker
    shard_s = max(0.0, (results[key]["tiny_s"] - base["tiny_s"]) / results[key]["tiny_shards"])
    print()
    print(f"measured: one row ({args.episodes} episodes) costs {fmt(row_s)} on one "
          f"{key[0]} worker; a shard costs {fmt(shard_s)} of fixed overhead; the driver's "
          f"ask + grow + tell take {fmt(driver)} for {args.population} genomes")  # fmt: skip
    if not ray_up:
        print("projection skipped: it needs the Ray rows (Ray not installed, or --quick)")
        return 0
    put = results["ray", 2]["put_s"]
    workers = NODES * CORES_PER_NODE
    shards = workers * 4
    bytes_ = BIG_POP * dim * 4
    compute = BIG_POP * row_s / workers
    driver_big = driver * BIG_POP / args.population
    put_big = put * BIG_POP / args.population
    per_task = shards * shard_s
    transfer = NODES * bytes_ / LINK_BYTES_PER_S
    worst = compute + driver_big + put_big + per_task + transfer
    best = compute + driver_big + put_big + per_task / workers
    print(f"projection, not a measurement: {NODES} nodes x {CORES_PER_NODE} actors, population "
          f"{BIG_POP}, same env and network ({dim} parameters)")  # fmt: skip
    for label, t in (
        (f"evaluation, {BIG_POP} rows over {workers} actors", compute),
        ("driver: ask + grow + tell (scaled linearly)", driver_big),
        (f"ray.put of the f32[{BIG_POP}, {dim}] parameters ({bytes_ / 1e6:.0f} MB)", put_big),
        (f"{shards} shard tasks x the measured per-shard overhead, serial", per_task),
        (
            f"worst case: every node pulls the whole array over {LINK_BYTES_PER_S * 8 / 1e9:.0f} "
            "Gbit/s",
            transfer,
        ),
    ):
        print(f"  {label:<72}{fmt(t):>10}")
    print(
        f"  {'total per generation, worst case (all of the above, one after another)':<72}"
        f"{fmt(worst):>10}"
    )
    print(
        f"  {'best case (shard overheads spread over the actors, no transfer limit)':<72}"
        f"{fmt(best):>10}"
    )
    print(
        f"  {'speed-up vs one actor doing all rows: worst / best case':<72}"
        f"{fmt(BIG_POP * row_s / worst, 'x'):>10}{fmt(BIG_POP * row_s / best, 'x'):>8}"
    )
    print(
        "assumptions: evaluation cost linear in rows and equal on every core; the driver's "
        "ask + grow + tell and ray.put linear in rows (measured at this population); "
        f"{LINK_BYTES_PER_S * 8 / 1e9:.0f} Gbit/s out of the driver's node; the per-shard "
        "overhead measured on this local head. Not modelled: Ray's scheduling at 1600 actors, "
        "the driver's ray.wait over thousands of refs, node failures, memory on the driver "
        "(assembly concatenates every shard's returns; the parameters live in its object store)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
