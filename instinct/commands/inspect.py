"""`instinct inspect FILE`: what a genome file holds, what it grows, and what it costs in bits.

With `--birth`, the birth score: the grown network's performance at birth, with no learning, over
held-out episodes (95% CI), and its success rate where the world defines success.
"""

from __future__ import annotations

import time


def add_parser(sub):
    p = sub.add_parser(
        "inspect",
        help="show a genome file: encoding, network, genome size, compression, provenance",
        description="Show what a .dna genome file (or a run folder's best.dna) holds and "
        "grows: encoding, architecture, env, "
        "genome size in bytes (raw and zlib), the grown network's size (float32), compression, "
        "bits per parameter, decode time and provenance. --birth also measures the birth score.",
    )
    p.add_argument("file", metavar="RUN_OR_GENOME",
                   help="a .dna genome file, or a run folder (its best.dna)")  # fmt: skip
    p.add_argument("--birth", action="store_true",
                   help="measure the birth score on held-out episodes (runs the env)")  # fmt: skip
    p.add_argument("--episodes", type=int, default=200,
                   help="held-out episodes for --birth (default: %(default)s)")  # fmt: skip
    p.add_argument("--seed", type=int, default=0,
                   help="seed of the held-out episodes (default: %(default)s)")  # fmt: skip
    p.add_argument("--env", default=None, help="env to measure in (default: the genome's own)")
    p.add_argument(
        "--save", action="store_true",
        help="with --birth: store the measured birth score in the file's header",
    )  # fmt: skip
    from instinct.evaluate import path_choices

    p.add_argument("--path", default="auto", choices=path_choices(),
                   help="evaluation path for --birth (default: %(default)s)")  # fmt: skip
    p.set_defaults(func=run)


def genome_path(target: str) -> str:
    """A run folder stands for its best genome, as in watch, prune and plot."""
    from pathlib import Path

    from instinct.errors import InstinctError

    path = Path(target)
    if not path.is_dir():
        return target
    if (path / "best.dna").is_file():
        return str(path / "best.dna")
    raise InstinctError(f"{path} is a folder without best.dna (is it a run folder?)")


def describe_arch(arch) -> str:
    from instinct.nn.recurrent import net_name, recurrent_mask

    text = "-".join(map(str, arch.sizes))
    kind = net_name(arch)
    if kind == "ff":
        return (f"{text} ({arch.activation} hidden, {arch.output} output), "
                f"{arch.num_params} parameters")  # fmt: skip
    memory = int(recurrent_mask(arch).sum())
    name = {"rnn": "Elman recurrent", "gru": "GRU recurrent"}.get(kind, kind)
    return (f"{text} {kind} ({name} hidden layer, {arch.output} output), {arch.num_params} "
            f"parameters ({memory} recurrent)")  # fmt: skip


def run(args):
    from instinct.errors import InstinctError
    from instinct.genome import decode
    from instinct.genome.cost import genome_cost
    from instinct.genome.fileformat import load

    args.file = genome_path(args.file)
    genome = load(args.file)
    t0 = time.perf_counter()
    params, mask = decode(genome)
    first = time.perf_counter() - t0
    warm = _warm_decode_time(genome)
    s = genome_cost(genome)
    settings = ", ".join(f"{k}={v}" for k, v in genome.settings.items()) or "no settings"
    rows = [
        ("file", args.file),
        ("encoding", f"{genome.encoding} ({settings})"),
        ("architecture", describe_arch(genome.arch)),
        ("env", genome.env_id or "(none recorded)"),
        (
            "genome",
            f"{s['genome_bytes']} bytes raw, {s['genome_bytes_zlib']} bytes zlib "
            f"({genome.payload.dtype}[{genome.payload.size}]"
            + (" + the pruning mask)" if genome.mask is not None else ")"),
        ),  # fmt: skip
        ("description", _description_text(genome, args.file)),
        ("network", f"{s['network_bytes']} bytes (float32)"),
        ("compression", f"{s['compression']:.1f}x raw, {s['compression_zlib']:.1f}x zlib"),
        ("bits/param", f"{s['bits_per_param']:.3f} raw, {s['bits_per_param_zlib']:.3f} zlib"),
        ("decode", f"{1e3 * warm:.2f} ms (first call {1e3 * first:.1f} ms, with JIT load)"),
    ]
    if mask is not None:
        on = int((mask != 0).sum())
        text = f"{on} of {mask.size} parameters on ({100 * on / mask.size:.1f}%)"
        if genome.mask is not None:
            text += f"; the file's pruning mask adds {(mask.size + 7) // 8} bytes"
        rows.append(("mask", text))
    prov = ", ".join(f"{k}={v}" for k, v in genome.provenance.items()) or "(none)"
    rows.append(("provenance", prov))
    if genome.birth_score:
        rows.append(("birth (stored)", _birth_text(genome.birth_score)))
    if args.save and not args.birth:
        raise InstinctError("--save stores a measured birth score: add --birth")
    if args.birth:
        if args.episodes < 1:
            raise InstinctError("--episodes must be positive")
        measured = _measure(genome, params, mask, args)
        rows.append(("birth score", _birth_text(measured)))
        rows += _baseline_rows(args.env or genome.env_id)
        if args.save:
            from instinct.genome.fileformat import save

            genome.birth_score = {**measured, "heldout_seed": args.seed}
            save(genome, args.file)
            rows.append(("saved", f"birth score written into {args.file}"))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0


