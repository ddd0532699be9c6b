"""`instinct bench`: agent-steps/s of the fused path, the Gymnasium path and (optionally) the
hand-tuned Numba reference and a feed-forward network beside a recurrent one, interleaved over
rounds in one run, on two workloads.

Every contender runs the same networks on the same episodes; rates are min / median over all
repetitions of all rounds, ratios are the median over rounds of each round's median ratio to the
fused path. The fused and gym paths' returns are compared too.
"""

from __future__ import annotations

import numpy as np

WORKLOADS = ("balanced", "gen0")


def add_parser(sub):
    p = sub.add_parser(
        "bench",
        help="measure agent-steps/s of the fused and the Gymnasium evaluation paths",
        description="Evaluate one population of networks on the same episodes through the fused "
        "Numba kernel, Gymnasium's vector API and optionally the hand-tuned reference; print "
        "agent-steps/s (min / median over interleaved rounds) and ratios to the fused path.",
    )
    p.add_argument("--env", default="instinct/Hatchling-v0", help="env id (default: %(default)s)")
    p.add_argument("--population", type=int, default=256, help="networks (default: %(default)s)")
    p.add_argument("--episodes", type=int, default=1, help="episodes each (default: %(default)s)")
    p.add_argument("--hidden", default="32,32", help="hidden sizes (default: %(default)s)")
    p.add_argument("--net", default="ff", choices=("ff", "rnn", "gru"),
                   help="network kind (default: %(default)s)")  # fmt: skip
    p.add_argument(
        "--against-ff", default="", metavar="HIDDEN",
        help="also time a feed-forward network with these hidden sizes on the same episodes, "
        "interleaved, and print the speed ratio (e.g. one of as many parameters)",
    )  # fmt: skip
    p.add_argument("--workloads", default=None,
                   help="comma-separated: balanced (full-length episodes; feed-forward networks "
                   "only), gen0 (random networks) (default: both for ff, gen0 otherwise)",
                   )  # fmt: skip
    p.add_argument("--rounds", type=int, default=3,
                   help="interleaved rounds (default: %(default)s)")  # fmt: skip
    p.add_argument("--repeats", type=int, default=3,
                   help="timed repetitions per round (default: %(default)s)")  # fmt: skip
    p.add_argument("--min-seconds", type=float, default=0.3,
                   help="least time per repetition (default: %(default)s)")  # fmt: skip
    p.add_argument("--gym-population", type=int, default=32,
                   help="networks for the (slow) Gymnasium path, the first of the population; its "
                   "rate is per agent-step, so comparable (default: %(default)s)")  # fmt: skip
    p.add_argument("--no-gym", action="store_true", help="skip the Gymnasium path")
    p.add_argument("--reference", metavar="PATH", default=None,
                   help="shared/peers/bench_numba.py: add its tuned float32 kernel (CartPole, "
                   "4-H-H-2 networks)")  # fmt: skip
    p.add_argument("--scaling", action="store_true",
                   help="also time the fused path over population and episode length")  # fmt: skip
    p.add_argument("--seed", type=int, default=0, help="seed (default: %(default)s)")
    p.set_defaults(func=run)


def _check(args) -> list[str]:
    from instinct.errors import InstinctError

    sizes = (args.population, args.episodes, args.rounds, args.repeats, args.gym_population)
    if min(sizes) < 1 or not args.min_seconds > 0:
        raise InstinctError(
            "population, episodes, rounds, repeats, gym-population and min-seconds must be positive"
        )
    if not 0 <= args.seed < 2**63:
        raise InstinctError(f"--seed must be a whole number in [0, 2**63), got {args.seed}")
    default = "balanced,gen0" if args.net == "ff" else "gen0"
    workloads = [w for w in (args.workloads or default).split(",") if w]
    bad = sorted(set(workloads) - set(WORKLOADS))
    if bad or not workloads:
        raise InstinctError(f"unknown workload {', '.join(bad) or '(none)'}; use balanced, gen0")
    if "balanced" in workloads and args.net != "ff":
        raise InstinctError("the balanced workload embeds a controller in a feed-forward network; "
                            "use --workloads gen0 with --net rnn or gru")  # fmt: skip
    return workloads


def _network(args, hidden: str, net: str):
    """(architecture, fused evaluator, gen0 population, balanced(workload) -> population)."""
    from instinct.config import parse_hidden
    from instinct.evaluate import architecture_for_env, make_evaluator
    from instinct.nn.recurrent import kind_for

    arch = architecture_for_env(args.env, parse_hidden(hidden), "tanh", kind_for(net))
    arch.layers()  # a recurrent kind with two hidden layers is refused here
    return arch, make_evaluator(args.env, arch, path="fused")


def _population(name, arch, fused, args, keys):
    """(f32[P, D], mean episode length) of one workload."""
    from instinct.benchmark import workloads as wl

    if name == "gen0":
        params = wl.gen0(arch, args.population, args.seed)
        return params, float(fused.evaluate(params, None, keys).lengths.mean())
    return wl.balanced(arch, args.population, args.seed, fused, keys)


