"""`instinct prune`: where does the instinct live? Lottery-ticket pruning of a born network."""

from __future__ import annotations

from instinct.cli import DefaultsFormatter
from instinct.errors import InstinctError

METHODS = ("strong", "imp", "supermask")


def add_parser(sub):
    p = sub.add_parser(
        "prune",
        help="find the sparse subnetwork (lottery ticket) where an instinct lives",
        description="Prune a run's best genome, a .dna genome file, or (with --env) a fresh random "
        "network, level by level, and measure the birth score at each sparsity beside four "
        "controls on the same held-out episodes. Output: <run>/lottery/ (or --out); a rerun "
        "skips finished levels. See docs/lottery.md.",
        formatter_class=DefaultsFormatter,
    )
    p.add_argument(
        "source",
        nargs="?",
        metavar="RUN_OR_GENOME",
        help="run folder or .dna genome file (omit with --env)",
    )
    p.add_argument(
        "--method",
        choices=METHODS,
        default="strong",
        help="strong: prune the born network, no evolution; imp: prune, rewind, "
        "re-evolve the survivors; supermask: fixed weights, evolve only the mask",
    )
    p.add_argument("--levels", type=int, default=10, help="pruning levels after the dense one")
    p.add_argument(
        "--remaining",
        default="",
        metavar="FRACTIONS",
        help="explicit levels instead of --levels/--rate: fractions of the weights kept, "
        "decreasing, e.g. 0.2,0.05",
    )
    p.add_argument(
        "--rate", type=float, default=0.2, help="fraction of the remaining weights pruned per level"
    )
    p.add_argument(
        "--scope",
        choices=("global", "layer"),
        default="global",
        help="rank weights across the whole network or within each layer",
    )
    p.add_argument(
        "--seeds",
        type=int,
        default=3,
        help="prune/control seeds (seed, seed+1, ...): paired ticket - control intervals over "
        "them (10 or more for a figure you publish)",
    )
    p.add_argument("--seed", type=int, default=0, help="first seed")
    p.add_argument(
        "--episodes", type=int, default=200, help="held-out episodes per network and level"
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        default=None,
        help="lottery folder (default: RUN/lottery, or runs/prune-<name>/lottery)",
    )
    g = p.add_argument_group("a fresh random network (no RUN_OR_GENOME)")
    g.add_argument("--env", default=None, help="env id of the random network")
    g.add_argument("--hidden", default="32,32", help="hidden layer sizes")
    g.add_argument("--activation", default="tanh", help="hidden activation")
    g.add_argument("--weight-seed", type=int, default=0, help="seed its weights grow from")
    e = p.add_argument_group("evolution (imp, supermask, --during); 0 or '': the source's setting")
    e.add_argument("--generations", type=int, default=0, help="generations per evolution")
    e.add_argument("--population", type=int, default=0, help="genomes per generation")
    e.add_argument(
        "--train-episodes", type=int, default=0, help="episodes per genome per generation"
    )
    e.add_argument(
        "--strategy", default="", help="search strategy, as for evolve (supermask default: es)"
    )
    e.add_argument(
        "--sigma",
        type=float,
        default=0.0,
        help="mutation / perturbation s.d. (supermask default: 0.1 on the scores)",
    )
    e.add_argument(
        "--rewind",
        choices=("birth", "best"),
        default="birth",
        help="imp: rewind survivors to the generation-0 ancestor or to the network pruned",
    )
    e.add_argument(
        "--score-init",
        choices=("auto", "magnitude", "random"),
        default="auto",
        help="supermask: scores start at the weights' magnitudes or at random (auto: random "
        "for a fresh random network, magnitude otherwise)",
    )
    d = p.add_argument_group("sparsity during evolution")
    d.add_argument(
        "--during",
        action="store_true",
        help="evolve from scratch with sparsity pressure instead of pruning levels",
    )
    d.add_argument(
        "--sparsity-cost",
        type=float,
        default=0.0,
        help="fitness cost per fraction of weights active",
    )
    d.add_argument(
        "--prune-rate",
        type=float,
        default=0.01,
        help="chance that one mutation removes a connection",
    )
    p.add_argument(
        "--threads", type=int, default=None, help="Numba threads (results do not depend on it)"
    )
    p.set_defaults(func=run)


