"""`instinct watch`: watch a genome's clutch cross a night beach (or play any Gymnasium env), live
in a pygame window or recorded to a GIF or PNG frames with no screen."""

from __future__ import annotations


def add_parser(sub):
    p = sub.add_parser(
        "watch",
        help="watch a genome at work in a pygame window, or record it to a GIF",
        description="Play a genome (a .dna file, or a run folder's best.dna) in its env. For the "
        "Hatchling world: a clutch of N hatchlings from one genome crossing a night beach; click "
        "on the sand to place a light. Any other Gymnasium env that renders rgb_array plays one "
        "episode at a time. Keys: space pause, . step, +/- speed, r new beach, t full network / "
        "ticket, c compare both, x clear lights, s screenshot, h help, q quit. With --record, no "
        "screen is needed (SDL_VIDEODRIVER=dummy).",
    )
    p.add_argument("target", metavar="RUN_OR_GENOME", help="run folder or .dna genome file")
    p.add_argument("--env", default=None, help="env id (default: the genome's own)")
    p.add_argument(
        "--agents", type=int, default=20, help="hatchlings in the clutch (default: %(default)s)"
    )
    p.add_argument(
        "--mask",
        metavar="FILE",
        default=None,
        help="ticket mask: a .dna file with a mask, or a .npy array over the "
        "parameters (default: the run's lottery output, if any)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=None,
        help="seed of the beaches shown (default: the run's seed, else 0)",
    )
    p.add_argument(
        "--record",
        metavar="OUT",
        default=None,
        help="write OUT.gif, or PNG frames into the folder OUT, instead of a window",
    )
    p.add_argument(
        "--frames",
        type=int,
        default=None,
        metavar="K",
        help="frames to record (default: until the clutch has crossed)",
    )
    p.add_argument(
        "--size",
        default="1100x680",
        metavar="WxH",
        help="window / recording size in pixels (default: %(default)s)",
    )
    p.add_argument(
        "--compare",
        action="store_true",
        help="start with the full network and the ticket side by side",
    )
    p.set_defaults(func=run)


def _size(text: str) -> tuple[int, int]:
    from instinct.errors import InstinctError

    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise InstinctError(f"--size must look like 1100x680, got {text!r}") from None
    if not (200 <= w <= 4000 and 150 <= h <= 3000):
        raise InstinctError(f"--size {text} is out of range (200x150 to 4000x3000)")
    return w, h


def run(args):
    import os
    from pathlib import Path

    from instinct.errors import InstinctError
    from instinct.viewer.source import load_source

    if args.agents < 1 or args.agents > 500:
        raise InstinctError("--agents must be between 1 and 500")
    if args.frames is not None and args.frames < 1:
        raise InstinctError("--frames must be positive")
    size = _size(args.size)
    source = load_source(args.target, args.env, args.mask)
    suffix = Path(args.record).suffix.lower() if args.record else ""
    if suffix and suffix != ".gif":
        raise InstinctError(
            f"--record writes OUT.gif or PNG frames into a folder OUT, not {suffix} files"
        )
    if args.record is None:
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        from instinct.viewer.loop import display_available

        if not display_available():
            raise InstinctError(
                "no display to open a window on; record instead, e.g. "
                f"instinct watch {args.target} --record watch.gif"
            )
    else:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from instinct.viewer.app import Viewer
    from instinct.viewer.loop import record, run_window

    seed = source.seed if args.seed is None else args.seed
    viewer = Viewer(source, size=size, agents=args.agents, seed=seed)
    if args.compare:
        viewer.toggle_compare()
    if args.record is None:
        import pygame

        try:
            run_window(viewer)
        except pygame.error as e:
            raise InstinctError(
                f"cannot open a window ({e}); record instead, e.g. --record watch.gif"
            ) from None
        return 0
    path, frames = record(viewer, args.record, args.frames)
    print(f"wrote {path} ({frames} frames)")
    return 0