def run(args):
    import numba

    from instinct.benchmark.timing import interleaved, ratio_of_medians_per_round
    from instinct.errors import InstinctError
    from instinct.memory import check_fits, evaluation_bytes
    from instinct.rng import episode_keys
    from instinct.worlds import start_states, world_for

    names = _check(args)
    world = world_for(args.env)
    if world is None:
        raise InstinctError(f"{args.env} has no fused core to compare; see `instinct envs`")
    reference = None
    if args.reference:
        from instinct.benchmark import reference as ref

        reference = ref.load(args.reference, args.env)
    arch, fused = _network(args, args.hidden, args.net)
    most = 4 * args.population if args.scaling else args.population
    check_fits({"the population's evaluation": 2 * evaluation_bytes(most, arch.num_params,
                args.episodes)}, "this benchmark")  # fmt: skip
    keys = episode_keys(args.seed, 0, args.episodes)
    fused.warm_up()
    ff = _network(args, args.against_ff, "ff") if args.against_ff else None
    gym = None if args.no_gym else _gym(args, arch)
    print(f"{args.env}: P={args.population} E={args.episodes} network {arch.sizes} {args.net} "
          f"({arch.num_params} params), T<={fused.max_steps}, Numba threads "
          f"{numba.get_num_threads()}, {args.rounds} rounds x {args.repeats} repeats")  # fmt: skip
    if ff is not None:
        print(f"against: network {ff[0].sizes} ff ({ff[0].num_params} params)")
    for name in names:
        params, mean_len = _population(name, arch, fused, args, keys)
        contenders = {"fused": lambda p=params: fused.evaluate(p, None, keys).agent_steps}
        if ff is not None:
            ff_params, _ = _population(name, *ff, args, keys)
            contenders["ff"] = lambda p=ff_params: ff[1].evaluate(p, None, keys).agent_steps
        if gym is not None:
            few = params[: args.gym_population]
            same = _same(fused, gym, few, keys)
            contenders["gym"] = lambda p=few: gym.evaluate(p, None, keys).agent_steps
        if reference is not None:
            starts = start_states(world, keys)
            contenders["reference"], _ = ref.reference_rollout(
                reference, arch, params, starts, fused.max_steps
            )
        rates = interleaved(contenders, args.rounds, args.repeats, args.min_seconds)
        print(f"\n{name}: mean episode length {mean_len:.1f}")
        for who, r in rates.items():
            ratio = ratio_of_medians_per_round(r, rates["fused"], args.rounds)
            lo, mid = np.min(r) / 1e6, np.median(r) / 1e6
            print(f"  {who:<10} min {lo:7.3f} M/s  median {mid:7.3f} M/s   {ratio:8.3f}x fused"
                  f"   fused/{who} {1 / ratio:8.2f}x")  # fmt: skip
        if ff is not None:
            ratio = 1 / ratio_of_medians_per_round(rates["ff"], rates["fused"], args.rounds)
            print(f"  ratio {args.net}/ff agent-steps/s: {ratio:.2f}")
        if gym is not None:
            print(f"  fused and gym returns identical (first {len(few)} networks): {same}")
    if gym is not None:
        gym.close()
    if args.scaling:
        _scaling(args, arch, fused, keys)
    return 0


def _gym(args, arch):
    from instinct.evaluate import make_evaluator

    return make_evaluator(args.env, arch, path="gym")


def _same(fused, gym, params, keys) -> bool:
    a, b = fused.evaluate(params, None, keys), gym.evaluate(params, None, keys)
    return bool(np.array_equal(a.returns, b.returns) and np.array_equal(a.lengths, b.lengths))


def _scaling(args, arch, base, keys):
    """Fused seconds per evaluation over population (full length) and over the step limit."""
    from instinct.benchmark import workloads as wl
    from instinct.evaluate import make_evaluator

    print("\nscaling (fused): seconds per evaluation, agent-steps/s")
    if args.net == "ff":
        params, _ = wl.balanced(arch, 4 * args.population, args.seed, base, keys)
    else:
        params = wl.gen0(arch, 4 * args.population, args.seed)
    for pop in (args.population // 4, args.population // 2, args.population, 2 * args.population,
                4 * args.population):  # fmt: skip
        if pop >= 1:
            _scaling_row(f"P={pop} T={base.max_steps}", base, params[:pop], keys, args)
    for frac in (0.125, 0.25, 0.5, 1.0):
        ev = make_evaluator(args.env, arch, path="fused",
                            max_steps=max(1, int(frac * base.max_steps)))  # fmt: skip
        _scaling_row(f"P={args.population} T={ev.max_steps}", ev, params[: args.population], keys,
                     args)  # fmt: skip


def _scaling_row(label, evaluator, params, keys, args):
    from instinct.benchmark.timing import timed

    steps_per_eval = evaluator.evaluate(params, None, keys).agent_steps
    runs = [timed(lambda: evaluator.evaluate(params, None, keys).agent_steps, args.min_seconds)
            for _ in range(args.repeats)]  # fmt: skip
    seconds, steps = max(runs, key=lambda r: r[1] / r[0])  # the fastest repetition
    per_eval = seconds * steps_per_eval / steps
    print(f"  {label:<18} {steps_per_eval:>10} agent-steps  {per_eval * 1e3:9.2f} ms"
          f"  {steps / seconds / 1e6:7.3f} M/s")  # fmt: skip