def _hidden(text: str) -> tuple[int, ...]:
    from instinct.config import parse_hidden

    return parse_hidden(text)


def _remaining(text: str) -> tuple[float, ...]:
    from instinct.lottery.prune import check_remaining

    if not text.strip():
        return ()
    try:
        values = [float(f) for f in text.split(",")]
    except ValueError:
        raise InstinctError(f"--remaining takes fractions like 0.2,0.05, got {text!r}") from None
    return check_remaining(values)


def _check(args) -> None:
    args.remaining = _remaining(args.remaining)
    if args.remaining:
        args.levels = len(args.remaining)
    if not 0.0 < args.rate < 1.0:
        raise InstinctError(f"--rate must be between 0 and 1 (exclusive), got {args.rate:g}")
    if args.levels < 0:
        raise InstinctError(f"--levels must be >= 0, got {args.levels}")
    if args.seeds < 1:
        raise InstinctError(f"--seeds must be >= 1, got {args.seeds}")
    if args.episodes < 1:
        raise InstinctError(f"--episodes must be >= 1, got {args.episodes}")
    for flag in ("seed", "weight_seed"):  # seeds name folders and seed PCG64: keep them 63-bit
        if not 0 <= getattr(args, flag) < 2**63:
            raise InstinctError(f"--{flag.replace('_', '-')} must be in [0, 2**63)")
    for flag in ("generations", "population", "train_episodes"):
        if getattr(args, flag) < 0:
            raise InstinctError(f"--{flag.replace('_', '-')} must be >= 0")
    if not 0 <= args.sigma < float("inf"):  # also refuses nan
        raise InstinctError(f"--sigma must be a finite number >= 0, got {args.sigma:g}")
    if not 0 <= args.sparsity_cost < float("inf") or not 0 <= args.prune_rate < 0.5:
        raise InstinctError("--sparsity-cost must be finite and >= 0, --prune-rate in [0, 0.5)")
    from instinct.strategies import strategies, strategy_class

    if args.strategy and args.strategy not in strategies():
        raise InstinctError(
            f"--strategy must be one of {', '.join(strategies())}, got {args.strategy!r}"
        )
    # refused before any level is computed or written: each strategy checks its population
    named = args.strategy or ("es" if args.method == "supermask" else "")
    if args.population and args.population < 2:
        raise InstinctError(f"--population {args.population}: the search needs at least 2")
    if args.population and named:
        strategy_class(named)(args.population)
    if args.source is not None and args.env is not None:
        raise InstinctError("give either RUN_OR_GENOME or --env, not both")
    if args.during and args.method != "strong":
        raise InstinctError("--during evolves with sparsity pressure; it takes no --method")
    if args.sparsity_cost < 0:
        raise InstinctError(f"--sparsity-cost must be >= 0, got {args.sparsity_cost:g}")
    if not 0.0 < args.prune_rate < 0.5:
        raise InstinctError(f"--prune-rate must be in (0, 0.5), got {args.prune_rate:g}")


