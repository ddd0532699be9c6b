"""`instinct transfer RUN_OR_GENOME [...] --envs ID [ID ...]`: the birth score of genomes evolved
in one world, tested in others, beside each test world's baselines; for the Hatchling worlds the
exit bearings' mean direction, r, Rayleigh p, share misoriented / disoriented, and fans.
`--sweep-light` adds birth score and misorientation against the intensity of white and amber
lights. Everything lands in --out (cells.csv, summary.csv, exits/, figures); a rerun with the same
--episodes and --seed skips the cells already measured.
"""

from __future__ import annotations

import sys
import time


def add_parser(sub):
    p = sub.add_parser(
        "transfer",
        help="test genomes in other worlds: a matrix of birth scores, exit fans, light sweeps",
        description="Test genomes (.dna files or run folders) at birth in other worlds on the "
        "same held-out episodes: a matrix of birth scores (evolved in x tested in) with Wilson "
        "intervals, the median over the genomes of each source world, the test worlds' "
        "baselines, exit-bearing statistics and fans; resumable.",
    )
    p.add_argument("sources", nargs="+", metavar="RUN_OR_GENOME",
                   help="genome files or run folders")  # fmt: skip
    p.add_argument("--envs", nargs="+", default=None, metavar="ID",
                   help="test worlds (default: the sources' worlds)")  # fmt: skip
    p.add_argument("--episodes", type=int, default=500, help="held-out episodes per cell")
    p.add_argument("--seed", type=int, default=0, help="seed of the held-out episodes")
    p.add_argument("--out", default="runs/transfer", help="output folder")
    p.add_argument("--sweep-light", action="store_true",
                   help="also sweep the intensity of white and amber lights "
                   "on Hatchling-Lit-v1")  # fmt: skip
    p.add_argument("--intensities", type=float, nargs="+", default=None, metavar="I",
                   help="light intensities of the sweep "
                   "(default: 3 30 300 3000 30000)")  # fmt: skip
    p.add_argument("--threads", type=int, default=None, help="Numba threads")
    p.set_defaults(func=run)


def run(args):
    from pathlib import Path

    from instinct.errors import InstinctError

    if args.episodes < 2 or args.seed < 0:
        raise InstinctError("--episodes must be at least 2 and --seed >= 0")
    if args.intensities is not None and not all(i > 0 for i in args.intensities):
        raise InstinctError("--intensities must be positive")
    if args.threads is not None:
        from instinct.threads import set_threads

        set_threads(args.threads)
    from instinct.plots import style
    from instinct.transfer import figures, matrix, sweep
    from instinct.transfer.sources import load_sources

    t0 = time.perf_counter()
    sources = load_sources(args.sources)
    envs = args.envs or list(dict.fromkeys(s.world for s in sources))
    for env in envs:
        matrix.world_record(env)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    rows = matrix.run_matrix(sources, envs, out, args.episodes, args.seed, say)
    if args.sweep_light:
        intensities = tuple(args.intensities or sweep.INTENSITIES)
        rows = sweep.run_sweep(sources, out, args.episodes, args.seed, intensities, say)
    labels = {s.label for s in sources}
    mine = [r for r in rows if (r["kind"] == "baseline" or r["source"] in labels)
            and r["test_world"] in envs]  # fmt: skip
    groups = matrix.summary([r for r in mine if r["kind"] != "sweep"])
    _write_summary(out / "summary.csv", groups)
    written = style.save(figures.heatmap(groups, envs), out, "matrix", ("png",))
    written += style.save(figures.fans(out, mine, envs), out, "fans", ("png",))
    if args.sweep_light:
        written += style.save(figures.sweep_figure([r for r in rows if r["source"] in labels]),
                              out, "sweep-light", ("png",))  # fmt: skip
    print(format_summary(groups, envs))
    print(f"written: {out / matrix.CELLS}, {out / 'summary.csv'}, "
          + ", ".join(str(p) for p in written))  # fmt: skip
    print(f"{time.perf_counter() - t0:.0f} s")
    return 0


def _write_summary(path, groups) -> None:
    import csv
    import io

    from instinct.atomic import write_text

    if not groups:
        return
    buf = io.StringIO()
    w = csv.DictWriter(buf, list(groups[0]), lineterminator="\n")
    w.writeheader()
    for g in groups:
        w.writerow({k: f"{v:.6g}" if isinstance(v, float) else v for k, v in g.items()})
    write_text(path, buf.getvalue())


def format_summary(groups, envs) -> str:
    """The matrix as text: median success (min-max over genomes) and median misoriented share."""
    from instinct.transfer.figures import short

    rows = list(dict.fromkeys((g["kind"], g["source"]) for g in groups))
    width = max([len(s) for _, s in rows] + [12]) + 12
    lines = ["reached the sea, median over genomes (range) / misoriented, per test world",
             f"{'':<{width}}" + "".join(f"{short(e):>24}" for e in envs)]  # fmt: skip
    for kind, src in rows:
        name = f"{'evolved in ' if kind == 'genome' else 'baseline: '}{short(src)}"
        cells = []
        for env in envs:
            g = next((g for g in groups if (g["kind"], g["source"], g["test_world"])
                      == (kind, src, env)), None)  # fmt: skip
            if g is None:
                cells.append(f"{'-':>24}")
                continue
            t = f"{100 * g['success_rate_median']:.0f}%"
            if g["genomes"] > 1:
                t += f" ({100 * g['success_rate_min']:.0f}-{100 * g['success_rate_max']:.0f})"
            t += f" / {100 * g['misoriented_median']:.0f}%"
            cells.append(f"{t:>24}")
        lines.append(f"{name:<{width}}" + "".join(cells))
    return "\n".join(lines)
