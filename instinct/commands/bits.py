"""`instinct bits`: the central experiment as one command. What does an instinct cost in bits?

For each encoding, evolve under a range of genome sizes, several seeds each, and report the birth
score (held-out performance at birth, no learning) against the genome's size in bits. Encodings with
a size knob (cppn, gnet) get one cell per size: the largest generator that fits the byte budget
("full" = as many bytes as the float32 network). Encodings whose size the network fixes (direct: 4D
bytes, mask: D/8, seeds: 4 per generation) get one cell at their own size.

    runs/bits-<name>/
      <encoding>-<bytes>-s<seed>/   one `instinct evolve` run folder per cell
      bits.csv                      one row per finished cell
      bits.png                      birth score against genome bits, one line per encoding

A rerun skips finished cells (result.json exists) and resumes unfinished ones from their checkpoint.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sys
from pathlib import Path

from instinct.backends import BACKENDS
from instinct.cli import DefaultsFormatter
from instinct.files import read_json

CSV_COLUMNS = [
    "encoding", "target_bytes", "genome_bytes", "genome_bytes_zlib", "genome_bits", "params",
    "seed", "birth_mean", "birth_ci_lo", "birth_ci_hi", "success_rate", "success_ci_lo",
    "success_ci_hi", "run", "hidden", "description_bits", "description_kind", "header_bits",
    "quant_k", "quant_scores",
]  # fmt: skip
PASSED = ("env", "strategy", "generations", "population", "episodes", "hidden", "sigma",
          "heldout_episodes", "checkpoint_every", "path")  # fmt: skip


def add_parser(sub):
    p = sub.add_parser(
        "bits",
        help="sweep encodings x genome sizes x seeds; birth score against genome bits",
        description="For each encoding, evolve under a range of genome sizes with several seeds "
        "and write bits.csv and bits.png under OUT/bits-NAME. Resumable: rerun to continue.",
        formatter_class=DefaultsFormatter,
    )
    p.add_argument("--name", default="sweep", help="sweep name: the folder is OUT/bits-NAME")
    p.add_argument("--out", default="runs", help="folder that holds the sweep folder")
    p.add_argument("--encodings", default="cppn,gnet,mask,direct", help="comma separated")
    p.add_argument("--sizes", default="64,256,1024,4096",
                   help="genome byte budgets for cppn/gnet ('full': the network's)")  # fmt: skip
    p.add_argument("--seeds", type=int, default=2, help="seeds per cell (0..N-1)")
    p.add_argument("--hidden-sizes", default=None, metavar="LIST",
                   help="architectures to sweep, e.g. none,8,32,32x32 (default: --hidden's one); "
                   "cells are then named <encoding>-<bytes>-h<sizes>-s<seed>")  # fmt: skip
    p.add_argument("--tolerance", type=float, default=0.05,
                   help="quantised description lengths: the smallest k-bit genome whose held-out "
                   "mean return drops at most this fraction below the float32 one")  # fmt: skip
    p.add_argument("--config", default=None, help="TOML with any other evolve setting")
    p.add_argument("--threads", type=int, default=None, help="Numba threads")
    p.add_argument("--backend", default="local", choices=BACKENDS,
                   help="where genomes are evaluated, as for instinct evolve (results do not "
                   "depend on it; docs/backends.md)")  # fmt: skip
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes or Ray actors (default: the cores, or the cluster's "
                   "CPUs)")  # fmt: skip
    p.add_argument("--address", default=None, metavar="auto|HOST:PORT",
                   help="Ray cluster to join, as for instinct evolve")  # fmt: skip
    defaults = {"generations": 20, "population": 64, "episodes": 4, "heldout_episodes": 100,
                "checkpoint_every": 5}  # fmt: skip
    for name in PASSED:
        flag = f"--{name.replace('_', '-')}"
        p.add_argument(flag, dest=name, default=defaults.get(name),
                       help="as for instinct evolve" + ("" if name in defaults else
                                                        " (default: evolve's)"))  # fmt: skip
    p.set_defaults(func=run)


def plan(args, arch) -> list[tuple[str, str, dict]]:
    """Cells before seeds: (encoding, size label, config overrides), duplicates dropped."""
    from instinct.errors import InstinctError
    from instinct.genome import ENCODINGS

    encodings = [e for e in args.encodings.replace(" ", "").split(",") if e]
    sizes = [s for s in args.sizes.replace(" ", "").split(",") if s]
    cells, seen = [], set()
    for enc in encodings:
        if enc not in ENCODINGS:
            raise InstinctError(f"unknown encoding {enc!r}; choose from {', '.join(ENCODINGS)}")
        cls = ENCODINGS[enc]
        if not hasattr(cls, "settings_for_bytes"):
            cells.append((enc, "natural", {"encoding": enc}))
            continue
        for size in sizes:
            target = 4 * arch.num_params if size == "full" else _bytes(size)
            try:
                s = cls.settings_for_bytes(arch, target)
            except InstinctError as e:
                print(f"skipping {enc} at {size} bytes: {e}", file=sys.stderr)
                continue
            key = (enc, s["width"], s["depth"])
            if key not in seen:
                seen.add(key)
                over = {"encoding": enc, "genome_width": s["width"], "genome_depth": s["depth"]}
                cells.append((enc, size, over))
    if not cells:
        raise InstinctError("the sweep has no cells")
    return cells


def _bytes(text: str) -> int:
    from instinct.errors import InstinctError

    try:
        value = int(text)
    except ValueError:
        raise InstinctError(
            f"bad genome size {text!r} (want bytes, e.g. 1024, or 'full')"
        ) from None
    if value < 1:
        raise InstinctError(f"genome size must be positive, got {value}")
    return value


def run(args):
    from instinct.backends import check
    from instinct.config import build_config
    from instinct.errors import InstinctError
    from instinct.evaluate import architecture_for_env

    if args.seeds < 1:
        raise InstinctError("--seeds must be positive")
    check(args.backend, args.workers)
    from instinct.config import plain_name

    if not args.name or not plain_name(args.name):
        raise InstinctError(f"bad --name {args.name[:80]!r}: one folder name (no / or \\, not ..)")
    if args.threads is not None:
        from instinct.threads import set_threads

        set_threads(args.threads)
    passed = {k: getattr(args, k) for k in PASSED if getattr(args, k) is not None}
    base = build_config(args.config, **passed)
    root = Path(args.out) / f"bits-{args.name}"
    hiddens = hidden_sizes(args.hidden_sizes) if args.hidden_sizes else [None]
    grid = []
    for hidden in hiddens:
        arch = architecture_for_env(base.env, base.hidden if hidden is None else hidden,
                                    base.activation)  # fmt: skip
        from instinct.memory import check_evolve

        check_evolve(base, arch.num_params, arch.num_params)  # the largest cell: direct, G = D
        extra = {} if hidden is None else {"hidden": hidden}
        grid += [(enc, size, {**over, **extra}) for enc, size, over in plan(args, arch)]
    cells = [(*cell, seed) for seed in range(args.seeds) for cell in grid]
    net = "-".join(map(str, arch.sizes)) + (" and others" if len(hiddens) > 1 else "")
    print(f"bits sweep {root}: {len(cells)} cells on {base.env}\n"
          f"  network {net} ({arch.num_params} parameters), {base.strategy}, "
          f"{base.population} genomes, {base.generations} generations", flush=True)  # fmt: skip
    from instinct.lock import hold

    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InstinctError(f"cannot create {root}: {e.strerror}") from None
    with hold(root, "bits folder"):
        rows = []
        for n, (enc, size, over, seed) in enumerate(cells, 1):
            config = build_config(args.config, **passed, **over, seed=seed, out=str(root))
            cell_arch = architecture_for_env(config.env, config.hidden, config.activation)
            name = _cell_name(config, enc, size, cell_arch)
            if args.hidden_sizes:
                name = name.replace(f"-s{config.seed}", f"-h{_hidden_tag(config.hidden)}"
                                    f"-s{config.seed}")  # fmt: skip
            config = dataclasses.replace(config, name=name)
            backend = (args.backend, args.workers, args.address)
            row = run_cell(config, f"[{n}/{len(cells)}]", size, backend)
            rows.append({**row, **describe_cell(config, args.tolerance)})
            write_csv(root / "bits.csv", rows)
        write_figure(root / "bits.png", rows)
        write_frontier(root, rows, base.env)
    print(
        f"wrote {root / 'bits.csv'}, {root / 'bits.png'}, {root / 'frontier.png'} and "
        f"{root / 'frontier.json'}"
    )
    return 0


def hidden_sizes(text: str) -> list[tuple[int, ...]]:
    """'none,8,32,32x32' -> [(), (8,), (32,), (32, 32)]: architectures for --hidden-sizes."""
    from instinct.config import parse_hidden
    from instinct.errors import InstinctError

    out = []
    for part in (p for p in text.replace(" ", "").split(",") if p):
        out.append(() if part.lower() in ("none", "0") else parse_hidden(part.replace("x", ",")))
    if not out:
        raise InstinctError(f"bad --hidden-sizes {text[:80]!r} (want e.g. none,8,32,32x32)")
    return list(dict.fromkeys(out))


def _hidden_tag(hidden) -> str:
    return "x".join(map(str, hidden)) or "none"


def describe_cell(config, tolerance: float) -> dict:
    """The cell's description-length columns (instinct.genome.description): for float genomes
    the smallest k-bit size that keeps the held-out score within `tolerance` (measured once and
    kept in the cell's description.json), the entropy-coded mask, or the seed chain's index."""
    import os

    from instinct.atomic import write_text
    from instinct.genome.description import description, header_bits, headline
    from instinct.genome.fileformat import load
    from instinct.run import RunFolder

    run = RunFolder(Path(config.out) / config.run_name())
    genome = load(run.best_path)
    parents = config.truncation or max(2, config.population // 5)
    bits = description(genome, config.population, parents)
    kind = next(k for k in ("mask_entropy", "chain_index", "float32", "raw_chain") if k in bits)
    total, k, scores = headline(genome, bits), "", ""
    if kind == "float32":
        from instinct.genome.quantcheck import checked_bits

        cache = run.path / "description.json"
        saved = read_json(cache, "description") if cache.is_file() else {}
        if saved.get("tolerance") != tolerance or "scores" not in saved:
            saved = {"tolerance": tolerance, "scores": _quant_scores(config, genome)}
            write_text(cache, json.dumps(saved, indent=2) + "\n")
        total, k = checked_bits(genome, saved["scores"], tolerance)
        kind = f"q{k}" if k < 32 else "float32"
        scores = " ".join(f"{key}:{v:.3f}" for key, v in saved["scores"].items())
    return {
        "hidden": _hidden_tag(config.hidden), "description_bits": round(total, 3),
        "description_kind": kind, "header_bits": header_bits(os.path.getsize(run.best_path),
                                                             genome),
        "quant_k": k, "quant_scores": scores,
    }  # fmt: skip


def _quant_scores(config, genome) -> dict:
    """Held-out mean return of the genome at float32 and at each k (the run's held-out keys)."""
    from instinct.evaluate import make_evaluator
    from instinct.genome.quantcheck import quantised_scores
    from instinct.rng import heldout_keys

    evaluator = make_evaluator(config.env, genome.arch, config.path, config.max_steps or None)
    try:
        return quantised_scores(
            genome, evaluator, heldout_keys(config.seed, config.heldout_episodes)
        )
    finally:
        evaluator.close()


def write_frontier(root: Path, rows: list[dict], env_id: str) -> None:
    """frontier.png (score against description bits, Pareto front per encoding, baselines) and
    frontier.json (per encoding: the fewest description bits reaching 90% of the best score)."""
    from instinct.atomic import write_text
    from instinct.baselines import reference_lines
    from instinct.frontier import cell_means, first_reaching, pareto, score_key
    from instinct.plots.frontier import write_frontier_figure

    key = score_key(rows)
    points = cell_means(rows, key)
    summary = first_reaching(points)
    summary["score"] = key
    summary["pareto"] = {enc: pareto([p for p in points if p["encoding"] == enc])
                         for enc in dict.fromkeys(p["encoding"] for p in points)}  # fmt: skip
    write_text(root / "frontier.json", json.dumps(summary, indent=2) + "\n")
    baselines = reference_lines(env_id, out=root.parent) or []
    write_frontier_figure(root / "frontier.png", points, key, baselines)
    for enc, hit in summary["encodings"].items():
        text = (
            "never"
            if hit is None
            else f"{hit['bits']:.0f} bits ({key} {hit['score']:.3f}, hidden {hit['hidden']})"
        )
        print(f"{enc}: first reaches 90% of the best {key} "
              f"({summary['best_score']:.3f}) at {text}")  # fmt: skip


def _cell_name(config, enc: str, size: str, arch) -> str:
    """<encoding>-<bytes>-s<seed>: the budget for sized cells, the genome's own size otherwise."""
    if size == "natural":
        import numpy as np

        from instinct.genome import make_encoding, settings_from_config

        e = make_encoding(enc, arch, **settings_from_config(config))
        dtype = np.dtype(getattr(e, "payload_dtype", np.float32))
        size = (
            "chain"
            if e.uses_chain
            else str(getattr(e, "payload_size", e.genome_dim) * dtype.itemsize)
        )
    return f"{enc}-{size}-s{config.seed}"


def run_cell(config, label: str, size: str, backend=("local", None, None)) -> dict:
    """Evolve one cell (or resume it, or read it when done); its bits.csv row. `backend`:
    (--backend, --workers, --address), each cell with its own pool of workers."""
    from instinct.errors import InstinctError
    from instinct.genome.cost import genome_cost
    from instinct.genome.fileformat import load
    from instinct.run import RunFolder

    run = RunFolder(Path(config.out) / config.run_name())
    if not run.result_path.is_file():
        _evolve(config, run, label, backend)
    elif _same(run.read_config(), config) is False:  # never mix settings in one bits.csv
        raise InstinctError(
            f"{run.path} was evolved with other settings; rerun with those or choose another --name"
        )
    else:
        print(f"{label} {run.path.name}: done, skipped", flush=True)
    result = read_json(run.result_path, "run result")
    genome = load(run.best_path)
    s = genome_cost(genome)
    ci = result.get("ci95", [None, None])
    sci = result.get("success_ci95", [None, None])
    return {
        "encoding": config.encoding, "target_bytes": "" if size == "natural" else size,
        "genome_bytes": s["genome_bytes"], "genome_bytes_zlib": s["genome_bytes_zlib"],
        "genome_bits": 8 * s["genome_bytes"], "params": genome.arch.num_params,
        "seed": config.seed, "birth_mean": result["mean_return"], "birth_ci_lo": ci[0],
        "birth_ci_hi": ci[1], "success_rate": result.get("success_rate", ""),
        "success_ci_lo": sci[0] if sci[0] is not None else "",
        "success_ci_hi": sci[1] if sci[1] is not None else "", "run": run.path.name,
    }  # fmt: skip


def _same(a, b) -> bool:
    """Equal configs (as JSON, so that nan equals nan)."""
    return json.dumps(a.to_dict(), sort_keys=True) == json.dumps(b.to_dict(), sort_keys=True)


def _evolve(config, run, label: str, backend=("local", None, None)) -> None:
    from instinct.atomic import write_text
    from instinct.backends import distribute
    from instinct.errors import InstinctError
    from instinct.evolve import build, final_genome, run_generations
    from instinct.genome import fileformat
    from instinct.interrupt import deferring_ctrl_c
    from instinct.reporters import Checkpointer, MetricsWriter
    from instinct.resume import restore

    if run.path.exists():
        if run.config_path.is_file() and run.read_config().hash() != config.hash():
            raise InstinctError(f"{run.path} holds a different config; choose another --name")
    else:
        run.path.mkdir(parents=True)
    run.claim()  # also clears what interrupted writes left in the cell
    try:
        run.write_config(config)
        exp = deferring_ctrl_c(build, config, run)  # compiles: a Ctrl-C must not be lost
        try:
            exp.evaluator = distribute(exp.evaluator, *backend)
        except BaseException:
            exp.evaluator.close()
            raise
        reporters = [CellProgress(label), MetricsWriter(), Checkpointer(config.checkpoint_every)]
        try:  # the evaluator (a backend's pool of workers) is closed however the cell ends
            state, start = restore(exp)
            state = run_generations(exp, state, start, reporters)
            genome = final_genome(exp, state)  # the final pick, with its held-out birth score
        finally:
            exp.evaluator.close()
        result = genome.birth_score
        fileformat.save(genome, run.best_path)
        write_text(run.result_path, json.dumps(result, indent=2) + "\n")
    finally:
        run.release()
    mean = result["mean_return"]
    text = "birth score not a finite number" if mean is None else f"birth score {mean:.3f}"
    if result.get("success_rate") is not None:
        text += f", success {100 * result['success_rate']:.1f}%"
    print(f"{label} {run.path.name}: {text}", flush=True)


class CellProgress:
    """One line per cell; on a terminal it counts generations in place. (The hooks of
    instinct.reporters.Reporter, not imported here so that `instinct --help` stays light.)"""

    def __init__(self, label: str, stream=None):
        self.label, self.stream = label, stream or sys.stdout
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def on_start(self, exp, start):
        verb = "resuming" if start else "evolving"
        print(f"{self.label} {exp.run.path.name}: {verb} ({exp.encoding.genome_dim} genome "
              f"numbers)", file=self.stream, flush=True)  # fmt: skip

    def on_generation(self, exp, row, state):
        if self.tty:
            g, last = row["generation"], exp.config.generations - 1  # from 0, as metrics.csv
            print(f"\r\033[K  gen {g}/{last}  best {row['best']:.3f}", end="" if g < last
                  else "\n", file=self.stream, flush=True)  # fmt: skip

    def on_interrupt(self, exp, generation, state):
        print("\ninterrupted; rerun the same instinct bits command to continue",
              file=self.stream, flush=True)  # fmt: skip

    def on_end(self, exp, state, result):
        pass


def write_csv(path: Path, rows: list[dict]) -> None:
    from instinct.atomic import write_text

    buf = io.StringIO()
    writer = csv.DictWriter(buf, CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    write_text(path, buf.getvalue())


def write_figure(path: Path, rows: list[dict]) -> None:
    """Birth score against genome bits per encoding (instinct.plots.sweep, the house style)."""
    from instinct.plots.sweep import write_sweep_figure

    write_sweep_figure(path, rows)
