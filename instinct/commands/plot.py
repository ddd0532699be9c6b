"""`instinct plot`: figures of what runs wrote (fitness, sparsity, lottery, genome bits, exits)."""

from __future__ import annotations

from pathlib import Path

KINDS = ("fitness", "lottery", "bits", "exits")


def add_parser(sub):
    p = sub.add_parser(
        "plot",
        help="draw figures of runs: fitness and sparsity, lottery curves, genome bits, exits",
        description="Draw every figure the runs have data for. Runs of one config with different "
        "seeds are pooled into a median with a 95% confidence band; different configs get "
        "different colours. A folder of run folders stands for all of them. For a Hatchling run, "
        "the exits fan needs RUN/exits.csv: it is written first (held-out beaches, best.dna) when "
        "missing or older than best.dna.",
    )
    p.add_argument("runs", nargs="+", metavar="RUN", help="run folders (or folders of them)")
    p.add_argument(
        "--out",
        metavar="DIR",
        default=None,
        help="where figures go (default: RUN/plots for one run; for several, a plots folder "
        "beside them, named after them)",
    )
    p.add_argument(
        "--format",
        choices=("png", "svg"),
        action="append",
        dest="formats",
        help="file format; repeat for both (default: png and svg)",
    )
    p.add_argument(
        "--only",
        choices=KINDS,
        action="append",
        dest="kinds",
        help="draw only this figure (repeatable)",
    )
    p.add_argument(
        "--exit-episodes",
        type=int,
        default=200,
        metavar="N",
        help="held-out beaches simulated for exits.csv (default: %(default)s)",
    )
    p.set_defaults(func=run)


def run(args):
    from instinct.errors import InstinctError
    from instinct.plots import plot_runs
    from instinct.plots.data import find_runs

    if args.exit_episodes < 1:
        raise InstinctError("--exit-episodes must be positive")
    paths = find_runs(args.runs)
    out = Path(args.out) if args.out else default_out(paths)
    kinds = set(args.kinds) if args.kinds else set(KINDS)
    if "exits" in kinds:
        from instinct.viewer.clutch import write_exits

        for path in paths:
            written = write_exits(path, args.exit_episodes)
            if written:
                print(f"wrote {written}")
    formats = tuple(dict.fromkeys(args.formats or ("png", "svg")))
    files = plot_runs(paths, out, formats, kinds)
    if not files:
        raise InstinctError("the runs hold nothing to plot yet (no metrics.csv rows)")
    for f in files:
        print(f)
    print(f"figures in {out}")
    return 0


def default_out(paths: list[Path]) -> Path:
    """RUN/plots for one run; for several, PARENT/plots/NAME beside them, where PARENT is their
    common folder and NAME their shared name without the seed (`a-s0 a-s1` -> `a`), else the
    first one's name and how many more: never the current folder unasked."""
    import os
    import re

    if len(paths) == 1:
        return paths[0] / "plots"
    try:
        parent = Path(os.path.commonpath([p.parent for p in paths]))
    except ValueError:  # relative and absolute paths mixed
        parent = Path(os.path.commonpath([p.resolve().parent for p in paths]))
    stems = list(dict.fromkeys(re.sub(r"-s\d+(-\d+)?$", "", p.name) for p in paths))
    name = stems[0] if len(stems) == 1 else f"{stems[0]}-and-{len(stems) - 1}-more"
    return parent / "plots" / name