def run(args):
    _check(args)
    if args.threads is not None:
        from instinct.threads import set_threads

        set_threads(args.threads)
    from pathlib import Path

    from instinct.evaluate import architecture_for_env, make_evaluator
    from instinct.lottery import runner, source
    from instinct.lottery.methods import Settings

    src = source.load(
        args.source,
        env=args.env,
        hidden=_hidden(args.hidden),
        activation=args.activation,
        weight_seed=args.weight_seed,
    )
    if args.method == "imp":  # refuse before the prune folder is claimed
        from instinct.lottery.evolving import check_param_encoding

        check_param_encoding(src.encoding)
    arch, config = src.genome.arch, src.config
    env_arch = architecture_for_env(config.env, arch.hidden, arch.activation)
    if (env_arch.obs_dim, env_arch.act_dim) != (arch.obs_dim, arch.act_dim):
        raise InstinctError(
            f"the network ({arch.obs_dim} in, {arch.act_dim} out) does not fit {config.env} "
            f"({env_arch.obs_dim} in, {env_arch.act_dim} out)"
        )
    from instinct.memory import check_fits, evaluation_bytes

    search = args.population or config.population
    check_fits({  # before any level is computed: the held-out scores, then a search generation
        f"held-out scores ({args.episodes} episodes)": evaluation_bytes(
            8 * args.seeds, arch.num_params, args.episodes),
        f"a search generation ({search} networks)": 4 * evaluation_bytes(
            search, arch.num_params, args.train_episodes or config.episodes),
    }, "this prune")  # fmt: skip
    out = Path(args.out) if args.out else src.default_out
    evaluator = make_evaluator(config.env, arch, config.path, config.max_steps or None)
    base = dict(
        method=args.method,
        levels=args.levels,
        rate=args.rate,
        scope=args.scope,
        episodes=args.episodes,
        generations=args.generations,
        population=args.population,
        train_episodes=args.train_episodes,
        strategy=args.strategy,
        sigma=args.sigma,
        rewind=args.rewind,
        score_init=args.score_init,
        remaining=args.remaining,
    )
    seeds = range(args.seed, args.seed + args.seeds)
    try:
        how = (
            f"during evolution, cost {args.sparsity_cost:g}, prune rate {args.prune_rate:g}"
            if args.during
            else f"{args.method} | {args.scope} scope, rate {args.rate:g}"
        )
        net = "-".join(map(str, arch.sizes))
        print(f"pruning {src.label} ({config.env})\n"
              f"  network  {net}, {arch.num_weights} weights\n  method   {how}\n"
              f"  scoring  {args.episodes} held-out episodes, seeds {seeds.start}-{seeds.stop - 1}"
              f"\n  into     {out}", flush=True)  # fmt: skip
        if args.method == "supermask" and not args.during:
            print("supermask: each level also searches 5 control networks with the ticket's "
                  "budget (6 searches per level)", flush=True)  # fmt: skip
        curves, records = [], {}
        for seed in seeds:
            settings = Settings(seed=seed, **base)
            if args.seeds > 1:
                print(f"seed {seed}", flush=True)
            if args.during:
                runner.run_during(
                    src, settings, args.sparsity_cost, args.prune_rate, out, evaluator, log=_log
                )
                continue
            records[seed] = runner.LevelRunner(src, settings, out, evaluator, log=_log).run()
            curves.append(runner.curve_rows(records[seed]))
    except KeyboardInterrupt:
        print(f"interrupted: finished levels are kept in {out}; rerun the same command to resume",
              flush=True)  # fmt: skip
        raise
    finally:
        evaluator.close()
    if records:
        from instinct.lottery.paired import table

        path = runner.write_result(out, Settings(**base), records)
        name = runner.prune_name(Settings(**base))
        import json

        print(table(json.loads(path.read_text())["prunes"][name]))
        print(f"paired comparison: {path} (prune {name!r})")
    if len(curves) > 1:
        path = runner.write_summary(out, Settings(**base), curves)
        print(summary_text(runner.summarize(curves)))
        print(f"summary over seeds {seeds.start}..{seeds.stop - 1}: {path}")
    elif curves:
        print(f"done: {out / Settings(seed=args.seed, **base).tag()}/curve.csv")
    return 0


def _log(line: str) -> None:
    print(line, flush=True)


def summary_text(rows: list[dict]) -> str:
    from instinct.lottery.controls import CONTROLS

    # controls by their first word (random_mask -> random), so that the table fits 80 columns
    head = f"{'level':>5} {'weights':>8} {'birth median [min, max]':>23} " + " ".join(
        f"{c.split('_')[0]:>9}" for c in CONTROLS
    )
    lines = [head]
    for r in rows:
        birth = (
            f"{r['birth_mean_median']:.3f} [{r['birth_mean_min']:.3f}, {r['birth_mean_max']:.3f}]"
        )
        ctrl = " ".join(f"{r.get(f'{c}_mean_median', float('nan')):>9.3f}" for c in CONTROLS)
        lines.append(
            f"{r['level']:>5} {100 * r['weights_remaining_median']:7.1f}% {birth:>23} {ctrl}"
        )
    return "\n".join(lines)
