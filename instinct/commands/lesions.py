"""`instinct lesions`: which senses a network uses, by lesion and exact Shapley value."""

from __future__ import annotations

from instinct.cli import DefaultsFormatter
from instinct.errors import InstinctError


def add_parser(sub):
    p = sub.add_parser(
        "lesions",
        help="lesion each sense group of a network (and each ticket of a prune): Shapley values",
        description="Clamp each sense group's inputs to a neutral value and score every one of "
        "the 2^k coalitions of sense groups on common held-out episodes (one batch, fused "
        "path): each group's lesion (intact minus intact-without-it) and exact Shapley value. "
        "SOURCE is a run folder, a .dna genome, or a prune folder (its born network and every "
        "finished level's ticket). Writes lesions.json. See docs/lottery.md.",
        formatter_class=DefaultsFormatter,
    )
    p.add_argument("source", metavar="SOURCE", help="run folder, .dna genome, or prune folder")
    p.add_argument("--episodes", type=int, default=200, help="held-out episodes per coalition")
    p.add_argument("--seed", type=int, default=0, help="held-out episode seed")
    p.add_argument(
        "--neutral",
        choices=("mid", "zero"),
        default="mid",
        help="clamp value: midpoint of the world's declared observation range, or 0",
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        default=None,
        help="folder for lesions.json (default: the prune or run folder, or runs/prune-<name>)",
    )
    p.add_argument("--threads", type=int, default=None, help="Numba threads")
    p.set_defaults(func=run)


def run(args):
    from pathlib import Path

    if args.episodes < 1:
        raise InstinctError(f"--episodes must be >= 1, got {args.episodes}")
    if not 0 <= args.seed < 2**63:
        raise InstinctError("--seed must be in [0, 2**63)")
    if args.threads is not None:
        from instinct.threads import set_threads

        set_threads(args.threads)
    from instinct.evaluate import make_evaluator
    from instinct.lottery import lesion_run

    def evaluator_for(src):
        c = src.config
        return make_evaluator(c.env, src.genome.arch, c.path, c.max_steps or None)

    path = Path(args.source)
    if not path.exists():
        raise InstinctError(f"{path} does not exist")
    result = lesion_run.run(path, evaluator_for, args.episodes, args.seed, args.neutral, args.out)
    print(f"neutral value: {result['neutral_value']}; lesion = intact - without the group; "
          f"alone = only the group - none\nreport: {result['path']}")  # fmt: skip
    return 0
