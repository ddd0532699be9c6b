"""`instinct baselines ENV`: the world's battery of baseline policies on held-out episodes.

Prints one row per baseline (success with its Wilson interval, mean return with a t interval over
the episodes of that one policy, the bits the policy costs) and writes the table as CSV.
"""

from __future__ import annotations

import sys


def add_parser(sub):
    p = sub.add_parser(
        "baselines",
        help="score a world's baseline policies (straight, constant turn, hand-wired, rules, "
        "random and linear networks) on held-out episodes",
        description="Score the battery of baseline policies a world declares on held-out "
        "episodes, print a table and write it as CSV (default: OUT/baselines/WORLD-sSEED.csv).",
    )
    p.add_argument("env", nargs="?", default="instinct/Hatchling-v1", help="world id")
    p.add_argument("--seed", type=int, default=0, help="seed of the episodes and searches")
    p.add_argument("--episodes", type=int, default=1000, help="held-out episodes per baseline")
    p.add_argument("--validation", type=int, default=128,
                   help="validation episodes on which searched baselines are picked")  # fmt: skip
    p.add_argument("--only", nargs="+", default=None, metavar="NAME_OR_KIND",
                   help="run only these (names or kinds, e.g. linear constant)")  # fmt: skip
    p.add_argument("--generations", type=int, default=None,
                   help="evolved linear network: generations (default: evolve's)")  # fmt: skip
    p.add_argument("--out", default="runs", help="folder under which baselines/ is written")
    p.add_argument("--csv", default=None, help="write the table here instead")
    p.add_argument("--threads", type=int, default=None, help="Numba threads")
    p.set_defaults(func=run)


def run(args):
    from instinct.baselines import run_battery, table_path, write_table
    from instinct.errors import InstinctError

    if args.episodes < 2 or args.validation < 1 or args.seed < 0:
        raise InstinctError("--episodes must be at least 2, --validation positive, --seed >= 0")
    if args.threads is not None:
        from instinct.threads import set_threads

        set_threads(args.threads)
    import instinct_envs

    if args.env not in instinct_envs.WORLDS:
        raise InstinctError(f"unknown world {args.env!r} (see `instinct envs`)")
    settings = {} if args.generations is None else {"generations": args.generations}
    results = run_battery(args.env, args.seed, args.episodes, args.validation, settings,
                          args.only, lambda t: print(t, file=sys.stderr, flush=True))  # fmt: skip
    path = args.csv or table_path(args.env, args.out, args.seed)
    write_table(path, [r.to_row() for r in results])
    print(format_table(args.env, results))
    print(f"written: {path}")
    return 0


def format_table(env_id, results) -> str:
    n = results[0].episodes if results else 0
    lines = [
        f"{env_id}: baselines on {n} held-out episodes (95% intervals: Wilson for success; "
        "t over the episodes of one policy for the return)",
        f"{'baseline':<32} {'success':>8} {'interval':>15} {'return':>7} {'interval':>15} "
        f"{'bits':>8}  detail",
    ]
    for r in results:
        lines.append(
            f"{r.name:<32} {100 * r.success_rate:>7.1f}% "
            f"{f'{100 * r.success_lo:.1f}-{100 * r.success_hi:.1f}%':>15} "
            f"{r.mean_return:>7.3f} {f'{r.return_lo:.3f}-{r.return_hi:.3f}':>15} "
            f"{r.bits:>8.0f}  {r.detail}"
        )
    return "\n".join(lines)
