"""`instinct evolve`: evolve genomes in an env and write a run folder."""

from __future__ import annotations

import argparse
import json
import sys

from instinct.backends import BACKENDS
from instinct.config import FIELDS, build_config, choices_of, help_of
from instinct.errors import InstinctError

RESUMABLE = {"generations"}  # settings a resumed run may change


def add_parser(sub):
    p = sub.add_parser(
        "evolve",
        help="evolve genomes in an env (default: the Hatchling world)",
        description="Evolve genomes in a Gymnasium env and write a run folder under --out. "
        "Settings come from the defaults, then --config FILE.toml, then flags.",
    )
    p.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS,
                   help="TOML file with any of the settings below")  # fmt: skip
    p.add_argument("--resume", metavar="RUN", default=argparse.SUPPRESS,
                   help="continue the stopped run in this folder")  # fmt: skip
    p.add_argument("--threads", type=int, default=argparse.SUPPRESS,
                   help="Numba threads (results do not depend on it; default: all cores)",
                   )  # fmt: skip
    p.add_argument("--backend", default="local", choices=BACKENDS,
                   help="where genomes are evaluated (results do not depend on it; "
                   "docs/backends.md; default: local)")  # fmt: skip
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes or Ray actors (default: the cores, or the "
                   "cluster's CPUs)")  # fmt: skip
    p.add_argument("--address", default=None, metavar="auto|HOST:PORT",
                   help="Ray cluster to join (default: RAY_ADDRESS, a local `ray start`, else a "
                   "new local one)")  # fmt: skip
    p.add_argument("--plot", action="store_true", default=argparse.SUPPRESS,
                   help="refresh RUN/plots/fitness.png every few generations")  # fmt: skip
    for name, f in FIELDS.items():
        default = ",".join(map(str, f.default)) if name == "hidden" else f.default
        choices = choices_of(f)
        extra = f" [{'|'.join(choices)}]" if choices else ""
        p.add_argument(
            f"--{name.replace('_', '-')}",
            dest=name,
            metavar=name.upper(),
            default=argparse.SUPPRESS,
            help=f"{help_of(f)}{extra} (default: {default})",
        )
    p.set_defaults(func=run)


def _config(args):
    from instinct.run import RunFolder

    overrides = {k: getattr(args, k) for k in FIELDS if hasattr(args, k)}
    if hasattr(args, "resume"):
        fixed = sorted(set(overrides) - RESUMABLE)
        if fixed or hasattr(args, "config"):
            bad = ", ".join(f"--{k.replace('_', '-')}" for k in fixed) or "--config"
            raise InstinctError(f"a resumed run keeps its config; cannot change {bad}")
        run = RunFolder.open(args.resume)
        config = run.read_config(**overrides)
        run.claim()  # one writer at a time; released when the process ends, however it ends
        try:
            done = len(run.read_metrics())
            if config.generations < done:
                raise InstinctError(f"{run.path} has already run {done} generations; "
                                    f"--generations must be at least that")  # fmt: skip
            if overrides:
                run.write_config(config)
        except BaseException:
            run.release()
            raise
        return config, run
    return build_config(getattr(args, "config", None), **overrides), None


def run(args):
    if hasattr(args, "threads"):
        from instinct.threads import set_threads

        set_threads(args.threads)
    from instinct.backends import check, distribute

    check(args.backend, args.workers)
    config, run_folder = _config(args)  # a resumed run's folder comes locked

    from instinct.envguard import EnvFailure
    from instinct.evolve import build
    from instinct.interrupt import deferring_ctrl_c
    from instinct.run import RunFolder

    try:
        exp = deferring_ctrl_c(build, config)  # compiles: a Ctrl-C there must not be lost
        exp.evaluator = distribute(exp.evaluator, args.backend, args.workers, args.address)
        exp.run = run_folder or RunFolder.create(config)
    except BaseException:
        if run_folder is not None:
            run_folder.release()
        raise
    try:
        return _evolve(args, exp)
    except EnvFailure as e:
        hint = getattr(e, "hint", "fix the env")
        raise EnvFailure(f"{e} (run {exp.run.path} kept: {hint}, then "
                         f"instinct evolve --resume {exp.run.path})") from None  # fmt: skip
    finally:
        exp.run.release()


