"""`instinct bench`: agent-steps/s of the fused path and the Gymnasium path on one workload.

Both paths run the same networks on the same episodes, side by side in one process, so the ratio is
meaningful on a noisy machine; the two paths' returns are compared too.
"""

from __future__ import annotations

import time

import numpy as np


def add_parser(sub):
    p = sub.add_parser(
        "bench",
        help="measure agent-steps/s of the fused and the Gymnasium evaluation paths",
        description="Evaluate one population of random networks on the same episodes through the "
        "fused Numba kernel and through Gymnasium's vector API; print agent-steps/s and the ratio.",
    )
    p.add_argument("--env", default="instinct/Hatchling-v0", help="env id (default: %(default)s)")
    p.add_argument("--population", type=int, default=1024, help="networks (default: %(default)s)")
    p.add_argument("--episodes", type=int, default=1, help="episodes each (default: %(default)s)")
    p.add_argument("--hidden", default="32,32", help="hidden sizes (default: %(default)s)")
    p.add_argument("--repeats", type=int, default=5,
                   help="timed fused repeats, best kept (default: %(default)s)")  # fmt: skip
    p.add_argument("--gym-population", type=int, default=256,
                   help="networks for the slower gym path (default: %(default)s)")  # fmt: skip
    p.add_argument("--seed", type=int, default=0, help="seed (default: %(default)s)")
    p.set_defaults(func=run)


def _timed(evaluator, params, keys):
    t0 = time.perf_counter()
    ev = evaluator.evaluate(params, None, keys)
    return ev, time.perf_counter() - t0


def run(args):
    import numba

    from instinct.config import parse_hidden
    from instinct.errors import InstinctError
    from instinct.evaluate import FusedEvaluator, GymEvaluator, architecture_for_env, fused_core
    from instinct.genome import make_encoding
    from instinct.rng import episode_keys

    if args.population < 1 or args.episodes < 1 or args.repeats < 1 or args.gym_population < 1:
        raise InstinctError("population, episodes, repeats and gym-population must be positive")
    core = fused_core(args.env)
    if core is None:
        raise InstinctError(f"{args.env} has no fused core to compare; try instinct/Hatchling-v0")
    arch = architecture_for_env(args.env, parse_hidden(args.hidden), "tanh")
    from instinct.memory import check_fits, evaluation_bytes

    check_fits({"the population's evaluation": 2 * evaluation_bytes(args.population,
                arch.num_params, args.episodes)}, "this benchmark")  # fmt: skip
    enc = make_encoding("direct", arch)
    params = np.stack([enc.initial_vector(args.seed * 100003 + i) for i in range(args.population)])
    keys = episode_keys(args.seed, 0, args.episodes)
    fused = FusedEvaluator(core, arch)
    print(f"{args.env}: P={args.population} E={args.episodes} network {arch.sizes} "
          f"({arch.num_params} params), Numba threads: {numba.get_num_threads()}")  # fmt: skip
    _timed(fused, params[:2], keys)  # compile outside the timing
    best = None
    for _ in range(args.repeats):
        ev, dt = _timed(fused, params, keys)
        best = dt if best is None else min(best, dt)
    fused_rate = ev.agent_steps / best
    print(f"fused  {ev.agent_steps:>10} agent-steps  {best:8.3f} s  {fused_rate / 1e6:8.3f} M/s")

    n = min(args.gym_population, args.population)
    gym = GymEvaluator(args.env, arch)
    _timed(gym, params[:1], keys)  # build the vector env and compile the batched forward
    gym_ev, gym_dt = _timed(gym, params[:n], keys)
    gym.close()
    gym_rate = gym_ev.agent_steps / gym_dt
    print(f"gym    {gym_ev.agent_steps:>10} agent-steps  {gym_dt:8.3f} s  {gym_rate / 1e6:8.3f} M/s"
          f"   (first {n} networks, SyncVectorEnv)")  # fmt: skip
    same = np.array_equal(gym_ev.returns, ev.returns[:n]) and np.array_equal(
        gym_ev.lengths, ev.lengths[:n]
    )
    print(f"ratio fused/gym: {fused_rate / gym_rate:.1f}x   returns identical: {same}")
    return 0
