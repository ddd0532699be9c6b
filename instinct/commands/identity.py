"""`instinct identity`: do prune seeds and independent evolutions find the same ticket?"""

from __future__ import annotations

from instinct.cli import DefaultsFormatter


def add_parser(sub):
    p = sub.add_parser(
        "identity",
        help="overlap (Jaccard) of lottery tickets across prune seeds and evolutions, vs chance",
        description="Compare every pair of tickets at the same level below the prune or "
        "lottery folders given: across prune seeds of one network, and across independently "
        "evolved networks (hidden units matched by weight similarity), per layer and per sense "
        "group, against random masks with the same per-layer counts. Writes identity.json.",
        formatter_class=DefaultsFormatter,
    )
    p.add_argument("folders", nargs="+", metavar="PRUNE_DIR", help="prune or lottery folders")
    p.add_argument("--out", metavar="DIR", default=None, help="folder for identity.json "
                   "(default: the first folder)")  # fmt: skip
    p.add_argument("--seed", type=int, default=0, help="seed of the chance intervals")
    p.set_defaults(func=run)


def run(args):
    from pathlib import Path

    from instinct.lottery import identity_run

    paths = [Path(f) for f in args.folders]
    result = identity_run.run(paths, Path(args.out) if args.out else paths[0], args.seed)
    print(identity_run.table(result))
    print(f"report: {result['path']}")
    return 0