def _evolve(args, exp):
    from instinct.atomic import write_text
    from instinct.evolve import final_genome, run_generations, stop_fitness
    from instinct.genome import fileformat
    from instinct.reporters import Checkpointer, MetricsWriter, ProgressPrinter
    from instinct.resume import restore

    config = exp.config
    rows_before = len(exp.run.read_metrics())
    complete = exp.run.complete_generations()
    newest = max(exp.run.checkpoint_generations(), default=0)
    state, start = restore(exp)
    if start == 0 and rows_before:
        print(f"warning: no usable checkpoint in {exp.run.path}: evolving again from generation 0",
              file=sys.stderr)  # fmt: skip
    elif newest > complete:
        print(f"warning: {exp.run.metrics_path} lacks the row of generation {complete}: resuming "
              f"from the checkpoint after generation {start} to regenerate the rows",
              file=sys.stderr)  # fmt: skip
    reporters = [ProgressPrinter(), MetricsWriter(), Checkpointer(config.checkpoint_every)]
    if getattr(args, "plot", False):
        from instinct.plots.reporter import PlotReporter

        reporters.append(PlotReporter())
    try:
        last = exp.run.read_metrics()[-1:]
        if last and float(last[0]["median"]) >= stop_fitness(exp):
            print(f"{exp.run.path} already reached its stop target at generation {start}")
        elif start < config.generations:
            state = run_generations(exp, state, start, reporters)
        else:
            print(f"{exp.run.path} has already run {start} generations")
        try:
            genome = final_genome(exp, state)
        except KeyboardInterrupt:
            print(f"interrupted before the final held-out score; finish with: "
                  f"instinct evolve --resume {exp.run.path}", flush=True)  # fmt: skip
            raise
    finally:
        exp.evaluator.close()
    result = genome.birth_score
    fileformat.save(genome, exp.run.best_path)
    write_text(
        exp.run.result_path, json.dumps(_with_baselines(result, config.env), indent=2) + "\n"
    )
    print(_summary(exp, result))
    return 0


def _with_baselines(result: dict, env_id: str) -> dict:
    """result.json quotes the world's shipped baseline table beside the score, where one ships
    (`instinct baselines` measures it; a world without one keeps its result.json as before)."""
    from instinct.baselines import reference_lines

    rows = reference_lines(env_id, shipped_only=True)
    if not rows:
        return result
    lines = {
        r["name"]: {
            "success_rate": r["success_rate"],
            "success_ci95": [r["success_lo"], r["success_hi"]],
            "mean_return": r["mean_return"],
            "bits": r["bits"],
            "episodes": int(r["episodes"]),
        }
        for r in rows
    }
    return {**result, "baselines": lines}


def _summary(exp, result) -> str:
    if result["mean_return"] is None:  # NaN or inf rewards: stored as null
        return (f"done: {exp.run.path}\nbest genome {exp.run.best_path} on {result['episodes']} "
                "held-out episodes: mean return is not a finite number (the env gave NaN or "
                "infinite rewards)")  # fmt: skip
    lo, hi = (float("nan") if x is None else x for x in result["ci95"])
    text = (
        f"done: {exp.run.path}\n"
        f"best genome {exp.run.best_path} on {result['episodes']} held-out episodes: "
        f"mean return {result['mean_return']:.3f} (95% CI [{lo:.3f}, {hi:.3f}])"
    )
    if result.get("success_rate") is not None:
        world = getattr(exp.evaluator, "world", None)
        what = world.outcomes[world.success] if world is not None else "succeeded"
        text += f", {100 * result['success_rate']:.1f}% {what}"
    return text