def _description_text(genome, file: str) -> str:
    """Description lengths in bits (instinct.genome.description) and the header apart; a seed
    chain's population comes from the run folder's config.json when the file sits in one."""
    import os

    from instinct.genome.description import description, header_bits

    population = parents = None
    if genome.encoding == "seeds":
        population, parents = _population_of(file)
    bits = description(genome, population, parents)
    text = ", ".join(f"{k} {v:.0f}" for k, v in bits.items())
    return f"{text} bits; header {header_bits(os.path.getsize(file), genome)} bits"


def _population_of(file: str):
    """(population, GA parents) of the run that wrote `file`, or (None, None)."""
    from pathlib import Path

    from instinct.errors import InstinctError
    from instinct.run import RunFolder

    run = RunFolder(Path(file).parent)
    if not run.config_path.is_file():
        return None, None
    try:
        c = run.read_config()
    except InstinctError:
        return None, None
    return c.population, c.truncation or max(2, c.population // 5)


def _warm_decode_time(genome, budget_s: float = 1.0, repeats: int = 5) -> float:
    """Best of a few decodes after the first (which loads compiled kernels)."""
    from instinct.genome import decode

    best, spent = float("inf"), 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        decode(genome)
        dt = time.perf_counter() - t0
        best, spent = min(best, dt), spent + dt
        if spent > budget_s:
            break
    return best


def _measure(genome, params, mask, args) -> dict:
    from instinct.env_ids import env_from_file
    from instinct.errors import InstinctError
    from instinct.evaluate import architecture_for_env, make_evaluator
    from instinct.evolve import birth_score
    from instinct.rng import heldout_keys

    env_id = args.env or env_from_file(genome.env_id, args.file)
    from instinct.memory import check_fits, evaluation_bytes

    check_fits({f"{args.episodes} held-out episodes": evaluation_bytes(
        1, genome.arch.num_params, args.episodes)}, "this birth score")  # fmt: skip
    want = architecture_for_env(env_id, genome.arch.hidden, genome.arch.activation)
    if want.sizes[0] != genome.arch.obs_dim or want.sizes[-1] != genome.arch.act_dim:
        raise InstinctError(
            f"{env_id} needs a network {want.sizes[0]} -> {want.sizes[-1]}, the genome grows "
            f"{genome.arch.obs_dim} -> {genome.arch.act_dim}"
        )
    evaluator = make_evaluator(env_id, genome.arch, args.path)
    try:
        keys = heldout_keys(args.seed, args.episodes)
        masks = None if mask is None else mask[None]
        return birth_score(evaluator, params[None], masks, keys)
    finally:
        evaluator.close()


def _number(x) -> float:
    """A stored score as a float: a number, or null / "nan" / "inf" for a non-finite one."""
    try:
        return float(x) if x is not None and not isinstance(x, bool) else float("nan")
    except (TypeError, ValueError, OverflowError):
        return float("nan")


def _baseline_rows(env_id: str) -> list[tuple[str, str]]:
    """The world's baselines beside the birth score (a table in runs/baselines/ measured by
    `instinct baselines`, else the one that ships), or nothing where there is none."""
    from instinct.baselines import reference_lines

    table = reference_lines(env_id, out="runs")
    if not table:
        return []
    rows = []
    for r in table:
        text = (f"{100 * r['success_rate']:.1f}% (95% CI {100 * r['success_lo']:.1f}-"
                f"{100 * r['success_hi']:.1f}%), return {r['mean_return']:.3f}, "
                f"{r['bits']:.0f} bits, {int(r['episodes'])} held-out episodes")  # fmt: skip
        rows.append((f"baseline: {r['name']}", text))
    return rows


def _birth_text(b: dict) -> str:
    lo, hi = map(_number, b.get("ci95", [None, None]))
    text = (f"mean return {_number(b.get('mean_return')):.3f} (95% CI {lo:.3f}-{hi:.3f}) "
            f"over {b.get('episodes', '?')} held-out episodes")  # fmt: skip
    if "success_rate" in b:
        slo, shi = (100 * _number(x) for x in b.get("success_ci95", [None, None]))
        text += f"; success {100 * _number(b['success_rate']):.1f}% (95% CI {slo:.1f}-{shi:.1f}%)"
    return text
